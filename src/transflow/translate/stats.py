"""`transflow stats`: word counts and translation-memory leverage, per article and language.

The report a desk uses for a deadline and a freelancer for an invoice. Every segment of a
catalog (an entry counts once per occurrence in its article) falls in one category, the
first that applies:

- reviewed: its translation is reviewed; no work left;
- repetition: its sentence came before, in this article or an earlier one of the report
  (same language), and is not reviewed: it is translated once;
- 100%, 95-99, 85-94, 75-84: the best match for its sentence, from the translation memory
  (`tm.TranslationMemory`: reviewed entries and imported memories) or, for a changed
  sentence, its own previous source (`#| msgid`), scored as the memory scores (rapidfuzz
  ratio);
- machine: a machine translation waits for post-editing, with no match of 75% or more;
- new: nothing to start from.

Source words are counted as a translator sees them: a word is a run of letters and digits,
with `-`, `'`, `’`, `.` or `,` inside it (`Kim Jong-un` is two words, `U.N.`, `41-year-old`
and `$35,000` one each); inline tokens (URLs, placeholders, tags, code spans, link targets:
`text.inline`) are copied, not translated, and count nothing. A source in Chinese, Japanese
or Korean is counted in characters (not spaces) instead, as CAT tools count CJK text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transflow.po.conventions import State, entry_state, is_machine_output, previous_source
from transflow.po.reader import read_po
from transflow.project.languages import base_language
from transflow.text.inline import mask

if TYPE_CHECKING:
    from transflow.project.project import CatalogFile, CatalogRef, Project
    from transflow.translate.tm import TranslationMemory

CATEGORIES = ("new", "repetition", "100%", "95-99", "85-94", "75-84", "machine", "reviewed")
BANDS = ((100, "100%"), (95, "95-99"), (85, "85-94"), (75, "75-84"))  # lowest score, name
CJK = {"zh", "ja", "ko"}
_WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")


def count_words(text: str, unit: str = "words") -> int:
    """Words (or, with unit="characters", characters that are not spaces) of a source
    sentence, its inline tokens left out."""
    plain = mask(text)
    if unit == "characters":
        return sum(1 for char in plain if not char.isspace())
    return len(_WORD.findall(plain))


@dataclass
class Tally:
    """Segments and words by category."""

    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))

    def add(self, category: str, words: int, segments: int = 1) -> None:
        self.segments[category] += segments
        self.words[category] += words * segments

    def merge(self, other: Tally) -> None:
        for category in CATEGORIES:
            self.segments[category] += other.segments[category]
            self.words[category] += other.words[category]

    @property
    def total_segments(self) -> int:
        return sum(self.segments.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())


@dataclass
class ArticleStats:
    slug: str
    lang: str
    path: str  # the catalog, relative to the project
    tally: Tally = field(default_factory=Tally)


@dataclass
class StatsReport:
    unit: str  # "words", or "characters" for a CJK source language
    articles: list[ArticleStats] = field(default_factory=list)
    languages: dict[str, Tally] = field(default_factory=dict)  # totals per language
    missing: list[CatalogRef] = field(default_factory=list)  # not extracted: not counted
    orphans: list[CatalogFile] = field(default_factory=list)  # the walk's, to report


def _category(score: float) -> str | None:
    for lowest, name in BANDS:
        if score >= lowest:
            return name
    return None


def _match_score(memory: TranslationMemory, msgid: str, previous: str | None) -> float:
    """The best score among the memory and the entry's own previous source."""
    best = 100.0 if memory.exact(msgid) else 0.0
    if best < 100:
        near = memory.fuzzy(msgid, limit=1, cutoff=BANDS[-1][0])
        best = near[0].score if near else 0.0
    if previous:
        from rapidfuzz import fuzz

        best = max(best, float(fuzz.ratio(msgid, previous)))
    return best


def project_stats(
    project: Project, select: list[str] | None = None, langs: list[str] | None = None
) -> StatsReport:
    """Counts for the chosen articles (all by default) in the chosen languages."""
    from transflow.translate.tm import TranslationMemory

    unit = "characters" if base_language(project.source_language) in CJK else "words"
    walk = project.catalogs(select, langs)
    report = StatsReport(unit, orphans=walk.orphans)
    memories: dict[str, TranslationMemory] = {}
    seen: dict[str, set[str]] = {}  # lang -> sentences counted before, not reviewed
    for ref in walk.by_language():
        if not ref.exists:
            report.missing.append(ref)
            continue
        if ref.lang not in memories:
            memories[ref.lang] = TranslationMemory.for_language(project, ref.lang)
            report.languages[ref.lang] = Tally()
        before = seen.setdefault(ref.lang, set())
        stats = ArticleStats(ref.slug, ref.lang, project.relative(ref.path))
        for item in read_po(ref.path).items:
            if not item.msgid:
                continue
            words = count_words(item.msgid, unit)
            times = max(1, len(item.occurrences))
            if entry_state(item) is State.REVIEWED:
                stats.tally.add("reviewed", words, times)
                continue
            if item.msgid in before:
                category = "repetition"
            else:
                score = _match_score(memories[ref.lang], item.msgid, previous_source(item))
                category = _category(score) or ("machine" if is_machine_output(item) else "new")
                before.add(item.msgid)
            stats.tally.add(category, words)
            if times > 1:
                stats.tally.add("repetition", words, times - 1)
        report.articles.append(stats)
        report.languages[ref.lang].merge(stats.tally)
    return report
