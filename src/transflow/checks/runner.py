"""Running the checks: on one entry (live, review UI), on PO files, on a project.

Files are read with the fast line-numbered reader; source-side analysis of a sentence
(glossary terms, numbers, ...) is memoised while the catalogs of one article are checked in
every language. Large runs are spread over the machine's cores (fork; the glossary automata
are built once, before the fork). With a `CheckCache` (checks/cache.py), a catalog whose
inputs did not change is not read at all: its findings and project-check records come from
the cache, and the glossary is loaded only when some catalog must be checked again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import zlib
from array import array
from collections.abc import Callable, Collection, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from transflow.checks.base import (
    REVIEWED,
    SILENCED,
    BaseCheck,
    Check,
    Entry,
    FileRecords,
    FileResult,
    Finding,
    Problem,
    ProjectCheck,
    ignored,
    iter_problems,
)
from transflow.po.conventions import State, entry_state, form_sources
from transflow.po.reader import POData, POItem, read_po
from transflow.project.choices import EntryFilter
from transflow.project.errors import CatalogError, TransflowError
from transflow.project.fsutil import read_bytes
from transflow.project.project import CatalogFile, Project

if TYPE_CHECKING:
    from transflow.checks.cache import CheckCache
    from transflow.glossary import Glossary

# a catalog, how reports show its path, and whether its entries are checked (False: only
# the records the project checks need are read from it)
Job = tuple[Path, str, bool]
# what every worker needs: glossary, per-entry checks, languages, --only, source
# language, whether to collect records for the project checks, whether to hash what it reads
RunArgs = tuple[
    "Glossary | None", list[Check], set[str] | None, EntryFilter | None, str | None, bool, bool
]
# the project glossary, or how to load it when a catalog must be checked (not on a cache hit)
GlossaryArg: TypeAlias = "Glossary | Callable[[], Glossary] | None"
# the checks to run (default: `select_checks()`), or how to choose them when a file must be
# checked (not when the cache holds everything)
ChecksArg: TypeAlias = "list[BaseCheck] | Callable[[], list[BaseCheck]] | None"


Results = list[FileResult | None]  # per job, in job order; None: not in the chosen languages

PARALLEL_BYTES = 3_000_000  # below this (~12k entries), forking costs more than it saves


def select_checks(
    enable: Iterable[str] = (), disable: Iterable[str] = (), project: Project | None = None
) -> list[BaseCheck]:
    """The checks a run uses, configured: the project's QA profile (transflow.toml's
    `[check]`; the built-in defaults without a project), plus `enable`, minus `disable`
    (ids are validated). (The profile imports every family of checks, which a run answered
    from the cache does without: imported here.)"""
    from transflow.checks.profile import build_profile

    return [s.check for s in build_profile(project, enable, disable) if s.enabled]


def _finding(check: Check, problem: Problem, entry: Entry) -> Finding:
    return Finding(
        check.id,
        check.severity,
        entry.file,
        entry.line,
        entry.lang,
        entry.msgid,
        entry.msgstr,
        problem.message,
        problem.source_spans,
        problem.target_spans,
        entry.msgctxt,
    )


def check_entry(
    msgid: str,
    msgstr: str,
    lang: str,
    *,
    glossary: Glossary | None = None,
    flags: Iterable[str] = (),
    source_lang: str = "en",
    kind: str = "",
    checks: list[BaseCheck] | None = None,
) -> list[Finding]:
    """Findings for one translation, for live checking (file "" and line 0); project
    checks need the whole project and are left out."""
    checks = checks if checks is not None else select_checks()
    entry = Entry(msgid, msgstr, lang, source_lang, tuple(flags), glossary, kind=kind)
    per_entry = [c for c in checks if isinstance(c, Check)]
    return [_finding(c, p, entry) for c, p in iter_problems(per_entry, entry)]


def _wanted(state: State, only: EntryFilter | None) -> bool:
    if only is None:
        return True
    if only == EntryFilter.TRANSLATED:
        return state is not State.UNTRANSLATED
    if only == EntryFilter.UNREVIEWED:
        return state.unreviewed
    return state.value == only.value


def _language_of(data: POData, path: Path) -> str:
    from transflow.project.languages import normalize_language

    raw = data.language or path.parent.name
    try:
        return normalize_language(raw.replace("_", "-"))
    except TransflowError:
        raise CatalogError(
            f"cannot tell the language of this catalog (Language header {data.language!r}).",
            path=path,
            hint="Add a `Language: ko` header, or keep it under translations/<lang>/.",
        ) from None


def _chosen(lang: str, langs: set[str] | None) -> bool:
    return not langs or lang in langs or lang.split("-")[0] in langs


def _check_file(
    path: Path,
    shown: str,
    *,
    glossary: Glossary | None,
    checks: list[Check],
    langs: set[str] | None,
    only: EntryFilter | None,
    source_lang: str | None,
    memo: dict,
    want_records: bool,
    want_digest: bool,
) -> FileResult | None:
    raw = read_bytes(path)
    data = read_po(path, raw)
    lang = _language_of(data, path)
    if not _chosen(lang, langs):
        return None
    src_lang = source_lang or data.source_language or "en"
    entries: list[Entry] = []
    done: list[POItem] = []  # the translated sentences (no plural forms), for project checks
    for item in data.items:
        state = entry_state(item)
        if not _wanted(state, only):
            continue
        if item.msgid_plural:  # each form on its own, against the source it translates
            for source, form, line in zip(
                form_sources(item), item.forms, item.form_lines, strict=True
            ):
                entries.append(
                    Entry(source, form, lang, src_lang, item.flags, glossary, shown, line,
                          state, memo, item.kind, item.msgctxt or "")
                )  # fmt: skip
            continue
        if item.msgstr:
            done.append(item)
        entries.append(
            Entry(
                item.msgid,
                item.msgstr,
                lang,
                src_lang,
                item.flags,
                glossary,
                shown,
                item.line,
                state,
                memo,
                item.kind,
                item.msgctxt or "",
            )
        )
    records = _file_records(lang, shown, done) if want_records else None
    digest = hashlib.sha256(raw).hexdigest() if want_digest else None
    findings: list[Finding] = []
    translated = [e for e in entries if e.msgstr]
    silenced = [e for e in entries if e.flags and ignored(e.flags)]
    for check in checks:
        pool = entries if check.on_untranslated else translated
        if silenced:
            cid = check.id
            skip = {id(e) for e in silenced if cid in ignored(e.flags)}
            if skip:
                pool = [e for e in pool if id(e) not in skip]
        findings += _run_check(check, pool)
    return FileResult(lang, findings, records, digest)


def _file_records(lang: str, shown: str, items: list[POItem]) -> FileRecords:
    """What project-level checks (consistency) need of a file's translated entries, in
    arrays: cheap to send back from a worker (a tuple per entry cost the parent 0.3 s of
    unpickling at 100k entries, while the workers still ran), and to keep in the cache."""
    states = bytearray()
    for item in items:
        reviewed = entry_state(item) is State.REVIEWED
        silenced = "ignore-inconsistent" in item.flags
        states.append(REVIEWED * reviewed | SILENCED * silenced)
    prefix = f"{lang}\x04"
    return FileRecords(
        lang,
        shown,
        array("q", [_text_hash(f"{prefix}{i.msgctxt or ''}\x04{i.msgid}") for i in items]),
        array("q", [_text_hash(i.msgstr) for i in items]),
        array("q", [i.line for i in items]),
        bytes(states),
    )


def _text_hash(text: str) -> int:
    """A hash of `text` that every process computes alike (`hash()` of a str changes from
    one process to the next), so records kept in the cache meet fresh ones: the UTF-8
    length and CRC-32, ~4x cheaper than a cryptographic hash here. Equal keys are compared
    as texts before anything is reported; two different translations of one source that
    agree in length and CRC-32 would be taken for one (CRC-32 tells apart every pair that
    differs in at most 32 consecutive bits)."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data) << 32 | zlib.crc32(data)


