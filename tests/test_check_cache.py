"""The incremental check cache: a cached run finds exactly what a full run finds.

A differential property test edits a small project at random (translations, states,
glossary, config, sources, the cache's own files) and compares every cached run with a
`--no-cache` run; example tests show what is not read on a warm run, that a change in one
catalog updates the consistency findings of another, and that concurrent runs in
processes with different hash seeds share one cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transflow.checks import cache as cache_module
from transflow.checks import runner
from transflow.checks.runner import check_catalogs
from transflow.project.choices import EntryFilter
from transflow.project.config import load_project

from .conftest import run_cli, write

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ("alpha", "beta", "gamma")
# source sentence, two Korean and two Chinese translations (the second of each a problem)
SENTENCES = (
    ("The panel met on Tuesday.", ("위원회는 화요일에 회의를 열었다.", "패널은 화요일에 모였다."),
     ("小组周二开会。", "委员会周二举行了会议。")),
    ("At least 480 people were sent back.", ("최소 480명이 송환됐다.", "최소 840명이 송환됐다."),
     ("至少480人被遣返。", "至少840人被遣返。")),
    ("North Korean defectors spoke.", ("탈북민들이 말했다.", "탈북자들이 말했다."),
     ("脱北者发言。", "脱北者发言")),
    ("Seoul, Dec. 3.", ("서울, 12월 3일.", "서울, 12월 4일."),
     ("首尔，12月3日。", "首尔，12月4日。")),
)  # fmt: skip
GLOSSARIES = (
    "en,ko,ko.forbidden,zh\nNorth Korean defector,탈북민,탈북자,脱北者\n",
    "en,ko,zh\nNorth Korean defector,탈북민,脱北者\npanel,위원회,小组\n",
    "en,ko\n",
)
CONFIGS = (  # the project's name, then its QA profile (transflow.toml's [check])
    'name = "one"',
    'name = "two"',
    'name = "one"\n[check]\ndisable = ["numbers"]\n[check.severity]\ninconsistent = "error"',
    'name = "one"\n[[check.rule]]\nid = "house-ko-past"\nlanguage = "ko"\n'
    'translation = \'었다[.]$\'\nmessage = "no past tense"\nseverity = "warning"',
)
OPTIONS = (  # (langs, only, disable)
    (None, None, ()),
    (["ko"], None, ()),
    (None, EntryFilter.REVIEWED, ()),
    (None, None, ("numbers",)),
    (None, None, ("inconsistent",)),
)


def _config(variant: int) -> str:
    name, _, profile = CONFIGS[variant].partition("\n")
    return f'[project]\n{name}\ntarget_languages = ["ko", "zh"]\n{profile}\n'


def _po(lang: str, entries: dict[int, tuple[int, bool]]) -> str:
    """A catalog: sentence index -> (which translation, fuzzy)."""
    out = (
        'msgid ""\nmsgstr ""\n'
        f'"Language: {lang}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )
    for index, (choice, fuzzy) in sorted(entries.items()):
        source, ko, zh = SENTENCES[index]
        out += "#, fuzzy\n" if fuzzy else ""
        out += f'msgid "{source}"\nmsgstr "{(ko if lang == "ko" else zh)[choice]}"\n\n'
    return out


class Project:
    """The small project the property test edits, and how to run check on it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.catalogs = {
            (lang, slug): {0: (0, False), 1: (0, False)}
            for lang in ("ko", "zh")
            for slug in ARTICLES
        }
        write(root / "transflow.toml", _config(0))
        write(root / "glossary" / "terms.csv", GLOSSARIES[0])
        for slug in ARTICLES:
            write(root / "sources" / f"{slug}.txt", f"{slug}\n\nTitle {slug}\n\nText.\n")
        for key in self.catalogs:
            self.save(key)

    def path(self, lang: str, slug: str) -> Path:
        return self.root / "translations" / lang / f"{slug}.po"

    def save(self, key: tuple[str, str]) -> None:
        write(self.path(*key), _po(key[0], self.catalogs[key]))

    def apply(self, op: tuple) -> None:
        kind, *args = op
        if kind == "translate":
            lang, slug, index, choice = args
            fuzzy = self.catalogs[lang, slug].get(index, (0, False))[1]
            self.catalogs[lang, slug][index] = (choice, fuzzy)
            self.save((lang, slug))
        elif kind == "fuzzy":
            lang, slug, index = args
            if index in self.catalogs[lang, slug]:
                choice, fuzzy = self.catalogs[lang, slug][index]
                self.catalogs[lang, slug][index] = (choice, not fuzzy)
                self.save((lang, slug))
        elif kind == "drop":
            lang, slug, index = args
            self.catalogs[lang, slug].pop(index, None)
            self.save((lang, slug))
        elif kind == "glossary":
            write(self.root / "glossary" / "terms.csv", GLOSSARIES[args[0]])
        elif kind == "config":
            write(self.root / "transflow.toml", _config(args[0]))
        elif kind == "source":
            source = self.root / "sources" / f"{args[0]}.txt"
            source.write_text(source.read_text() + "More.\n")
        elif kind == "touch":
            os.utime(self.path(*args))
        elif kind == "corrupt":
            corrupt(self.root / cache_module.CHECK_FOLDER, *args)
        elif kind == "wipe":
            for found in sorted((self.root / ".transflow").rglob("*"), reverse=True):
                found.rmdir() if found.is_dir() else found.unlink()

    def check(self, options: tuple, use_cache: bool) -> list[tuple]:
        langs, only, disable = options
        project = load_project(self.root)
        run = check_catalogs(project, langs=langs, only=only, disable=disable, use_cache=use_cache)
        return _comparable(run.findings)


