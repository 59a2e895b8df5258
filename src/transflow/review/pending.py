"""`transflow review --list`: the segments still waiting for review, for scripts."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from transflow.po.catalog import active_entries, catalog_path, load_catalog
from transflow.project.project import Project
from transflow.review.session import REVIEWED, provenance, segment_state


@dataclass
class PendingSegment:
    catalog: str  # path relative to the project root
    line: int  # line of the entry's msgid in the catalog, for editors and `file:line` links
    slug: str
    lang: str
    state: str  # untranslated | machine | changed
    msgid: str
    msgstr: str
    previous_msgid: str | None
    occurrences: list[str]  # "sources/<file>:<line>"
    provenance: list[str]
    note: str

    def as_dict(self) -> dict:
        return asdict(self)


def pending_segments(
    project: Project, article: str | None = None, langs: list[str] | None = None
) -> list[PendingSegment]:
    """Every non-reviewed segment of the chosen catalogs, in document order.

    Catalogs are read from `translations/<lang>/`; an article may be named by slug or by its
    source path. Missing catalogs are skipped (`transflow status` reports them).
    """
    targets = project.targets(langs)
    slugs: list[str] | None = None
    if article is not None:
        slugs = [article]
        if not any(catalog_path(project.translations_dir, t, article).exists() for t in targets):
            from transflow.extract.sources import load_articles

            slugs = [
                a.slug
                for a in load_articles(project.sources_dir, project.source_language, [article])
            ]
    found = []
    for lang in targets:
        if slugs is None:
            paths = sorted((project.translations_dir / lang).glob("*.po"))
        else:
            paths = [catalog_path(project.translations_dir, lang, s) for s in slugs]
        for path in paths:
            if not path.exists():
                continue
            for entry in active_entries(load_catalog(path)):
                state = segment_state(entry)
                if state == REVIEWED:
                    continue
                found.append(
                    PendingSegment(
                        catalog=project.relative(path),
                        line=entry.linenum,
                        slug=path.stem,
                        lang=lang,
                        state=state,
                        msgid=entry.msgid,
                        msgstr=entry.msgstr,
                        previous_msgid=entry.previous_msgid or None,
                        occurrences=[f"{f}:{n}" if n else f for f, n in entry.occurrences],
                        provenance=provenance(entry),
                        note=entry.tcomment or "",
                    )
                )
    return found
