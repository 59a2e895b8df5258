"""`transflow translate`: fill untranslated PO entries from the translation memory, then MT.

For every untranslated entry of the chosen catalogs: the translation memory's best match
(`tm.TranslationMemory.best`: exact, else the most similar reviewed unit scoring at least
`[tm] min_score`) first, machine translation (`engines.get_engine`) otherwise. Both land as
`fuzzy` (unreviewed) with a provenance comment: `#. transflow: tm=sources/x.md (87%)` or
`#. transflow: mt=argos:en-ko@1.1 score=-0.42`; a fuzzy match also gets the source it
translated as `#| msgid`, so the reviewer sees the difference.

A match at or above the threshold always wins over MT, even when the sources differ in a
number or a term: the reviewed translation carries the desk's terminology and style and
needs the one difference fixed, which `#| msgid` shows and the numbers and glossary checks
flag (on unreviewed entries too, and publish's gate holds it back until reviewed), while MT
output would need the whole sentence reviewed again. A threshold is the one rule a desk can
predict and tune; `[tm] min_score = 100` restores exact-only reuse.

Reviewed entries are never touched; unreviewed machine output is redone only with
`retranslate=Retranslate.MACHINE`. Plural entries (msgid_plural) are left to a translator
and counted in the report: a number's forms are no sentence to translate.

Order of work, so a failure or Ctrl-C never leaves a bad file:
1. every source and catalog is read and every needed engine resolved: a missing model
   raises `MissingModelError` before anything is written;
2. catalogs that need no machine translation are written, all or none (one batch);
3. machine translation runs in shards (one engine call of up to `CHUNK` segments, in
   catalog order, language by language) on an executor (`translate.executors`: this process,
   or Ray actors with `--executor ray`), each model loaded once per process; here, in this
   process, each catalog is filled and written atomically as soon as its shards are done.

Catalogs are written through `po.update.CatalogEdit`: an entry a reviewer (or a git pull)
changed while the model ran keeps their version, and is counted in `kept_theirs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from transflow.po.catalog import active_entries, now_stamp
from transflow.po.conventions import State, entry_state, fill, is_machine_output
from transflow.po.update import CatalogEdit
from transflow.project.choices import Retranslate
from transflow.project.errors import CatalogError
from transflow.project.project import CatalogFile, Project
from transflow.translate.machine_output import commit_recording

if TYPE_CHECKING:
    from transflow.engines import Engine, Hypothesis
    from transflow.glossary.model import Glossary, TermMatch
    from transflow.translate.executors import Executor, Shard
    from transflow.translate.selection import Suppression

    Plan = tuple[list[TermMatch], Suppression]  # a text's glossary terms, what is suppressed

    # (project, source language, target language) -> a ready engine, as `get_engine`
    EngineFactory = Callable[[Project, str, str], Engine]

N_BEST = 4  # hypotheses asked of the engine when the glossary can choose among them
# Segments per engine call (a shard), the granularity of progress and of catalog writes.
# The engine sorts a call's segments by length into batches of [engine] max_batch_tokens
# (~70 news sentences at 2048): 64 made each call one partly filled batch; 256 fills several.
CHUNK = 256


@dataclass
class TranslatedCatalog:
    slug: str
    lang: str
    path: Path
    from_tm: int = 0  # exact and fuzzy matches
    from_tm_fuzzy: int = 0  # of which below 100%: fuzzy with `#| msgid` (the match's source)
    from_mt: int = 0
    failed: int = 0  # the engine returned nothing for these; left untranslated
    plural: int = 0  # untranslated plural entries, skipped: MT translates sentences, not forms
    written: bool = False
    kept_theirs: int = 0  # changed on disk meanwhile (by a reviewer...): theirs kept, redo later


@dataclass
class TranslateReport:
    results: list[TranslatedCatalog] = field(default_factory=list)
    engines: dict[str, str] = field(default_factory=dict)  # lang -> provenance
    orphans: list[CatalogFile] = field(default_factory=list)  # reported, never touched

    @property
    def from_tm(self) -> int:
        return sum(r.from_tm for r in self.results)

    @property
    def from_tm_fuzzy(self) -> int:
        return sum(r.from_tm_fuzzy for r in self.results)

    @property
    def from_mt(self) -> int:
        return sum(r.from_mt for r in self.results)

    @property
    def kept_theirs(self) -> int:
        return sum(r.kept_theirs for r in self.results)


class Progress:
    """Hooks for a progress display; the CLI renders them with rich on a terminal."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int) -> None: ...

    def written(self, result: TranslatedCatalog) -> None: ...