def _run_check(check: Check, entries: list[Entry]) -> list[Finding]:
    """One check over the entries of a file it applies to (the caller leaves out the
    untranslated and the `ignore-<id>` ones, once per file rather than once per check).

    Check-major order (each check over the whole file, then the next) instead of entry-major:
    one check's code, regexes and caches stay hot in the CPU caches, which measured ~25%
    faster on 100k entries. Report order is unaffected (findings are sorted at the end).
    """
    findings: list[Finding] = []
    run = check.run
    for entry in entries:
        for problem in run(entry):
            findings.append(_finding(check, problem, entry))
    return findings


def _run(
    jobs: list[Job],
    glossary: Glossary | None,
    checks: list[Check],
    langs: set[str] | None,
    only: EntryFilter | None,
    source_lang: str | None,
    want_records: bool,
    want_digest: bool,
) -> Results:
    """Check a list of jobs in order; memo is reset per article (file name)."""
    results: Results = []
    memo: dict = {}
    last = None
    for path, shown, full in jobs:
        if path.name != last:
            memo.clear()
            last = path.name
        results.append(
            _check_file(
                path,
                shown,
                glossary=glossary,
                checks=checks if full else [],
                langs=langs,
                only=only,
                source_lang=source_lang,
                memo=memo,
                want_records=want_records,
                want_digest=want_digest,
            )
        )
    return results


