"""Time from `transflow review` to its first screen, measured as a user sees it.

The real CLI runs under a pseudo-terminal (80x24, like a small terminal window) on a copy of
the sample project; the clock stops when the first frame with the segment list has been
written to the terminal, and again when checks, glossary and translation memory have loaded
in the background (the list heading then says "N with findings" instead of "checking…").
Then ctrl+q quits. No MT model is loaded at any point: that happens only on retranslate.

Side by side: the interpreter alone and `transflow --help` (which must not import textual).

    .venv/bin/python benchmarks/review_startup.py [--runs 5] [--project DIR]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
TARGET = 1.0  # seconds: the aim for the first screen


def copy_project(src: Path, dest: Path) -> Path:
    for name in ("transflow.toml", "sources", "translations", "glossary"):
        path = src / name
        if path.is_dir():
            shutil.copytree(path, dest / name)
        elif path.exists():
            shutil.copy2(path, dest / name)
    return dest


def timed_review(project: Path, timeout: float = 30.0) -> tuple[float, float | None]:
    """(seconds to first screen, seconds until checks/glossary/TM are loaded)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "transflow", "review", "--reviewer", "bench"],
        cwd=project,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    first = loaded = None
    try:
        while time.perf_counter() - start < timeout and loaded is None:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            text = ANSI.sub(b"", seen)
            if first is None and b"pending of" in text:
                first = time.perf_counter() - start
            if first is not None and b"with findings" in text:
                loaded = time.perf_counter() - start
        if first is None:
            tail = ANSI.sub(b"", seen)[-400:].decode("utf-8", "replace")
            raise SystemExit(f"no first screen within {timeout} s; the terminal showed:\n{tail}")
    finally:
        os.write(master, b"\x11")  # ctrl+q
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        while True:  # drain so the child never blocks on a full pty
            ready, _, _ = select.select([master], [], [], 0)
            if not ready:
                break
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        os.close(master)
    return first, loaded


def timed_command(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, default=ROOT, help="default: the sample project")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(args.project, Path(tmp))
        python = [timed_command([sys.executable, "-c", "pass"], project) for _ in range(args.runs)]
        helps = [
            timed_command([sys.executable, "-m", "transflow", "--help"], project)
            for _ in range(args.runs)
        ]
        firsts, loads = [], []
        for _ in range(args.runs):
            first, loaded = timed_review(project)
            firsts.append(first)
            if loaded is not None:
                loads.append(loaded)

    def row(label: str, values: list[float], note: str = "") -> None:
        med = statistics.median(values)
        print(f"{label:<44} {med:7.3f} s  (min {min(values):.3f}, n={len(values)}){note}")

    print(f"project: {args.project}  terminal: 80x24  python: {sys.version.split()[0]}")
    row("python -c pass (interpreter baseline)", python)
    row("transflow --help", helps)
    verdict = "  OK" if statistics.median(firsts) < TARGET else "  SLOWER THAN TARGET"
    row("transflow review -> first screen", firsts, f"  target < {TARGET:.1f} s{verdict}")
    if loads:
        row("  ... checks + glossary + TM loaded", loads, "  (background, after first screen)")


if __name__ == "__main__":
    main()