def _comparable(findings: list) -> list[tuple]:
    return [(f.as_dict(), f.msgctxt, f.source_spans, f.target_spans) for f in findings]


CORRUPTIONS = ("truncate", "garbage", "empty", "flip", "shape", "swap", "delete", "folder")


def corrupt(folder: Path, how: str, which: int) -> None:
    """Damage one of the cache's files (an entry, files.json, project)."""
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if not files:
        return
    target = files[which % len(files)]
    other = files[(which + 1) % len(files)]
    if how == "truncate":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        target.write_bytes(b"\xff\x00{[" * 7)
    elif how == "empty":
        target.write_bytes(b"")
    elif how == "flip":  # one bit of one byte anywhere
        data = bytearray(target.read_bytes())
        data[which * 37 % len(data)] ^= 0x10
        target.write_bytes(bytes(data))
    elif how == "shape":  # whole, of this format and key, with wrong types or sizes inside
        if target.name == "files.json":
            target.write_text('{"format": 1, "files": [1]}')
            return
        head, body = cache_module._unpack(target.read_bytes())
        head = {k: v for k, v in head.items() if k != "format"}
        if "key" in head:  # the project checks' findings
            body = memoryview(b'[["inconsistent"], [["a.po", "ko", "inconsistent"]]]')
        else:
            field, value = [("lang", 7), ("findings", -1), ("records", head["records"] + 1),
                            ("findings", "x")][which % 4]  # fmt: skip
            head[field] = value
        target.write_bytes(cache_module._pack(head, bytes(body)))
    elif how == "swap":  # another catalog's entry under this one's name
        target.write_bytes(other.read_bytes())
    elif how == "delete":
        target.unlink()
    elif how == "folder":  # a folder where the entry was: it cannot be read nor written
        target.unlink()
        target.mkdir()


_lang = st.sampled_from(("ko", "zh"))
_slug = st.sampled_from(ARTICLES)
_index = st.integers(0, len(SENTENCES) - 1)
EDITS = st.one_of(
    st.tuples(st.just("translate"), _lang, _slug, _index, st.integers(0, 1)),
    st.tuples(st.just("fuzzy"), _lang, _slug, _index),
    st.tuples(st.just("drop"), _lang, _slug, _index),
    st.tuples(st.just("glossary"), st.integers(0, len(GLOSSARIES) - 1)),
    st.tuples(st.just("config"), st.integers(0, len(CONFIGS) - 1)),
    st.tuples(st.just("source"), _slug),
    st.tuples(st.just("touch"), _lang, _slug),
    st.tuples(st.just("corrupt"), st.sampled_from(CORRUPTIONS), st.integers(0, 20)),
    st.tuples(st.just("wipe")),
)


