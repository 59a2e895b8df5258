"""The publication gate: whether one article may be published in one language, and why not.

An article passes in a language only when every one of its sentences has a reviewed
translation (non-empty msgstr, no `fuzzy`) and `transflow check` reports no error-severity
finding for its catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from transflow.checks import Finding
from transflow.extract.sources import Article
from transflow.po.conventions import State, entry_state, reviewers
from transflow.po.reader import read_po
from transflow.project.project import CatalogRef, Project

_EMAIL = re.compile(r"\s*<[^>]*>\s*$")


@dataclass
class Gate:
    """Whether one article may be published in one language, and why not."""

    slug: str
    lang: str
    catalog: str  # relative path of the PO file
    segments: int  # unique source sentences
    untranslated: int = 0  # no msgstr (or no entry: the catalog is stale)
    unreviewed: int = 0  # fuzzy
    not_in_catalog: int = 0  # part of `untranslated`: run `transflow extract`
    catalog_missing: bool = False
    findings: list[Finding] = field(default_factory=list)  # error-severity check findings

    @property
    def passed(self) -> bool:
        return not (self.untranslated or self.unreviewed or self.findings)

    def reasons(self) -> list[str]:
        out = []
        if self.catalog_missing:
            out.append(f"no catalog {self.catalog}: run `transflow extract`")
        elif self.not_in_catalog:
            out.append(
                f"{self.not_in_catalog} source sentence(s) not in {self.catalog}: "
                "run `transflow extract`"
            )
        if self.untranslated:
            out.append(f"{self.untranslated} untranslated")
        if self.unreviewed:
            out.append(f"{self.unreviewed} unreviewed (fuzzy)")
        if self.findings:
            out.append(f"{len(self.findings)} error finding(s) from `transflow check`")
        return out


def finding_of(finding: Finding, catalog: str, slug: str, lang: str) -> bool:
    """Whether a check finding is about this article's catalog in this language."""
    if finding.file == catalog:
        return True
    return Path(finding.file).stem == slug and finding.lang == lang


def evaluate_gate(
    project: Project, ref: CatalogRef, article: Article, findings: list[Finding]
) -> tuple[Gate, dict[str, str], dict[str, str], list[str]]:
    """The gate for one article's catalog, the reviewed and the usable translations
    (reviewed + fuzzy, for drafts), and the reviewers named in the catalog."""
    sentences = list(dict.fromkeys(seg.text for seg in article.segments()))
    gate = Gate(
        article.slug,
        ref.lang,
        project.relative(ref.path),
        len(sentences),
        findings=[f for f in findings if f.severity == "error"],
    )
    reviewed: dict[str, str] = {}
    usable: dict[str, str] = {}
    names: list[str] = []
    if not ref.exists:
        gate.catalog_missing = True
        gate.untranslated = gate.not_in_catalog = len(sentences)
        return gate, reviewed, usable, names
    data = read_po(ref.path)
    entries = {item.msgid: item for item in data.items if not item.msgctxt}
    translator = _EMAIL.sub("", data.headers.get("Last-Translator", "")).strip()
    if translator and "FULL NAME" not in translator:
        names.append(translator)
    for text in sentences:
        entry = entries.get(text)
        if entry is None:
            gate.untranslated += 1
            gate.not_in_catalog += 1
            continue
        state = entry_state(entry)
        if state is State.REVIEWED:
            reviewed[text] = usable[text] = entry.msgstr
            names += [_EMAIL.sub("", name).strip() for name in reviewers(entry)]
        elif state.unreviewed:
            gate.unreviewed += 1
            usable[text] = entry.msgstr
        else:
            gate.untranslated += 1
    return gate, reviewed, usable, sorted(set(names))
