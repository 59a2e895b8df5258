"""How `transflow check` scales, side by side with the Translate Toolkit's pofilter.

Generates a project with N segments per language (ko, zh; 500 distinct sentences per PO
file, a stub source article for each) and a
5,000-term glossary (the sample glossary plus synthetic concepts), then times
`transflow check --format json` and `pofilter` (its default checks) on the same PO files,
and reports the peak memory of each (resident set of the whole process tree, sampled).

transflow is timed cold (no .transflow/cache/: every catalog is checked and the cache
written), then warm: unchanged (every catalog's findings from the cache), after one
catalog is touched (its modification time only: it is hashed, not checked) and after one
catalog is edited (a translation gains or loses a digit: that catalog is checked again and
the consistency check runs over every catalog's records). Beside them, `transflow
--version`: the start-up every command pays. Every warm output is compared with the cold
run's (`--no-cache` once more after the last edit). The runs timed may write Python
bytecode (PYTHONDONTWRITEBYTECODE is unset for them), as an installed transflow has it: a
warm run that compiled transflow's modules each time would time the compiler.

pofilter is a benchmark-only tool, never a transflow dependency:

    .venv/bin/pip install translate-toolkit
    .venv/bin/python benchmarks/check_scale.py                 # 1k, 10k, 100k
    .venv/bin/python benchmarks/check_scale.py --sizes 1000 --keep /tmp/bench
    .venv/bin/python benchmarks/check_scale.py --sizes 100000 --no-pofilter \
        --baseline /tmp/old-checkout/src     # another transflow tree, interleaved, same files

This machine's speed drifts (the same command's CPU time varies by up to 1.6x from minute
to minute), so transflow is run --runs times (median and best reported; pofilter, at ~70 s
a run, once) and a fixed pure-Python workload is timed before each size as a yardstick.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_FILE = 500
TERMS = 5000

# (English, Korean, Chinese) with {n} a number and {t} a glossary term slot
TEMPLATES = [
    (
        "About {n:,} {t} were held in detention centers as of Nov. 1.",
        "11월 1일 기준 약 {n}명의 {tk}이 구금시설에 수용돼 있었다.",
        "截至11月1日，约{n}名{tz}被关押在拘留中心。",
    ),
    (
        "The {t} said at least {n} people were sent back across the Yalu River.",
        "{tk}은 최소 {n}명이 압록강을 건너 송환됐다고 밝혔다.",
        "{tz}表示，至少{n}人被遣返过鸭绿江。",
    ),
    (
        "Trade with the {t} climbed {p}% to roughly ${b} billion this year.",
        "{tk}과의 교역은 올해 {p}% 늘어 약 {b10}억 달러에 달했다.",
        "与{tz}的贸易今年增长{p}%，达到约{b10}亿美元。",
    ),
    (
        "A video about the {t} has been viewed more than {m} million times.",
        "{tk}에 관한 영상은 {m100}만 회 이상 조회됐다.",
        "关于{tz}的视频观看次数已超过{m100}万次。",
    ),
    (
        "“How long are we supposed to wait?” asked a member of the {t}.",
        "{tk}의 한 회원은 “얼마나 더 기다려야 하느냐”고 물었다.",
        "{tz}的一名成员问道：“我们还要等多久？”",
    ),
    (
        "The recommendation was adopted at 3 p.m. on June {d}, the {t} said.",
        "{tk}에 따르면 권고안은 6월 {d}일 오후 3시에 채택됐다.",
        "{tz}说，该建议于6月{d}日下午3时获得通过。",
    ),
    (
        "The {t} has published [a list of cases](https://example.org/cases/{n}) online.",
        "{tk}은 [사례 목록](https://example.org/cases/{n})을 온라인에 공개했다.",
        "{tz}已在网上公布了[案例清单](https://example.org/cases/{n})。",
    ),
    (
        "North Korean defectors urged the {t} to stop the forced repatriation of {n} people.",
        "탈북민들은 {tk}에 {n}명의 강제북송을 중단하라고 촉구했다.",
        "脱北者敦促{tz}停止强制遣返{n}人。",
    ),
]


def make_glossary(folder: Path, rng: random.Random) -> list[tuple[str, str, str]]:
    """The sample glossary plus synthetic concepts up to TERMS rows; returns the synthetic."""
    folder.mkdir(parents=True, exist_ok=True)
    sample = (ROOT / "glossary" / "newsroom.csv").read_text(encoding="utf-8")
    shutil.copy(ROOT / "glossary" / "newsroom.csv", folder / "newsroom.csv")
    have = sum(1 for line in sample.splitlines()[1:] if line and not line.startswith("#"))
    words = [
        "Provincial",
        "Committee",
        "Bureau",
        "Council",
        "Office",
        "Agency",
        "Board",
        "Institute",
        "Center",
        "Commission",
        "Forum",
        "Network",
        "Alliance",
        "League",
    ]
    places = [
        "Harbin",
        "Yanji",
        "Hunchun",
        "Tumen",
        "Helong",
        "Longjing",
        "Hyesan",
        "Musan",
        "Chongjin",
        "Hamhung",
        "Wonsan",
        "Kaesong",
        "Nampo",
        "Rason",
        "Kanggye",
    ]
    ko_words = ["위원회", "사무국", "협의회", "사무소", "기구", "이사회", "연구소", "센터"]
    zh_words = ["委员会", "办公室", "理事会", "机构", "研究所", "中心", "论坛", "联盟"]
    synthetic = []
    rows = ["en,ko,zh"]
    for i in range(TERMS - have):
        en = f"{rng.choice(places)} {rng.choice(words)} {i}"
        ko = f"{i}호 {rng.choice(ko_words)}"
        zh = f"第{i}号{rng.choice(zh_words)}"
        rows.append(f"{en},{ko},{zh}")
        synthetic.append((en, ko, zh))
    (folder / "synthetic.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return synthetic


def make_catalogs(folder: Path, segments: int, terms, rng: random.Random) -> int:
    """PO files under translations/{ko,zh}/, written the way `transflow extract` writes them
    (polib, long strings wrapped); 1% of entries carry an injected number error."""
    import polib

    from transflow.po.catalog import WRAP_WIDTH, render

    pairs = []
    seen: set[tuple[int, int]] = set()  # (file, term): one entry per sentence in a catalog
    for i in range(segments):
        en_t, ko_t, zh_t = TEMPLATES[i % len(TEMPLATES)]
        term = rng.randrange(len(terms))
        while (i // PER_FILE, term) in seen:
            term = rng.randrange(len(terms))
        seen.add((i // PER_FILE, term))
        t_en, t_ko, t_zh = terms[term]
        n = 100 + i
        p = round(rng.uniform(1, 40), 1)
        b = round(rng.uniform(1, 9), 1)
        m = round(rng.uniform(1, 9), 1)
        values = dict(
            n=n,
            t=t_en,
            tk=t_ko,
            tz=t_zh,
            p=p,
            b=b,
            b10=round(b * 10),
            m=m,
            m100=round(m * 100),
            d=1 + i % 28,
        )
        ko, zh = ko_t.format(**values), zh_t.format(**values)
        if i % 100 == 7:  # an injected error: a wrong number
            ko = ko.replace(str(n), str(n + 1), 1)
        pairs.append((en_t.format(**values), ko, zh))
    files = 0
    for lang, col in (("ko", 1), ("zh", 2)):
        out = folder / "translations" / lang
        out.mkdir(parents=True, exist_ok=True)
        for start in range(0, segments, PER_FILE):
            chunk = pairs[start : start + PER_FILE]
            po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
            po.metadata = {
                "Project-Id-Version": "bench",
                "Language": lang,
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
                "Plural-Forms": "nplurals=1; plural=0;",
                "X-Source-Language": "en",
            }
            for j, pair in enumerate(chunk):
                po.append(
                    polib.POEntry(
                        msgid=pair[0],
                        msgstr=pair[col],
                        comment="type: paragraph",
                        occurrences=[(f"sources/article-{start // PER_FILE}.md", str(2 * j + 1))],
                    )
                )
            (out / f"article-{start // PER_FILE:05d}.po").write_text(render(po), "utf-8")
            files += 1
    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    for start in range(0, segments, PER_FILE):
        slug = f"article-{start // PER_FILE:05d}"
        (sources / f"{slug}.txt").write_text(f"{slug}\n\nArticle {slug}\n\nText.\n", "utf-8")
    return files


def make_project(folder: Path, segments: int) -> int:
    rng = random.Random(segments)
    (folder / "transflow.toml").write_text(
        '[project]\nname = "bench"\ntarget_languages = ["ko", "zh"]\n', encoding="utf-8"
    )
    terms = make_glossary(folder / "glossary", rng)
    return make_catalogs(folder, segments, terms, rng)


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def measure(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, int, str]:
    """(seconds, peak MiB of the process tree, exit code, stdout)."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err[-2000:]}")
    return elapsed, peak / 2**20, proc.returncode, out


