"""`transflow translate` on 1,000 segments: one process (the baseline) vs Ray actors.

The model and project are `benchmarks/translate_speed.py`'s (its `prepare`): an Argos
package of Transformer-base shape (6+6 layers, d_model 512, 32k vocabulary, int8, seeded
random weights, decode capped at --cap tokens since random weights never stop on their own)
and a generated project of 10 news articles, here with 1,000 sentences. Each run is a fresh
process on a fresh copy of the extracted project, through the library as the command calls
it (`translate_project`):

- in-process: the default executor, CTranslate2 with one thread per core;
- ray: `RayExecutor` on a local Ray instance started with `--cpus` CPUs (one actor per CPU,
  one CTranslate2 thread each); Ray's start-up (`ray.init`) is timed apart from the
  translation, since on a cluster that is already running a job does not pay it.

Runs alternate between the two (the machine is shared), the best of --runs is reported with
the spread, and the catalogs both write are compared byte for byte.

    .venv/bin/python benchmarks/ray_translate.py [--runs 2] [--cpus 2] [--cap 40]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.argos_fixtures
sys.path.insert(0, str(ROOT / "benchmarks"))  # translate_speed (a `benchmarks` is installed)

STAMP = "2026-01-01 00:00+0000"  # one PO-Revision-Date, so the two runs compare by bytes


def child(mode: str, work: Path, cpus: int) -> dict:
    """One timed run in this (fresh) process; the catalogs land in work/out-<mode>."""
    from transflow.project.config import load_project
    from transflow.translate import translate as translate_module
    from transflow.translate.translate import translate_project

    project = work / f"run-{mode}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(work / "project", project)
    shutil.rmtree(project / "translations")
    shutil.copytree(work / "pristine", project / "translations")
    translate_module.now_stamp = lambda: STAMP  # type: ignore[assignment]
    result = {"mode": mode, "startup": 0.0}
    if mode == "ray":
        import logging

        import ray

        from transflow.translate.executors import RayExecutor

        t0 = time.perf_counter()
        ray.init(num_cpus=cpus, include_dashboard=False, logging_level=logging.ERROR)
        result["startup"] = time.perf_counter() - t0
        executor = RayExecutor()
    else:
        executor = None
    t0 = time.perf_counter()
    report = translate_project(load_project(project), executor=executor)
    result["seconds"] = time.perf_counter() - t0
    result["segments"] = report.from_mt
    if mode == "ray":
        result["actors"] = executor.actors  # type: ignore[union-attr]
        ray.shutdown()
    out = work / f"out-{mode}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(project / "translations", out)
    return result


def run_child(mode: str, work: Path, cpus: int, packages: str) -> dict:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": packages}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--workdir", str(work), "--cpus", str(cpus)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        sys.exit(f"{mode} run failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def same_catalogs(work: Path) -> bool:
    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.po")}

    return files(work / "out-in-process") == files(work / "out-ray")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray instance")
    parser.add_argument("--cap", type=int, default=40, help="max_decoding_length")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/transflow-ray-bench"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.workdir, args.cpus)))
        return

    from translate_speed import prepare

    info = prepare(args.workdir, args.sentences, args.cap)
    print(f"load: {os.getloadavg()[0]:.2f} (1-min average) on {os.cpu_count()} cores")
    segments = len(info["segments"])
    print(f"{segments} segments, Transformer base (random weights, int8), cap {args.cap}")
    runs: dict[str, list[dict]] = {"in-process": [], "ray": []}
    for run in range(args.runs):
        order = ["in-process", "ray"] if run % 2 == 0 else ["ray", "in-process"]
        for mode in order:
            result = run_child(mode, args.workdir, args.cpus, str(Path(info["package"]).parent))
            runs[mode].append(result)
            extra = f" (+ {result['startup']:.1f} s Ray start-up)" if mode == "ray" else ""
            print(f"  run {run + 1} {mode:<10} {result['seconds']:6.1f} s{extra}", flush=True)
    base = min(r["seconds"] for r in runs["in-process"])
    print(f"\n{'executor':<26} {'best':>8} {'spread':>8} {'segments/s':>11} {'vs baseline':>12}")
    for mode, results in runs.items():
        times = [r["seconds"] for r in results]
        best = min(times)
        label = mode if mode == "in-process" else f"ray ({results[0]['actors']} actors)"
        print(
            f"{label:<26} {best:7.1f}s {max(times) - best:7.1f}s "
            f"{results[0]['segments'] / best:11.1f} {best / base - 1:+11.0%}"
        )
    startup = min(r["startup"] for r in runs["ray"])
    print(f"{'ray start-up (ray.init)':<26} {startup:7.1f}s")
    print(f"same catalogs byte for byte: {'yes' if same_catalogs(args.workdir) else 'NO'}")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
