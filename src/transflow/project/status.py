"""`transflow status`: how far each article is in each language, read from the PO files."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from transflow.extract.sources import parse_article
from transflow.po.conventions import State, entry_state
from transflow.po.reader import read_po
from transflow.project.project import CatalogFile, Project


@dataclass
class StatusRow:
    slug: str
    lang: str
    catalog: str  # path relative to the project root
    segments: int
    untranslated: int
    unreviewed: int
    reviewed: int
    stale: bool  # the catalog does not match the source: run `transflow extract`

    @property
    def percent_reviewed(self) -> float:
        return round(100.0 * self.reviewed / self.segments, 1) if self.segments else 100.0

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "percent_reviewed": self.percent_reviewed}


@dataclass
class StatusReport:
    rows: list[StatusRow] = field(default_factory=list)
    orphans: list[CatalogFile] = field(default_factory=list)


def project_status(
    project: Project, select: list[str] | None = None, langs: list[str] | None = None
) -> StatusReport:
    """One row per article x target language. A missing catalog counts as all untranslated."""
    walk = project.catalogs(select, langs)
    report = StatusReport(orphans=walk.orphans)
    sentences: dict[str, set[str]] = {}
    for ref in walk.catalogs:
        if ref.slug not in sentences:
            article = parse_article(ref.source.path, project.source_language)
            sentences[ref.slug] = {seg.text for seg in article.segments()}
        wanted = sentences[ref.slug]
        counts = dict.fromkeys(State, 0)
        if ref.exists:
            # a plural entry of no sentence is none of the article's segments (extract keeps
            # it as it is): it counts neither as a segment nor as a sign of staleness
            items = [i for i in read_po(ref.path).items if not i.msgid_plural or i.msgid in wanted]
            for item in items:
                counts[entry_state(item)] += 1
            stale = {i.msgid for i in items} != wanted
            total = len(items)
        else:
            counts[State.UNTRANSLATED] = total = len(wanted)
            stale = True
        report.rows.append(
            StatusRow(
                ref.slug,
                ref.lang,
                project.relative(ref.path),
                total,
                counts[State.UNTRANSLATED],
                counts[State.MACHINE] + counts[State.CHANGED],
                counts[State.REVIEWED],
                stale,
            )
        )
    return report