def incremental(check: list[str], base: Path, cold: str, runs: int) -> dict[str, float]:
    """Median seconds of warm runs: unchanged, after touching one catalog, after editing
    one (a digit added to, then taken from, its last translation, in turns). Each output
    must be the cold run's, and the last edited one a `--no-cache` run's."""
    catalog = sorted((base / "translations" / "ko").glob("*.po"))[0]
    original = catalog.read_text("utf-8")
    at = original.rindex('\nmsgstr "') + len('\nmsgstr "')
    edited = original[:at] + "7" + original[at:]
    times: dict[str, list[float]] = {"unchanged": [], "touched": [], "edited": []}
    expected = cold
    for run in range(runs):
        elapsed, _, _, out = measure(check, base)
        times["unchanged"].append(elapsed)
        os.utime(catalog)
        elapsed, _, _, touched = measure(check, base)
        times["touched"].append(elapsed)
        if out != expected or touched != expected:
            raise SystemExit("a warm run's output differs from the run before it")
        catalog.write_text(edited if run % 2 == 0 else original, "utf-8")
        elapsed, _, _, expected = measure(check, base)
        times["edited"].append(elapsed)
    if expected != measure([*check, "--no-cache"], base)[3]:
        raise SystemExit("after an edit, the cached output differs from a --no-cache run's")
    catalog.write_text(original, "utf-8")
    measure(check, base)  # the cache as the cold run left it
    return {name: statistics.median(values) for name, values in times.items()}


