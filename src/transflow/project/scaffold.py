"""`transflow init`: scaffold a new project folder."""

from __future__ import annotations

from pathlib import Path

from transflow.project.config import CONFIG_NAME, default_config_text
from transflow.project.errors import ConfigError
from transflow.project.fsutil import atomic_write_text
from transflow.project.languages import normalize_language

GITIGNORE = "# transflow caches: safe to delete at any time\n.transflow/\n"


def init_project(
    folder: Path, targets: list[str], source: str = "en", name: str | None = None
) -> list[Path]:
    """Create transflow.toml and the standard folders; refuses to touch an existing project."""
    folder = folder.resolve()
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
    created = []
    text = default_config_text(tags, source, name or folder.name)
    atomic_write_text(config_file, text)
    created.append(config_file)
    for sub in ("sources", "translations", "glossary"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        created.append(folder / sub)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        atomic_write_text(ignore, GITIGNORE)
        created.append(ignore)
    return created