_FORK_STATE: list[tuple[list[list[Job]], RunArgs]] = []  # (chunks, args) for the workers


def _run_forked(index: int) -> Results | TransflowError:
    chunks, args = _FORK_STATE[0]
    try:
        return _run(chunks[index], *args)
    except TransflowError as exc:
        return exc


def check_files(
    paths: list[Path],
    *,
    glossary: GlossaryArg = None,
    langs: Iterable[str] | None = None,
    only: EntryFilter | None = None,
    checks: ChecksArg = None,
    source_lang: str | None = None,
    display: Callable[[Path], str] | None = None,
    cache: CheckCache | None = None,
    report: Collection[Path] | None = None,
) -> list[Finding]:
    """Findings for PO files (any files; language from each file's header).

    `report`: the files whose own findings are wanted (all by default); the others are read
    only for what the project checks (consistency) need of them, so those still see every
    file. `cache`: reuse what it holds of a file whose inputs did not change, and keep there
    what was checked anew (then saved). `checks` and `glossary` may be functions that give
    them: when the cache holds everything, neither is needed (nor the check registry)."""
    langs_set = set(langs) if langs else None
    display = display or (lambda p: p.as_posix())
    chosen = sorted(((Path(p), display(Path(p))) for p in paths), key=lambda j: (j[0].name, j[1]))
    results: Results = [None] * len(chosen)
    wanted = None if report is None else [shown for path, shown in chosen if path in report]
    if cache is not None:
        known = cache.answer(chosen, langs_set, wanted)
        if known is not None:
            cache.save()
            return known
        results = [cache.lookup(path, shown) for path, shown in chosen]
    selected = checks() if callable(checks) else checks if checks is not None else select_checks()
    order = {c.id: i for i, c in enumerate(selected)}  # the registry's, then the house rules
    for index, result in enumerate(results):  # a check not run today: that entry is stale
        if result is not None and any(f.check not in order for f in result.findings):
            results[index] = None
    entry_checks = [c for c in selected if isinstance(c, Check)]
    project_checks = [c for c in selected if isinstance(c, ProjectCheck)]
    # with a cache, every file's records are kept: its entries serve any selection
    want_records = bool(project_checks) or cache is not None
    todo: list[tuple[int, Job]] = []  # what the cache does not hold, and is needed
    for index, (path, shown) in enumerate(chosen):
        full = report is None or path in report
        if results[index] is None and (full or want_records):
            todo.append((index, (path, shown, full)))
    if todo:
        jobs = [job for _, job in todo]
        done = _check_jobs(jobs, glossary, entry_checks, langs_set, only, source_lang,
                           want_records, cache is not None)  # fmt: skip
        for (index, (path, shown, full)), result in zip(todo, done, strict=True):
            results[index] = result
            if cache is not None and result is not None:
                cache.learn(path, shown, result)
                if full:
                    cache.store(shown, result)
    findings: list[Finding] = []
    included: list[FileResult] = []
    for (path, _), result in zip(chosen, results, strict=True):
        if result is None or not _chosen(result.lang, langs_set):
            continue
        if report is None or path in report:
            findings += result.findings
        included.append(result)
    by_shown = {shown: path for path, shown in chosen}
    findings += _project_findings(project_checks, included, by_shown)
    findings.sort(key=lambda f: (f.file, f.line, order[f.check]))
    if cache is not None:
        cache.store_answer(chosen, langs_set, wanted, findings)
        cache.save()
    return findings


