"""The loaded project: where its folders are, which languages it targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transflow.project.errors import LanguageError
from transflow.project.languages import normalize_language

CONFIG_NAME = "transflow.toml"


@dataclass
class Project:
    """A loaded, validated project: its root, languages, settings and folders."""

    root: Path
    source_language: str
    target_languages: list[str]
    name: str = "transflow project"
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.root / CONFIG_NAME

    def folder(self, name: str) -> Path:
        """Absolute path of a `[paths]` entry (sources, translations, glossary, editions)."""
        return self.root / self.settings["paths"][name]

    @property
    def sources_dir(self) -> Path:
        return self.folder("sources")

    @property
    def translations_dir(self) -> Path:
        return self.folder("translations")

    def targets(self, langs: list[str] | None = None) -> list[str]:
        """The requested target languages (all by default), each checked against the project."""
        if not langs:
            return list(self.target_languages)
        chosen = []
        for tag in langs:
            norm = normalize_language(tag)
            if norm not in self.target_languages:
                raise LanguageError(
                    f"{norm} is not a target language of this project.",
                    path=self.path,
                    hint=f"Targets: {', '.join(self.target_languages)}; add it to "
                    "target_languages in transflow.toml first.",
                )
            if norm not in chosen:
                chosen.append(norm)
        return chosen

    def relative(self, path: Path) -> str:
        """Path as written in PO occurrences and messages: relative to the root, '/' separated."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
