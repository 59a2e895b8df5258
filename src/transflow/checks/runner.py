"""Running the checks: on one entry (live, review UI), on PO files, on a project.

Files are read with the fast line-numbered reader; source-side analysis of a sentence
(glossary terms, numbers, ...) is memoised while the catalogs of one article are checked in
every language. Large runs are spread over the machine's cores (fork; the glossary automata
are built once, before the fork).
"""

from __future__ import annotations

import gc
import os
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.checks.base import (
    REVIEWED,
    SILENCED,
    BaseCheck,
    Check,
    Entry,
    FileRecords,
    Finding,
    Problem,
    ProjectCheck,
    ignored,
    iter_problems,
)
from transflow.checks.registry import CHECKS
from transflow.po.conventions import State, entry_state, form_sources
from transflow.po.reader import POData, POItem, read_po
from transflow.project.choices import EntryFilter
from transflow.project.errors import CatalogError, CheckUsageError, TransflowError
from transflow.project.project import CatalogFile, Project

if TYPE_CHECKING:
    from transflow.glossary import Glossary

Job = tuple[Path, str]  # a catalog and how reports show its path
# what every worker needs: glossary, per-entry checks, languages, --only, source
# language, whether to collect records for the project checks
RunArgs = tuple[
    "Glossary | None", list[Check], set[str] | None, EntryFilter | None, str | None, bool
]
Results = tuple[list[Finding], list[FileRecords] | None]

ORDER = {c.id: i for i, c in enumerate(CHECKS)}  # report order: the registry's
PARALLEL_BYTES = 3_000_000  # below this (~12k entries), forking costs more than it saves


def all_checks() -> list[type[BaseCheck]]:
    """Every check class, in the registry's order."""
    return list(CHECKS)


def select_checks(enable: Iterable[str] = (), disable: Iterable[str] = ()) -> list[BaseCheck]:
    """Default checks, plus `enable`, minus `disable` (ids are validated)."""
    known = {c.id for c in CHECKS}
    for cid in [*enable, *disable]:
        if cid not in known:
            raise CheckUsageError(
                f"unknown check {cid!r}.", hint=f"Known checks: {', '.join(sorted(known))}."
            )
    enable, disable = set(enable), set(disable)
    return [c() for c in CHECKS if (c.default or c.id in enable) and c.id not in disable]


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
    records: list[FileRecords] | None,
) -> list[Finding]:
    data = read_po(path)
    lang = _language_of(data, path)
    if langs and lang not in langs and lang.split("-")[0] not in langs:
        return []
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
    if records is not None:
        records.append(_file_records(lang, shown, done))
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
    return findings