@dataclass
class _Job:
    result: TranslatedCatalog
    edit: CatalogEdit
    pending: list[polib.POEntry]  # waiting for machine translation
    changed: bool = False
    waits: set[int] = field(default_factory=set)  # shards its pending entries wait for


def _needs_translation(entry: polib.POEntry, retranslate: Retranslate | None) -> bool:
    if not entry.msgid:
        return False
    state = entry_state(entry)
    if state is State.UNTRANSLATED:
        return True
    return retranslate == Retranslate.MACHINE and is_machine_output(entry)


def _write(jobs: list[_Job], progress: Progress) -> None:
    """Commit the changed catalogs of `jobs` as one batch of the writer (all or none), each
    onto the file as it is now if someone changed it meanwhile, and record their machine
    output beside them (`machine_output`)."""
    edits = [job.edit for job in jobs if job.changed]
    stamp = {"PO-Revision-Date": now_stamp()}
    commits = dict(zip(edits, commit_recording(edits, stamp), strict=True))
    for job in jobs:
        commit = commits.get(job.edit)
        if commit is not None:
            job.result.written = commit.written
            job.result.kept_theirs = len(commit.dropped)
        progress.written(job.result)


def translate_project(
    project: Project,
    select: list[str] | None = None,
    langs: list[str] | None = None,
    *,
    retranslate: Retranslate | None = None,
    memory_only: bool = False,
    progress: Progress | None = None,
    engine_factory: EngineFactory | None = None,
    executor: Executor | None = None,
) -> TranslateReport:
    """Translate the chosen articles into the chosen languages (all by default).

    `memory_only`: fill from the translation memory and leave the rest untranslated (no
    model needed). `executor`: where the engines run (default: this process).
    """
    from transflow.engines import get_engine
    from transflow.glossary import load_glossary
    from transflow.translate.executors import InProcess
    from transflow.translate.tm import TranslationMemory

    progress = progress or Progress()
    engine_factory = engine_factory or get_engine
    walk = project.catalogs(select, langs)

    glossary = load_glossary(project)  # a bad glossary fails before anything is written
    n_best = N_BEST if glossary else 1
    min_score = float(project.settings["tm"]["min_score"])

    # 1. read everything, apply the translation memory in memory, resolve engines
    jobs: dict[str, list[_Job]] = {}
    memories: dict[str, TranslationMemory] = {}
    for ref in walk.by_language():
        if ref.lang not in memories:
            memories[ref.lang] = TranslationMemory.for_language(project, ref.lang)
        if not ref.exists:
            raise CatalogError(
                f"has no catalog yet for {project.relative(ref.source.path)}.",
                path=project.relative(ref.path),
                hint="Run `transflow extract` first, then `transflow translate`.",
            )
        edit = CatalogEdit(ref.path, project.root)
        po = edit.po
        job = _Job(TranslatedCatalog(ref.slug, ref.lang, ref.path), edit, [])
        for entry in active_entries(po):
            if entry.msgid_plural:
                if entry_state(entry) is State.UNTRANSLATED:
                    job.result.plural += 1
                continue
            if not _needs_translation(entry, retranslate):
                continue
            match = memories[ref.lang].best(entry.msgid, min_score)
            if match is not None:
                fuzzy = match.source != entry.msgid
                fill(entry, match.target, match.provenance, match.source if fuzzy else None)
                job.result.from_tm += 1
                job.result.from_tm_fuzzy += fuzzy
                job.changed = True
            elif not memory_only:
                job.pending.append(entry)
        jobs.setdefault(ref.lang, []).append(job)
    engines = {}
    for lang, lang_jobs in jobs.items():
        if any(job.pending for job in lang_jobs):
            engines[lang] = engine_factory(project, project.source_language, lang)

    report = TranslateReport(
        results=[job.result for lang_jobs in jobs.values() for job in lang_jobs],
        engines={lang: engine.provenance for lang, engine in engines.items()},
        orphans=walk.orphans,
    )

    # 2. catalogs that only needed the translation memory, all or none
    _write([job for lang_jobs in jobs.values() for job in lang_jobs if not job.pending], progress)

    # 3. machine translation: shards run by the executor; each catalog is filled and
    #    written as soon as the shards its entries wait for are done
    shards, waiting, plans = _shards(jobs, engines, n_best, glossary)
    picks: dict[str, dict[str, tuple[str, float, str]]] = {lang: {} for lang in engines}

    def done(shard: Shard, hypotheses: list[list[Hypothesis]]) -> None:
        picked = picks[shard.lang]
        for text, hyps in zip(shard.texts, hypotheses, strict=True):
            picked[text] = _pick(text, hyps, shard.lang, glossary, *plans[shard.lang, text])
        for job in waiting.get(shard.index, []):
            job.waits.discard(shard.index)
            if not job.waits:
                _fill(job, picked, engines[shard.lang].provenance)
                _write([job], progress)
        progress.advance(shard.segments)

    progress.start(sum(len(j.pending) for js in jobs.values() for j in js))
    (executor or InProcess()).run(project, shards, engines, done)
    return report