@settings(max_examples=max(10, settings().max_examples // 5))
@example(  # each QA profile, then back: the findings follow transflow.toml's [check]
    steps=[(("config", 2), OPTIONS[0]), (("config", 3), OPTIONS[3]), (("config", 0), OPTIONS[0])],
    settled=False,
)
@given(
    steps=st.lists(st.tuples(EDITS, st.sampled_from(OPTIONS)), min_size=1, max_size=6),
    settled=st.booleans(),
)
def test_a_cached_run_finds_what_a_full_run_finds(steps: list, settled: bool) -> None:
    """Random edits, each followed by two cached runs (the second answered whole) and a
    --no-cache run with the same options. `settled`: the clock is set an hour ahead, so
    every file looks settled and the stat prefilter trusts what files.json remembers (no
    file is changed within a tick of the clock after the run that read it: each run takes
    longer than a tick)."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        if settled:
            later = time.time_ns() + 3600 * 10**9
            stack.enter_context(mock.patch.object(cache_module.time, "time_ns", lambda: later))
        project = Project(Path(tmp))
        project.check(OPTIONS[0], use_cache=True)
        for edit, options in steps:
            project.apply(edit)
            cached = project.check(options, use_cache=True)
            again = project.check(options, use_cache=True)  # nothing changed: the answer kept
            assert cached == again == project.check(options, use_cache=False), (edit, options)


def test_a_warm_run_reads_no_catalog_and_loads_no_glossary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(tmp_path)
    project.apply(("translate", "ko", "alpha", 1, 1))  # a numbers error and an inconsistency
    later = time.time_ns() + 3600 * 10**9
    monkeypatch.setattr(cache_module.time, "time_ns", lambda: later)
    cold = project.check(OPTIONS[0], use_cache=True)
    assert {f[0]["check"] for f in cold} >= {"numbers", "inconsistent"}
    read: list[Path] = []
    real = cache_module.read_bytes

    def spy(path: Path) -> bytes:
        read.append(Path(path))
        return real(path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("read on a warm run")

    monkeypatch.setattr(cache_module, "read_bytes", spy)
    monkeypatch.setattr("transflow.checks.runner.read_bytes", refuse)
    monkeypatch.setattr("transflow.glossary.load_glossary", refuse)
    assert project.check(OPTIONS[0], use_cache=True) == cold
    assert read and all(cache_module.CHECK_FOLDER.as_posix() in p.as_posix() for p in read)
    # a catalog rewritten with other bytes of the same size is read and checked again
    monkeypatch.undo()
    monkeypatch.setattr(cache_module.time, "time_ns", lambda: later)
    path = project.path("ko", "alpha")
    text = path.read_text()
    path.write_text(text.replace("최소 840명이", "최소 480명이"))
    assert len(path.read_text()) == len(text)
    warm = project.check(OPTIONS[0], use_cache=True)
    assert warm == project.check(OPTIONS[0], use_cache=False)
    assert not any(f[0]["check"] == "numbers" for f in warm)


def test_what_is_checked_again_after_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog's own edit re-checks it alone; its source article's edit re-checks its
    catalogs (no check reads the article yet: a check that comes to read it must not get
    stale findings); the glossary's or transflow.toml's, every catalog."""
    project = Project(tmp_path)
    project.check(OPTIONS[0], use_cache=True)
    real = runner.read_bytes
    read: list[str] = []

    def spy(path: Path) -> bytes:
        read.append(Path(path).relative_to(tmp_path).as_posix())
        return real(path)

    monkeypatch.setattr(runner, "read_bytes", spy)
    for edit, again in (
        (("wipe",), 6),
        (None, 0),
        (("translate", "zh", "beta", 2, 1), ["translations/zh/beta.po"]),
        (("touch", "zh", "beta"), 0),
        (("source", "gamma"), ["translations/ko/gamma.po", "translations/zh/gamma.po"]),
        (("glossary", 1), 6),
        (("config", 1), 6),
    ):
        if edit:
            project.apply(edit)
        read.clear()
        project.check(OPTIONS[0], use_cache=True)
        assert (len(read) if isinstance(again, int) else sorted(read)) == again, edit


def test_a_run_answered_from_the_cache_imports_no_check_nor_rich(tmp_path: Path) -> None:
    """What makes a warm run fast: the check registry (every family, Babel's number data,
    markdown-it), the glossary automata and rich are not imported when the cache holds
    everything (a fresh process: this one has them all)."""
    project = Project(tmp_path)
    project.apply(("translate", "ko", "alpha", 1, 1))
    code = (
        "import sys\n"
        "from transflow import cli\n"
        "try:\n"
        "    cli.main(['check', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'transflow.checks.registry', 'transflow.checks.families.numbers.check',\n"
        "         'markdown_it', 'ahocorasick', 'rich.console'} & set(sys.modules)\n"
        "print(sorted(heavy), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def run() -> str:
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        return proc.stderr.strip().splitlines()[-1]

    assert "transflow.checks.registry" in run()  # cold: everything is checked
    assert run() == "[]"


def test_a_change_in_one_catalog_updates_consistency_findings_in_another(tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert project.check(OPTIONS[0], use_cache=True) == []
    # beta's translation now differs from alpha's and gamma's (both reviewed): beta is told
    project.apply(("translate", "ko", "beta", 0, 1))
    found = project.check(OPTIONS[0], use_cache=True)
    assert [(f[0]["file"], f[0]["check"]) for f in found] == [
        ("translations/ko/beta.po", "inconsistent")
    ]
    # alpha and gamma follow beta: now beta is the majority, and alpha... is told, though
    # alpha's own catalog has not changed since the last run
    project.apply(("translate", "ko", "gamma", 0, 1))
    found = project.check(OPTIONS[0], use_cache=True)
    assert [(f[0]["file"], f[0]["check"]) for f in found] == [
        ("translations/ko/alpha.po", "inconsistent")
    ]
    assert found == project.check(OPTIONS[0], use_cache=False)


def test_a_damaged_byte_in_an_entry_is_a_miss_not_a_wrong_finding(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.apply(("translate", "ko", "alpha", 1, 1))
    full = project.check(OPTIONS[0], use_cache=False)
    project.check(OPTIONS[0], use_cache=True)
    damaged = 0
    for entry in (tmp_path / cache_module.CHECK_FOLDER).glob("c-*"):
        data = entry.read_bytes()
        if b"(480)" in data:  # the finding's message, in the entry's findings JSON
            entry.write_bytes(data.replace(b"(480)", b"(481)"))
            damaged += 1
    assert damaged == 1
    assert project.check(OPTIONS[0], use_cache=True) == full


def test_a_cache_that_cannot_be_written_is_a_warning(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.apply(("translate", "ko", "alpha", 1, 1))
    full = run_cli("check", "--format", "json", "--no-cache", cwd=tmp_path)
    (tmp_path / ".transflow").write_text("not a folder\n")
    res = run_cli("check", "--format", "json", cwd=tmp_path)
    assert (res.code, res.stdout) == (full.code, full.stdout) and full.code == 1
    assert res.stderr.startswith("warning: the check cache could not be saved (")
    assert ".transflow: is a file, where a folder must be" in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_cache_folder_markers_and_pruning(tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert run_cli("check", cwd=tmp_path).code == 0
    cache = tmp_path / ".transflow" / "cache"
    assert (cache / ".gitignore").read_text().endswith("\n*\n")
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    entries = sorted((cache / "check").glob("c-*"))
    assert len(entries) == 6
    # --lang ko sees only ko: zh's entries stay; a full run drops a deleted catalog's
    project.path("zh", "gamma").unlink()
    assert run_cli("check", "--lang", "ko", cwd=tmp_path).code == 0
    assert len(list((cache / "check").glob("c-*"))) == 6
    assert run_cli("check", cwd=tmp_path).code == 0
    assert len(list((cache / "check").glob("c-*"))) == 5


def test_concurrent_runs_in_processes_with_other_hash_seeds_share_the_cache(
    tmp_path: Path,
) -> None:
    """Real processes, each with its own PYTHONHASHSEED (the records' hashes must not
    depend on it): three started together on an empty cache; then, after one process with
    another seed filled the cache again, an edit makes alpha disagree with beta and gamma,
    whose records three more processes (other seeds again, together) take from the cache."""
    project = Project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}

    def together(*seeds: int) -> list[tuple[int, str, str]]:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "transflow", "check", "--format", "json"],
                cwd=tmp_path,
                env={**env, "PYTHONHASHSEED": str(seed)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for seed in seeds
        ]
        outputs = [proc.communicate() for proc in procs]
        return [(proc.returncode, *out) for proc, out in zip(procs, outputs, strict=True)]

    def full() -> tuple[int, str, str]:
        res = run_cli("check", "--format", "json", "--no-cache", cwd=tmp_path)
        return res.code, res.stdout, res.stderr

    project.apply(("translate", "ko", "beta", 1, 1))  # a numbers error, to have findings
    expected = full()
    assert together(1, 2, 3) == [expected] * 3
    for entry in (tmp_path / cache_module.CHECK_FOLDER).glob("c-*"):
        cache_module._unpack(entry.read_bytes())  # whole files only: the checksum holds
    project.apply(("wipe",))
    assert together(4) == [expected]
    project.apply(("translate", "ko", "alpha", 0, 1))
    expected = full()
    assert '"check": "inconsistent"' in expected[1]
    assert together(5, 6, 7) == [expected] * 3


def test_an_unknown_check_id_fails_even_when_the_cache_holds_everything(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.apply(("translate", "ko", "alpha", 1, 1))
    assert run_cli("check", "--disable", "numbers", cwd=tmp_path).code in (0, 1)
    result = run_cli("check", "--disable", "numbrs", cwd=tmp_path)
    assert result.code == 2, result.stderr
    assert "unknown check 'numbrs'" in result.stderr
