"""`transflow review --list`: the segments still waiting for review, for scripts.

In document order, or riskiest first (`--order risk`, the app's order: see `risk`), which
runs the checks over the listed catalogs first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.po.conventions import entry_state, previous_source, provenance
from transflow.po.reader import POItem, read_po
from transflow.project.choices import ReviewOrder
from transflow.project.errors import CatalogError
from transflow.project.project import CatalogFile, Project
from transflow.review.risk import Risk, Tier, assess_catalog, sort_key, unmet_terms

if TYPE_CHECKING:
    from transflow.checks import Finding


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
    risk: Risk | None = None  # with --order risk

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        if self.risk is None:
            del out["risk"]
        else:
            out["risk"] = self.risk.as_dict()
        return out


@dataclass
class PendingReport:
    segments: list[PendingSegment] = field(default_factory=list)
    orphans: list[CatalogFile] = field(default_factory=list)


def pending_segments(
    project: Project,
    article: str | None = None,
    langs: list[str] | None = None,
    order: ReviewOrder = ReviewOrder.DOCUMENT,
) -> PendingReport:
    """Every non-reviewed segment of the chosen catalogs: language by language in document
    order, or all of them riskiest first. An article may be named by slug or by its source
    path. A catalog not extracted yet is a CatalogError: every segment of it is pending, and
    a list without them would tell a script that nothing is left to review."""
    walk = project.catalogs([article] if article else None, langs)
    report = PendingReport(orphans=walk.orphans)
    refs = walk.by_language()
    for ref in refs:
        if not ref.exists:
            raise CatalogError(
                f"does not exist: {project.relative(ref.source.path)} has no catalog in "
                f"{ref.lang} yet, so its pending segments cannot be listed.",
                path=project.relative(ref.path),
                hint="Run `transflow extract` first, then list again.",
            )
    catalogs = [(ref, read_po(ref.path).items) for ref in refs]
    risks = _risks(project, catalogs) if order is ReviewOrder.RISK else {}
    for ref, items in catalogs:
        for item in items:
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
                    risk=risks.get((ref.path, item.line)),
                )
            )
    if order is ReviewOrder.RISK:
        report.segments.sort(key=lambda p: sort_key(p.risk) if p.risk else (len(Tier), 0.0))
    return report


def _risks(
    project: Project, catalogs: Sequence[tuple[CatalogFile, list[POItem]]]
) -> dict[tuple[Path, int], Risk]:
    """The risk of every segment of the catalogs, by (catalog, line of its msgstr): the
    checks' findings (as `transflow check` reports them) and the glossary's unmet terms."""
    from transflow.checks import check_project
    from transflow.glossary import load_glossary

    glossary = load_glossary(project)
    paths = [ref.path for ref, _ in catalogs]
    findings: dict[tuple[str, int], list[Finding]] = {}
    for found in check_project(project, glossary=glossary, paths=paths):
        findings.setdefault((found.file, found.line), []).append(found)
    out: dict[tuple[Path, int], Risk] = {}
    for ref, items in catalogs:
        shown = project.relative(ref.path)
        singles = [item for item in items if not item.plural]
        risks = assess_catalog(
            singles,
            [findings.get((shown, item.line), []) for item in singles],
            [unmet_terms(glossary, item.msgid, item.msgstr, ref.lang) for item in singles],
        )
        out.update(((ref.path, item.line), risk) for item, risk in zip(singles, risks, strict=True))
    return out
