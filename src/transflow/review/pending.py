"""`transflow review --list`: the segments still waiting for review, for scripts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from transflow.po.conventions import entry_state, previous_source, provenance
from transflow.po.reader import read_po
from transflow.project.errors import CatalogError
from transflow.project.project import CatalogFile, Project


@dataclass
class PendingSegment:
    catalog: str  # path relative to the project root
    line: int  # the entry's first line in the catalog, for editors and `file:line` links
    slug: str
    lang: str
    state: str  # untranslated | machine | changed
    msgid: str
    msgstr: str
    previous_msgid: str | None
    occurrences: list[str]  # "sources/<file>:<line>"
    provenance: list[str]
    note: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class PendingReport:
    segments: list[PendingSegment] = field(default_factory=list)
    orphans: list[CatalogFile] = field(default_factory=list)


def pending_segments(
    project: Project, article: str | None = None, langs: list[str] | None = None
) -> PendingReport:
    """Every non-reviewed segment of the chosen catalogs, language by language, in document
    order. An article may be named by slug or by its source path. A catalog not extracted
    yet is a CatalogError: every segment of it is pending, and a list without them would
    tell a script that nothing is left to review."""
    walk = project.catalogs([article] if article else None, langs)
    report = PendingReport(orphans=walk.orphans)
    for ref in walk.by_language():
        if not ref.exists:
            raise CatalogError(
                f"does not exist: {project.relative(ref.source.path)} has no catalog in "
                f"{ref.lang} yet, so its pending segments cannot be listed.",
                path=project.relative(ref.path),
                hint="Run `transflow extract` first, then list again.",
            )
        for item in read_po(ref.path).items:
            state = entry_state(item)
            if not state.pending:
                continue
            report.segments.append(
                PendingSegment(
                    catalog=project.relative(ref.path),
                    line=item.start_line,
                    slug=ref.slug,
                    lang=ref.lang,
                    state=state.value,
                    msgid=item.msgid,
                    msgstr=item.msgstr,
                    previous_msgid=previous_source(item),
                    occurrences=[f"{f}:{n}" if n else f for f, n in item.occurrences],
                    provenance=provenance(item),
                    note=item.tcomment,
                )
            )
    return report
