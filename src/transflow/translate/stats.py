"""`transflow stats`: word counts and translation-memory leverage, per article and language;
with `--post-edit`, how much reviewers changed machine translation, per engine.

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

Post-editing (`post_edit_stats`), how a desk decides whether a new model is worth switching
to: every reviewed entry (not fuzzy, not empty) whose provenance is still an engine's (`mt=`;
a text taken from the memory or an XLIFF file is no machine translation) is compared with
that engine's output as `translate` wrote it (`translate.machine_output`), per language and
engine with its model version. An entry counts once, however often its sentence occurs.
Reported: the segments, the share accepted unchanged, and the mean character edit rate, an
HTER on characters (the Levenshtein distance from the machine output to the reviewed text,
over the reviewed text's length; characters, so Korean and Chinese are measured as well as
English). The msgstr is compared as it is: the PO writer's line wrapping is no part of it.
A reviewed machine translation whose output was not kept (translated before outputs were
kept, or the store deleted) is counted apart as unmeasured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from transflow.po.conventions import (
    State,
    entry_state,
    is_machine_output,
    machine_engine,
    previous_source,
)
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


# --- post-editing -----------------------------------------------------------------------------


def edit_rate(machine: str, reviewed: str) -> float:
    """Characters inserted, deleted or substituted to turn the machine output into the
    reviewed text, over the reviewed text's length (which is never empty)."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(machine, reviewed) / len(reviewed)


@dataclass
class PostEdit:
    """The reviewed machine translations of one engine and model version in one language."""

    lang: str
    engine: str  # as provenance names it: argos:en-ko@1.1
    segments: int = 0  # reviewed, the machine output known
    unchanged: int = 0  # of which accepted exactly as the engine wrote them
    edit_rates: float = 0.0  # the sum of their edit rates
    unmeasured: int = 0  # reviewed, but the machine output was not kept

    @property
    def unchanged_share(self) -> float | None:
        return self.unchanged / self.segments if self.segments else None

    @property
    def mean_edit_rate(self) -> float | None:
        return self.edit_rates / self.segments if self.segments else None


@dataclass
class PostEditReport:
    engines: list[PostEdit] = field(default_factory=list)  # by language, then engine
    missing: list[CatalogRef] = field(default_factory=list)  # not extracted: not counted
    orphans: list[CatalogFile] = field(default_factory=list)


def post_edit_stats(
    project: Project, select: list[str] | None = None, langs: list[str] | None = None
) -> PostEditReport:
    """Post-editing of the chosen articles (all by default) in the chosen languages."""
    from transflow.po.catalog import unit_id
    from transflow.translate.machine_output import read_store, store_path

    walk = project.catalogs(select, langs)
    report = PostEditReport(orphans=walk.orphans)
    found: dict[tuple[str, str], PostEdit] = {}
    for ref in walk.by_language():
        if not ref.exists:
            report.missing.append(ref)
            continue
        items = read_po(ref.path).items
        store = read_store(store_path(ref.path))
        for item in items:
            engine = machine_engine(item)
            if engine is None or item.plural or entry_state(item) is not State.REVIEWED:
                continue
            tally = found.setdefault((ref.lang, engine), PostEdit(ref.lang, engine))
            machine = store.get((unit_id(item.msgctxt or "", item.msgid), engine))
            if machine is None:
                tally.unmeasured += 1
                continue
            tally.segments += 1
            tally.unchanged += machine == item.msgstr
            tally.edit_rates += edit_rate(machine, item.msgstr)
    rank = {lang: index for index, lang in enumerate(walk.languages)}
    report.engines = sorted(found.values(), key=lambda tally: (rank[tally.lang], tally.engine))
    return report