def _project_findings(
    checks: list[ProjectCheck], included: list[FileResult], by_shown: dict[str, Path]
) -> list[Finding]:
    """What the project checks find over the records of every file included, in every
    file."""
    records = [r.records for r in included if r.records is not None]
    parsed: dict[str, dict[int, tuple[str, str, str]]] = {}

    def resolve(shown: str, line: int) -> tuple[str, str, str]:
        if shown not in parsed:
            data = read_po(by_shown[shown])
            parsed[shown] = {i.line: (i.msgctxt or "", i.msgid, i.msgstr) for i in data.items}
        return parsed[shown][line]

    found: list[Finding] = []
    for check in checks:
        for lang, shown, line, msgid, msgstr, problem in check.run_all(records, resolve):
            ctxt = resolve(shown, line)[0]
            found.append(
                Finding(check.id, check.severity, shown, line, lang, msgid, msgstr,
                        problem.message, msgctxt=ctxt)
            )  # fmt: skip
    return found


def _check_jobs(
    jobs: list[Job],
    glossary: GlossaryArg,
    checks: list[Check],
    langs: set[str] | None,
    only: EntryFilter | None,
    source_lang: str | None,
    want_records: bool,
    want_digest: bool,
) -> Results:
    """Run the jobs (in parallel when they are large), loading the glossary only when a
    job checks entries."""
    gloss = glossary() if callable(glossary) else glossary
    args: RunArgs = (gloss, checks, langs, only, source_lang, want_records, want_digest)
    total = sum(p.stat().st_size for p, _, _ in jobs if p.exists())
    # no reference cycles are made here: cyclic GC would only rescan 100k's of live records
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _dispatch(jobs, args, total)
    finally:
        if was_enabled:
            gc.enable()


def _dispatch(jobs: list[Job], args: RunArgs, total: int) -> Results:
    workers = min(os.cpu_count() or 1, 8)
    if total >= PARALLEL_BYTES and workers > 1 and len(jobs) > 1:
        glossary, langs = args[0], args[2]
        if glossary and any(full for _, _, full in jobs):
            glossary.find_terms("")  # build automata once, before the fork
            for lang in langs or {lang for c in glossary.concepts for lang in c.terms}:
                glossary._target_index(lang)
        return _parallel(jobs, args, workers)
    return _run(jobs, *args)


def _parallel(jobs: list[Job], args: RunArgs, workers: int) -> Results:
    """Check each article (all its languages, so the source memo is reused) as one task.

    Tasks are handed out one at a time, largest first, so both workers finish together
    (a few big chunks left one worker idle for up to a chunk's time at the end); results
    are put back in article order, so findings and records come out as in a serial run."""
    import multiprocessing

    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job[0].name, []).append(job)
    chunks = list(groups.values())
    sizes = [sum(p.stat().st_size for p, _, _ in group if p.exists()) for group in chunks]
    largest_first = sorted(range(len(chunks)), key=lambda i: -sizes[i])
    _FORK_STATE.append((chunks, args))
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            done = pool.map(_run_forked, largest_first, chunksize=1)
    finally:
        _FORK_STATE.clear()
    by_index = dict(zip(largest_first, done, strict=True))
    results: Results = []
    for index in range(len(chunks)):
        result = by_index[index]
        if isinstance(result, TransflowError):
            raise result
        results += result
    return results


