"""The project: `transflow.toml`, found by walking up from the working directory like git.

The schema is a table (`SCHEMA`) so a later stage adds its settings in one place. Every
error names the file, the line of the offending key and the accepted values.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from transflow.project.errors import ConfigError, LanguageError, ProjectNotFoundError
from transflow.project.fsutil import read_utf8
from transflow.project.languages import normalize_language
from transflow.project.project import CONFIG_NAME, Project

Validator = Callable[[Any], Any]


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty string")
    return value


def _relative_path(value: Any) -> str:
    folder = _string(value)
    if Path(folder).is_absolute() or ".." in Path(folder).parts:
        raise ValueError("expected a folder inside the project (relative, without '..')")
    return folder


def _language(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('expected a language code string such as "en"')
    try:
        return normalize_language(value)
    except LanguageError as exc:
        raise ValueError(exc.message) from None


def _languages(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueError('expected a non-empty list of language codes, e.g. ["ko", "zh"]')
    tags = [_language(v) for v in value]
    if len(set(tags)) != len(tags):
        raise ValueError("lists a language twice")
    return tags


def _int_between(low: int, high: int) -> Validator:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value

    return check


def _number_between(low: float, high: float) -> Validator:
    def check(value: Any) -> float:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not low <= value <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}")
        return float(value)

    return check


def _ratio(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError("expected a number from 0 (off) to 100")
    return float(value)


def _optional_folder(value: Any) -> str | None:
    return None if value in ("", None) else _string(value)


def _url(value: Any) -> str:
    url = _string(value)
    if not re.match(r"^(https?|file)://", url):
        raise ValueError("expected an http://, https:// or file:// URL")
    return url


def _source_url(value: Any) -> str:
    """Empty, or an http(s) URL holding {slug}: it becomes a link on every page, so nothing a
    browser would run (`javascript:`, `data:`) and no blank or control character."""
    if value == "":
        return ""
    url = value if isinstance(value, str) else ""
    parts = urlsplit(url)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or "{slug}" not in url
        or re.search(r"[\x00-\x20\x7f]", url)
    ):
        raise ValueError(
            'expected an http:// or https:// URL holding {slug}, e.g. "https://news.example/{slug}"'
        )
    return url


def _choice(*choices: str) -> Validator:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return str(value)

    return check


ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"

# section -> key -> (validator, default). A default of `...` means required.
SCHEMA: dict[str, dict[str, tuple[Validator, Any]]] = {
    "project": {
        "name": (_string, "transflow project"),
        "source_language": (_language, "en"),
        "target_languages": (_languages, ...),
    },
    "paths": {
        "sources": (_relative_path, "sources"),
        "translations": (_relative_path, "translations"),
        "glossary": (_relative_path, "glossary"),
        "editions": (_relative_path, "editions"),
        "templates": (_relative_path, "templates"),  # HTML templates overriding the packaged
    },
    # Machine translation (issue 3): Argos packages run with CTranslate2; see README.
    "engine": {
        "threads": (_int_between(0, 256), 0),  # 0 = one per usable CPU core
        "beam_size": (_int_between(1, 16), 4),  # as argostranslate
        "max_batch_tokens": (_int_between(16, 65536), 2048),
        "max_decoding_length": (_int_between(1, 4096), 256),  # absolute cap, in tokens
        "decoding_length_ratio": (_ratio, 2.0),  # cap = ratio x input tokens + 10; 0 = off
        "compute_type": (
            _choice("auto", "default", "int8", "int8_float32", "int16", "float32"),
            "auto",
        ),
        "models_dir": (_optional_folder, None),  # extra package folder, relative to project
        "index_url": (_url, ARGOS_INDEX_URL),
        # What a package (.argosmodel) may unpack to: a limit on the total and on the ratio to
        # the file's size, against zip bombs (issue 11). Real packages: < 1 GB at ~1.1:1.
        "max_package_gb": (_number_between(0.001, 1024), 8),
        "max_package_ratio": (_number_between(1, 100000), 100),
    },
    # Publishing (issue 6): where the HTML editions link for the source-language original.
    "publish": {
        "source_url": (_source_url, ""),  # "" = a relative link to the source file
    },
    # Review (issue 5): who `transflow review` records as reviewer (else git's user.name).
    "review": {
        "reviewer": (_string, ""),  # "Name" or "Name <email>"; --reviewer overrides it
    },
}


def _key_line(text: str, section: str, key: str | None) -> int | None:
    """Line number of `key` in `[section]` (or of the section header): tomllib keeps none."""
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if header:
            current = header.group(1)
            if key is None and current == section:
                return number
            continue
        if current == section and key and re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return None


def parse_config(root: Path, text: str) -> Project:
    """Validate the text of a transflow.toml that lives in `root`."""
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        if match:
            line = int(match.group(1))
        else:  # "at end of document": the construct left open runs to the last line
            line = len(text.rstrip("\n").split("\n"))
        raise ConfigError(
            f"is not valid TOML ({exc}).",
            path=path,
            line=line,
            hint="Fix the syntax; `transflow init` writes a commented example.",
        ) from None

    settings: dict[str, dict[str, Any]] = {}
    for section, value in data.items():
        if section not in SCHEMA:
            raise ConfigError(
                f"unknown section [{section}].",
                path=path,
                line=_key_line(text, section, None),
                hint=f"Accepted sections: {', '.join(f'[{s}]' for s in SCHEMA)}.",
            )
        if not isinstance(value, dict):
            raise ConfigError(f"'{section}' must be a table ([{section}]).", path=path)
    for section, keys in SCHEMA.items():
        given = data.get(section, {})
        values: dict[str, Any] = {}
        for key, raw in given.items():
            if key not in keys:
                raise ConfigError(
                    f"unknown key '{key}' in [{section}].",
                    path=path,
                    line=_key_line(text, section, key),
                    hint=f"Accepted keys: {', '.join(keys)}.",
                )
            try:
                values[key] = keys[key][0](raw)
            except ValueError as exc:
                raise ConfigError(
                    f"bad value for '{key}' in [{section}]: {exc}",
                    path=path,
                    line=_key_line(text, section, key),
                ) from None
        for key, (_, default) in keys.items():
            if key not in values:
                if default is ...:
                    raise ConfigError(
                        f"[{section}] needs '{key}'.",
                        path=path,
                        line=_key_line(text, section, None),
                        hint='Example: target_languages = ["ko", "zh"]',
                    )
                values[key] = default
        settings[section] = values

    project = settings["project"]
    if project["source_language"] in project["target_languages"]:
        raise ConfigError(
            f"the source language {project['source_language']} is also a target language.",
            path=path,
            line=_key_line(text, "project", "target_languages"),
        )
    return Project(
        root=root,
        name=project["name"],
        source_language=project["source_language"],
        target_languages=project["target_languages"],
        settings=settings,
    )


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding transflow.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectNotFoundError(
        f"no {CONFIG_NAME} in {here} or any folder above it.",
        hint="Run `transflow init` to create a project, or pass --project DIR.",
    )


def load_project(project: Path | None = None) -> Project:
    """Load the project at `project` (a folder holding transflow.toml), else walk up from cwd."""
    if project is not None:
        root = Path(project).resolve()
        if not (root / CONFIG_NAME).is_file():
            raise ProjectNotFoundError(
                f"{root} holds no {CONFIG_NAME}.",
                hint="Pass the folder that holds it, or run `transflow init DIR`.",
            )
    else:
        root = find_project_root()
    path = root / CONFIG_NAME
    return parse_config(root, read_utf8(path, ConfigError, "Save it as UTF-8."))


def default_config_text(targets: list[str], source: str = "en", name: str = "news") -> str:
    """The commented transflow.toml that `transflow init` writes."""
    langs = ", ".join(f'"{t}"' for t in targets)
    return f"""# transflow project settings. Paths are relative to this file.

[project]
name = "{name}"
# BCP 47 codes that Babel knows: en, ko, zh, zh-Hans, zh-Hant, ja, es, fr, de, ...
source_language = "{source}"
target_languages = [{langs}]

[paths]
sources = "sources"            # articles: <slug>.md (YAML front matter) or <slug>.txt (wire)
translations = "translations"  # translations/<lang>/<slug>.po, one PO file per article
glossary = "glossary"          # glossary/*.csv, one concept per row
editions = "editions"          # published output
"""
