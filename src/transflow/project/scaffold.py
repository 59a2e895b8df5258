"""`transflow init`: scaffold a new project folder."""

from __future__ import annotations

from pathlib import Path

from transflow.project.config import CONFIG_NAME, default_config_text
from transflow.project.errors import ConfigError, shown
from transflow.project.fsutil import TEMP_SUFFIX, WriteBatch
from transflow.project.languages import normalize_language

GITIGNORE = (
    "# transflow caches: safe to delete at any time\n.transflow/\n"
    f"# what an interrupted write left behind (the next run removes it)\n*{TEMP_SUFFIX}\n"
)
FOLDERS = ("sources", "translations", "glossary")


def init_project(
    folder: Path, targets: list[str], source: str = "en", name: str | None = None
) -> list[Path]:
    """Create transflow.toml, the standard folders and a .gitignore (and `folder` itself if
    missing); refuses to touch an existing project. Everything is one batch of the writer,
    so an init that fails (a file where a folder must be, a read-only folder) leaves nothing
    behind and can simply be run again."""
    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise ConfigError(
            "is a file, not a folder.",
            path=shown(folder),
            hint="`transflow init DIR` makes the folder DIR a project (creating it if "
            "missing): give a folder, or move the file.",
        )
    config_file = folder / CONFIG_NAME
    if config_file.exists():
        raise ConfigError(
            "already exists: this folder is a transflow project.",
            path=config_file,
            hint="Edit it instead, or choose another folder.",
        )
    source = normalize_language(source)
    tags = [normalize_language(t) for t in targets]
    if source in tags:
        raise ConfigError(f"the source language {source} cannot also be a target.")
    batch = WriteBatch()
    batch.write_text(config_file, default_config_text(tags, source, name or folder.name))
    created = [config_file]
    for sub in FOLDERS:
        batch.make_folder(folder / sub)
        created.append(folder / sub)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        batch.write_text(ignore, GITIGNORE)
        created.append(ignore)
    batch.commit()
    return created