def yardstick() -> float:
    """Seconds for a fixed pure-Python workload (regex, f-strings, dicts), best of 3: the
    machine's speed at that moment, to read the other figures against."""
    import re

    pattern = re.compile(r"\d\d*(?:,\d{3})*")
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        seen = {}
        for i in range(300_000):
            text = f"abc {i} def {i * 7}"
            seen[text] = pattern.findall(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--keep", type=Path, help="Generate into this folder and keep it.")
    parser.add_argument("--no-pofilter", action="store_true")
    parser.add_argument("--runs", type=int, default=5, help="transflow runs per size")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="SRC",
        help="the src/ folder of another transflow checkout: its `check` is timed on the same "
        "files, run for run interleaved with this tree's (the machine's speed drifts), and "
        "its JSON output compared with this tree's",
    )
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    bindir = Path(sys.executable).parent
    transflow = [str(bindir / "transflow")]
    pofilter = shutil.which("pofilter", path=str(bindir)) or shutil.which("pofilter")
    if not pofilter and not args.no_pofilter:
        raise SystemExit(
            "pofilter not found: .venv/bin/pip install translate-toolkit "
            "(benchmark only), or pass --no-pofilter"
        )
    print(
        f"glossary: {TERMS} concepts; languages: ko, zh; {PER_FILE} entries per PO file; "
        f"{os.cpu_count()} cores"
    )
    print(
        f"{'segments/lang':>13} {'entries':>8} {'files':>6} | {'cold s':>6} "
        f"{'best s':>6} {'MiB':>6} {'findings':>8} | {'warm s':>6} {'touched':>7} "
        f"{'edited':>6} {'start':>5} | {'pofilter s':>10} {'MiB':>6} | "
        f"{'speed-up':>8} {'µs/entry':>8} | {'yardstick s':>11}"
    )
    for size in args.sizes:
        base = args.keep / str(size) if args.keep else Path(tempfile.mkdtemp(prefix="tfbench"))
        if base.exists() and args.keep:
            shutil.rmtree(base)
        base.mkdir(parents=True, exist_ok=True)
        try:
            files = make_project(base, size)
            entries = 2 * size
            ruler = yardstick()
            times, t_mem, out = [], 0.0, ""
            old_times, old_out = [], ""
            check = [*transflow, "check", "--format", "json"]
            old_env = {**os.environ, "PYTHONPATH": str(args.baseline)} if args.baseline else None
            for _ in range(max(1, args.runs)):
                shutil.rmtree(base / ".transflow" / "cache", ignore_errors=True)
                elapsed, mem, _, out = measure(check, base)
                times.append(elapsed)
                t_mem = max(t_mem, mem)
                if old_env is not None:
                    elapsed, _, _, old_out = measure(check, base, old_env)
                    old_times.append(elapsed)
            t_time, t_best = statistics.median(times), min(times)
            if old_times:
                old_time = statistics.median(old_times)
                print(
                    f"{'':>13} baseline {args.baseline}: median {old_time:.2f} s, best "
                    f"{min(old_times):.2f} s; this tree / baseline = {t_time / old_time:.3f} "
                    f"(median), {t_best / min(old_times):.3f} (best); JSON output "
                    + ("identical" if old_out == out else "DIFFERENT"),
                    flush=True,
                )
            findings = out.count('"check":')
            warm = incremental(check, base, out, max(1, args.runs))
            start = statistics.median(
                measure([*transflow, "--version"], base)[0] for _ in range(max(1, args.runs))
            )
            p_time = p_mem = float("nan")
            if not args.no_pofilter:
                report = base / "pofilter-out"
                p_time, p_mem, _, _ = measure(
                    [pofilter, "--progress=none", "-i", "translations", "-o", str(report)], base
                )
            ratio = p_time / t_time if p_time == p_time else float("nan")
            print(
                f"{size:>13,} {entries:>8,} {files:>6} | {t_time:>6.2f} {t_best:>6.2f} "
                f"{t_mem:>6.0f} {findings:>8,} | {warm['unchanged']:>6.2f} "
                f"{warm['touched']:>7.2f} {warm['edited']:>6.2f} {start:>5.2f} | "
                f"{p_time:>10.2f} {p_mem:>6.0f} | "
                f"{ratio:>7.1f}x {1e6 * t_time / entries:>8.1f} | {ruler:>11.2f}",
                flush=True,
            )
        finally:
            if not args.keep:
                shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