def _file_records(lang: str, shown: str, items: list[POItem]) -> FileRecords:
    """What project-level checks (consistency) need of a file's translated entries, in
    arrays: cheap to send back from a worker (a tuple per entry cost the parent 0.3 s of
    unpickling at 100k entries, while the workers still ran)."""
    states = bytearray()
    for item in items:
        reviewed = entry_state(item) is State.REVIEWED
        silenced = "ignore-inconsistent" in item.flags
        states.append(REVIEWED * reviewed | SILENCED * silenced)
    return FileRecords(
        lang,
        shown,
        array("q", [hash((lang, i.msgctxt or "", i.msgid)) for i in items]),
        array("q", [hash(i.msgstr) for i in items]),
        array("q", [i.line for i in items]),
        bytes(states),
    )


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
) -> Results:
    """Check a list of (path, shown) in order; memo is reset per article (file name)."""
    findings: list[Finding] = []
    records: list[FileRecords] | None = [] if want_records else None
    memo: dict = {}
    last = None
    for path, shown in jobs:
        if path.name != last:
            memo.clear()
            last = path.name
        findings += _check_file(
            path,
            shown,
            glossary=glossary,
            checks=checks,
            langs=langs,
            only=only,
            source_lang=source_lang,
            memo=memo,
            records=records,
        )
    return findings, records


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
    glossary: Glossary | None = None,
    langs: Iterable[str] | None = None,
    only: EntryFilter | None = None,
    checks: list[BaseCheck] | None = None,
    source_lang: str | None = None,
    display: Callable[[Path], str] | None = None,
) -> list[Finding]:
    """Findings for PO files (any files; language from each file's header)."""
    checks = checks if checks is not None else select_checks()
    langs_set = set(langs) if langs else None
    display = display or (lambda p: p.as_posix())
    jobs = sorted(((Path(p), display(Path(p))) for p in paths), key=lambda j: (j[0].name, j[1]))
    entry_checks = [c for c in checks if isinstance(c, Check)]
    project_checks = [c for c in checks if isinstance(c, ProjectCheck)]
    want_records = bool(project_checks)
    if glossary is not None and glossary:
        glossary.find_terms("")  # build automata once, before any fork
        for lang in langs_set or {lang for c in glossary.concepts for lang in c.terms}:
            glossary._target_index(lang)
    args: RunArgs = (glossary, entry_checks, langs_set, only, source_lang, want_records)
    total = sum(p.stat().st_size for p, _ in jobs if p.exists())
    # no reference cycles are made here: cyclic GC would only rescan 100k's of live records
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        findings, records = _dispatch(jobs, args, total)
    finally:
        if was_enabled:
            gc.enable()
    by_shown = {shown: path for path, shown in jobs}
    parsed: dict[str, dict[int, tuple[str, str, str]]] = {}

    def resolve(shown: str, line: int) -> tuple[str, str, str]:
        if shown not in parsed:
            data = read_po(by_shown[shown])
            parsed[shown] = {i.line: (i.msgctxt or "", i.msgid, i.msgstr) for i in data.items}
        return parsed[shown][line]

    for check in project_checks:
        for lang, shown, line, msgid, msgstr, problem in check.run_all(records or [], resolve):
            findings.append(
                Finding(check.id, check.severity, shown, line, lang, msgid, msgstr,
                        problem.message, msgctxt=resolve(shown, line)[0])
            )  # fmt: skip
    findings.sort(key=lambda f: (f.file, f.line, ORDER[f.check]))
    return findings


def _dispatch(jobs: list[Job], args: RunArgs, total: int) -> Results:
    workers = min(os.cpu_count() or 1, 8)
    if total >= PARALLEL_BYTES and workers > 1 and len(jobs) > 1:
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
    sizes = [sum(p.stat().st_size for p, _ in group if p.exists()) for group in chunks]
    largest_first = sorted(range(len(chunks)), key=lambda i: -sizes[i])
    _FORK_STATE.append((chunks, args))
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            done = pool.map(_run_forked, largest_first, chunksize=1)
    finally:
        _FORK_STATE.clear()
    by_index = dict(zip(largest_first, done, strict=True))
    results = [by_index[i] for i in range(len(chunks))]
    findings: list[Finding] = []
    records: list[FileRecords] = []
    for result in results:
        if isinstance(result, TransflowError):
            raise result
        findings += result[0]
        if result[1]:
            records += result[1]
    return findings, records


def project_catalogs(
    project: Project, articles: list[str] | None = None, langs: list[str] | None = None
) -> tuple[list[Path], list[CatalogFile]]:
    """The catalogs `check` reads (every one on disk of the chosen articles and languages,
    orphans too) and the orphans, to report."""
    walk = project.catalogs(articles, langs, sources_required=False)
    return [found.path for found in walk.files], walk.orphans


def check_project(
    project: Project,
    *,
    articles: list[str] | None = None,
    langs: list[str] | None = None,
    only: EntryFilter | None = None,
    glossary: Glossary | None = None,
    checks: list[BaseCheck] | None = None,
    paths: list[Path] | None = None,
) -> list[Finding]:
    """Findings for the project's catalogs (`paths`: as `project_catalogs` chose them), with
    the project glossary unless one is given."""
    if glossary is None:
        from transflow.glossary import load_glossary

        glossary = load_glossary(project)
    if paths is None:
        paths = project_catalogs(project, articles, langs)[0]
    return check_files(
        paths,
        glossary=glossary,
        langs=project.targets(langs),
        only=only,
        checks=checks,
        source_lang=project.source_language,
        display=project.relative,
    )


__all__ = ["check_entry", "check_files", "check_project", "select_checks", "ignored"]