def _shards(
    jobs: dict[str, list[_Job]], engines: dict[str, Engine], n_best: int, glossary: Glossary
) -> tuple[list[Shard], dict[int, list[_Job]], dict[tuple[str, str], Plan]]:
    """The pending entries as shards of `CHUNK` segments, in catalog order, language by
    language (a text an earlier shard of its language translates is not sent again), the
    jobs waiting for each shard, and per (language, text) its glossary terms and what its
    decoding must not produce (the forbidden variants of those terms, suppressed)."""
    from transflow.engines import SuppressTokens
    from transflow.translate.executors import Shard
    from transflow.translate.selection import suppression

    shards: list[Shard] = []
    waiting: dict[int, list[_Job]] = {}
    plans: dict[tuple[str, str], Plan] = {}
    for lang, engine in engines.items():
        # the engine's tokens of a forbidden variant, to keep those that block approved terms
        tokens = cache(engine.suppress_sequences) if isinstance(engine, SuppressTokens) else None
        queue = [(job, entry) for job in jobs[lang] for entry in job.pending]
        home: dict[str, int] = {}  # text -> the shard translating it
        for start in range(0, len(queue), CHUNK):
            chunk = queue[start : start + CHUNK]
            index = len(shards)
            texts = [t for t in dict.fromkeys(e.msgid for _, e in chunk) if t not in home]
            home.update(dict.fromkeys(texts, index))
            for text in texts:
                found = glossary.find_terms(text) if glossary else []
                plans[lang, text] = (found, suppression(found, lang, tokens))
            suppress = tuple(tuple(plans[lang, t][1].strings) for t in texts) if glossary else None
            shards.append(Shard(index, lang, tuple(texts), n_best, len(chunk), suppress))
            for job, entry in chunk:
                job.waits.add(home[entry.msgid])
        for job in jobs[lang]:
            for index in job.waits:
                waiting.setdefault(index, []).append(job)
    return shards, waiting, plans


def _pick(
    text: str,
    hyps: list[Hypothesis],
    lang: str,
    glossary: Glossary,
    terms: list[TermMatch],
    suppressed: Suppression,
) -> tuple[str, float, str]:
    """The hypothesis to write, its score and the glossary's say (provenance fields)."""
    from transflow.translate.selection import select_hypothesis

    if not hyps:
        return ("", 0.0, "")
    # glossary-aware n-best: most terms satisfied, then the model score
    pick = select_hypothesis(text, hyps, lang, glossary, terms, suppressed)
    return (pick.text, pick.score, pick.provenance())


def _fill(job: _Job, picked: dict[str, tuple[str, float, str]], provenance: str) -> None:
    """Fill the job's pending entries with the picked translations (empty: left as is)."""
    for entry in job.pending:
        text, score, chosen = picked[entry.msgid]
        if text.strip():
            how = f"mt={provenance} score={round(score, 2) or 0.0:.2f}"
            fill(entry, text, f"{how} {chosen}" if chosen else how)
            job.result.from_mt += 1
            job.changed = True
        else:
            job.result.failed += 1