def project_catalogs(
    project: Project, articles: list[str] | None = None, langs: list[str] | None = None
) -> tuple[list[Path], list[CatalogFile]]:
    """The catalogs `check` reads (every one on disk of the chosen articles and languages,
    orphans too) and the orphans, to report."""
    walk = project.catalogs(articles, langs, sources_required=False)
    return [found.path for found in walk.files], walk.orphans


def _project_glossary(project: Project) -> Glossary:
    from transflow.glossary import load_glossary

    return load_glossary(project)


def check_project(
    project: Project,
    *,
    articles: list[str] | None = None,
    langs: list[str] | None = None,
    only: EntryFilter | None = None,
    glossary: GlossaryArg = None,
    checks: ChecksArg = None,
    paths: list[Path] | None = None,
    cache: CheckCache | None = None,
    report: Collection[Path] | None = None,
) -> list[Finding]:
    """Findings for the project's catalogs (`paths`: as `project_catalogs` chose them), with
    the project glossary and QA profile unless they are given; `cache` and `report` as for
    `check_files`."""
    if glossary is None:
        glossary = partial(_project_glossary, project)
    if paths is None:
        paths = project_catalogs(project, articles, langs)[0]
    if checks is None:
        checks = partial(select_checks, project=project)
    return check_files(
        paths,
        glossary=glossary,
        langs=project.targets(langs),
        only=only,
        checks=checks,
        source_lang=project.source_language,
        display=project.relative,
        cache=cache,
        report=report,
    )


class CatalogRun(NamedTuple):
    """A `check` of the project's catalogs, as the CLI reports it."""

    findings: list[Finding]
    files: list[str]  # the catalogs whose findings are reported, as reports name them
    orphans: list[CatalogFile]
    cache_problem: str | None  # why the cache could not be saved: a warning


def check_catalogs(
    project: Project,
    *,
    langs: list[str] | None = None,
    only: EntryFilter | None = None,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    glossary: list[Path] | None = None,
    use_cache: bool = True,
    changed_since: str | None = None,
) -> CatalogRun:
    """`transflow check` without PATH: every catalog on disk in the chosen languages
    (orphans too), with the checks `select_checks(enable, disable, project)` chooses, these glossary
    files (else the project's), through the cache unless `use_cache` is False.
    `changed_since`: a git revision; only the catalogs whose findings may have changed since
    are reported (the project checks still see every catalog)."""
    from transflow.checks.cache import CheckCache, changed_catalogs
    from transflow.glossary import glossary_files, load_glossary

    enable, disable = list(enable), list(disable)
    walk = project.catalogs(None, langs, sources_required=False)
    catalogs = [found.path for found in walk.files]
    sources = {source.slug: source.path for source in walk.sources}
    inputs = list(glossary) if glossary else glossary_files(project)
    report = None
    if changed_since is not None:
        from transflow.project.git import changed_since as git_changes

        changed = git_changes(project.root, changed_since, "--changed-since")
        report = changed_catalogs(
            project, catalogs, glossary=inputs, sources=sources, changed=changed
        )
    cache = None
    if use_cache:
        options = {"only": only, "enable": enable, "disable": disable}
        cache = CheckCache(project, glossary=inputs, options=options, sources=sources,
                           prune=not langs)  # fmt: skip

    def choose() -> list[BaseCheck]:
        return select_checks(enable, disable, project)

    def load() -> Glossary:
        if glossary:
            return load_glossary(glossary, source_language=project.source_language)
        return load_glossary(project)

    findings = check_project(project, langs=langs, only=only, glossary=load, checks=choose,
                             paths=catalogs, cache=cache, report=report)  # fmt: skip
    files = [project.relative(p) for p in catalogs if report is None or p in report]
    return CatalogRun(findings, files, walk.orphans, cache.problem if cache else None)


__all__ = [
    "check_catalogs",
    "check_entry",
    "check_files",
    "check_project",
    "select_checks",
    "ignored",
]
