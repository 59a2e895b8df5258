"""The loaded project: where its folders are, which languages it targets, and the one walk
over its catalogs (`Project.catalogs`): every article in every target language, plus the
catalogs on disk that belong to no article or target language (orphans)."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transflow.project.errors import LanguageError, PathError, SourceWarning, shown
from transflow.project.languages import normalize_language

if TYPE_CHECKING:
    from transflow.extract.sources import SourceFile

CONFIG_NAME = "transflow.toml"


@dataclass(frozen=True)
class CatalogFile:
    """A catalog's place: `translations/<lang>/<slug>.po`."""

    lang: str
    slug: str
    path: Path  # may not exist yet (`transflow extract` creates it)

    @property
    def exists(self) -> bool:
        return self.path.is_file()


@dataclass(frozen=True)
class CatalogRef(CatalogFile):
    """The catalog of one article in one target language."""

    source: SourceFile


@dataclass
class CatalogWalk:
    """The catalogs a command works on, and the orphans it reports (never touches)."""

    languages: list[str]  # the chosen target languages, in project order
    sources: list[SourceFile]  # every source article of the project (chosen or not)
    catalogs: list[CatalogRef]  # article by article (sources order), each in every language
    orphans: list[CatalogFile]  # catalogs on disk of no article or of no target language
    files: list[CatalogFile]  # every catalog on disk in the chosen languages (and articles)

    def by_language(self) -> list[CatalogRef]:
        """The catalogs language by language (project order), articles in sources order."""
        rank = {lang: i for i, lang in enumerate(self.languages)}
        return sorted(self.catalogs, key=lambda r: rank[r.lang])

    def files_in(self, lang: str) -> list[CatalogFile]:
        return [found for found in self.files if found.lang == lang]


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
        return self.root / str(self.settings["paths"][name])

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

    def input_kind(self, path: Path) -> str | None:
        """What `path` is to the project when the project reads it (its settings, a glossary
        file, anything in its sources, translations, templates or tm folder), else None: an
        output written there (an export, a check baseline) would overwrite the project's
        own input."""
        target = path.resolve()
        if target == self.path.resolve():
            return "the project's settings"
        if target.parent == self.folder("glossary").resolve() and target.suffix == ".csv":
            return "a glossary file of the project"
        for name in ("sources", "translations", "templates", "tm"):
            if target.is_relative_to(self.folder(name).resolve()):
                return f"in the project's {name} folder"
        return None

    def guard_export(self, output: Path, force: bool) -> None:
        """Refuse an export's `--output` that the project reads, unless `force`."""
        what = self.input_kind(output)
        if what is not None and not force:
            raise PathError(
                f"--output is {what}: the export would overwrite what the project reads.",
                path=shown(output),
                hint="Add --force to overwrite it anyway, or write the export elsewhere (to "
                "standard output with --output -).",
            )

    def relative(self, path: Path) -> str:
        """Path as written in PO occurrences and messages: relative to the root, '/' separated.
        A symbolic link in the project is named where it is, wherever it points."""
        here, root = os.path.abspath(path), os.path.abspath(self.root)
        prefix = root if root.endswith(os.sep) else root + os.sep
        if here.startswith(prefix):  # the usual case: no look at the disk
            return here[len(prefix) :].replace(os.sep, "/")
        if here == root:
            return "."
        resolved, resolved_root = path.resolve(), self.root.resolve()
        if resolved.is_relative_to(resolved_root):
            return resolved.relative_to(resolved_root).as_posix()
        return path.as_posix()

    def catalog_path(self, lang: str, slug: str) -> Path:
        """Where the catalog of an article in a language lives (whether it exists or not)."""
        return self.translations_dir / lang / f"{slug}.po"

    def catalogs(
        self,
        select: list[str] | None = None,
        langs: list[str] | None = None,
        *,
        sources_required: bool = True,
    ) -> CatalogWalk:
        """The catalogs of the selected articles (slugs or source paths; all by default) in
        the selected target languages (all by default), the files on disk among them, and
        the orphans: a catalog whose language is no target (reported without a language
        choice) or whose slug is no article's (reported without an article choice).

        `sources_required=False` is for commands that read catalogs only (check, the
        translation memory): without a sources folder, every catalog on disk is read and
        none can be called an orphan.

        A file in the sources folder that is no source (`a.docx`) is reported as a
        `SourceWarning` naming it and the kinds transflow reads, never skipped silently."""
        from transflow.extract.sources import (
            SUPPORTED,
            list_sources,
            select_sources,
            unknown_sources,
        )

        targets = self.targets(langs)
        known = sources_required or self.sources_dir.is_dir()
        sources = list_sources(self.sources_dir) if known else []
        for path in unknown_sources(self.sources_dir) if known else []:
            warnings.warn(
                SourceWarning(
                    f"{self.relative(path)} is skipped: a source is {SUPPORTED}; convert "
                    f"it, or move it out of {self.relative(self.sources_dir)}/."
                ),
                stacklevel=2,
            )
        chosen = select_sources(sources, select, self.relative(self.sources_dir))
        refs = [
            CatalogRef(lang, s.slug, self.catalog_path(lang, s.slug), s)
            for s in chosen
            for lang in targets
        ]
        slugs = {s.slug for s in chosen}
        orphans: list[CatalogFile] = []
        files: list[CatalogFile] = []
        if self.translations_dir.is_dir():
            for path in sorted(self.translations_dir.glob("*/*.po")):
                found = CatalogFile(path.parent.name, path.stem, path)
                if found.lang not in self.target_languages:
                    if not langs and known:
                        orphans.append(found)
                elif found.lang in targets and (not select or found.slug in slugs):
                    files.append(found)
                    if known and found.slug not in slugs:
                        orphans.append(found)
        return CatalogWalk(targets, sources, refs, orphans, files)
