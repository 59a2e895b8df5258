"""Machine-translation speed: transflow vs the argostranslate way vs raw CTranslate2.

One model of the shape of a published Argos package (Transformer base: 6+6 layers, d_model
512, 8 heads, FFN 2048, 32k vocabulary, int8; seeded random weights, built by
`tests/argos_fixtures.py`) and the same 500 news sentences, three ways:

1. `transflow translate`, end to end: a generated project (10 articles, 500 segments
   after `transflow extract`), timed as the whole process (start-up, reading, TM, model
   load, translation, writing the PO files);
2. the argostranslate way: `argostranslate.translate.translate(text, "en", "ko")` per
   sentence, as an application calls it, with argostranslate's own settings (beam 4,
   CTranslate2 threads left at its default). Offline its MiniSBD sentence splitter cannot
   download its model, so it gets a pass-through splitter (each text is one sentence
   already; this costs nothing and favours argostranslate). stanza, which it imports but
   does not use on this path, is a stub; argostranslate is installed with --no-deps;
3. raw `ctranslate2.Translator.translate_batch` on pre-tokenized input, one call, the
   same threads as transflow: the limit.

Random weights never emit `</s>` reliably, so every approach decodes with the same
`max_decoding_length` (--cap): transflow through `[engine] max_decoding_length` (relative
cap off), argostranslate through a Translator wrapper that adds the argument, raw directly.
Same beam size everywhere (--beam, default 2 to keep a run short on 2 cores; it reaches
argostranslate as its own ARGOS_BEAM_SIZE setting).

Each approach runs in its own process; peak memory is that process's max RSS, CPU seconds
its user + system time (for (3), of the translate_batch call). transflow runs byte-compiled,
as an installed package does (the script compiles the package it imports first, since
PYTHONDONTWRITEBYTECODE would otherwise make every run compile its modules anew). (1) is
end to end and (3) the translate_batch call alone, so (1) - (3) is everything transflow
adds: start-up, model load, tokenization, PO reading and writing, and its batching; raw's
own whole process is printed beside it. With `--runs N` the approaches alternate (the order
rotates each round, so both see the same load); the best time and the spread are shown,
and the load average before and after: the machine is shared.

    .venv/bin/python benchmarks/translate_speed.py [--runs 3] [--cap 40] [--beam 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.argos_fixtures

BEAM = 2  # --beam; argostranslate gets it as ARGOS_BEAM_SIZE (its own setting)
ARTICLES = 10

# --------------------------------------------------------------------------------------
# the 500 sentences

_NAMES = ["Kim Min-jun", "Lee Seo-yeon", "Park Ji-ho", "Choi Mi-ran", "Zhang Wei", "Li Na",
          "Wang Fang", "Maria Santos", "James Carter", "Amina Yusuf", "Han Dong-hyun",
          "Oh Soo-jin", "Liu Yang", "Chen Jing", "Sarah Cohen", "Ahmed Khan"]  # fmt: skip
_PLACES = ["Seoul", "Beijing", "Shenyang", "Dandong", "Geneva", "Tokyo", "Busan", "Incheon",
           "Shanghai", "Hong Kong", "Bangkok", "Ulaanbaatar", "Vladivostok",
           "Washington"]  # fmt: skip
_ORGS = ["the foreign ministry", "the unification ministry", "a rights group",
         "the police", "the city council", "the central bank", "the trade union",
         "a local court", "the election commission", "the health ministry",
         "an aid agency", "the coast guard"]  # fmt: skip
_TOPICS = ["housing prices", "the detention of defectors", "a new trade agreement",
           "the minimum wage", "flood relief", "border security", "food shortages",
           "a corruption inquiry", "school funding", "refugee protection", "energy costs",
           "the fishing industry", "public transport fares", "air pollution"]  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_TEMPLATES = [
    "{org} said on {day} that {topic} would be reviewed before the end of the year.",
    "{name} told reporters in {place} that {org} had not answered her letters.",
    "About {n} people gathered in central {place} on {day} to protest against {topic}.",
    "Officials in {place} declined to comment on {topic} when asked by reporters.",
    "The report, released by {org} on {day}, found that {topic} had worsened since {year}.",
    "{name}, who has worked in {place} for {k} years, said the situation was unprecedented.",
    "According to {org}, at least {n} families were affected by {topic} last month.",
    "Critics say {org} has done too little to address {topic} in {place}.",
    "The talks in {place} ended on {day} without an agreement on {topic}.",
    "{name} said she had waited {k} months for news from {place}.",
    "Prices in {place} rose {k} percent in the year to March, driven by {topic}.",
    "{org} will hold a hearing on {topic} in {place} next {day}.",
    "Witnesses said police in {place} detained {k} activists on {day} evening.",
    "The decision by {org} was welcomed by residents of {place} but criticized by {name}.",
    "In a statement on {day}, {org} urged all parties to resolve {topic} peacefully.",
    "More than {n} signatures were collected in {place} calling for action on {topic}.",
]


def news_sentences(count: int, seed: int = 2024) -> list[str]:
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        text = rng.choice(_TEMPLATES).format(
            org=rng.choice(_ORGS),
            name=rng.choice(_NAMES),
            place=rng.choice(_PLACES),
            topic=rng.choice(_TOPICS),
            day=rng.choice(_DAYS),
            n=rng.randrange(100, 20000, 10),
            k=rng.randint(2, 40),
            year=rng.randint(2010, 2024),
        )
        seen[text[0].upper() + text[1:]] = None
    return list(seen)


# --------------------------------------------------------------------------------------
# setup: model package + project (cached in --workdir)


def prepare(work: Path, count: int, cap: int) -> dict:
    from tests.argos_fixtures import make_package, train_sentencepiece, training_lines

    stamp = {"count": count, "cap": cap, "beam": BEAM, "version": 3}
    stamp_path = work / "stamp.json"
    if stamp_path.exists() and json.loads(stamp_path.read_text()) == stamp:
        return json.loads((work / "info.json").read_text())
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sentences = news_sentences(count)
    t0 = time.perf_counter()
    corpus = training_lines(2000) + sentences + news_sentences(3000, seed=99)
    sp_model = train_sentencepiece(corpus, vocab_size=8000)
    package = make_package(work / "packages", "en", "ko", version="1.0", kind="random",
                           sp_model=sp_model, vocab_size=32000)  # fmt: skip
    build = time.perf_counter() - t0

    project = work / "project"
    (project / "sources").mkdir(parents=True)
    (project / "transflow.toml").write_text(
        '[project]\nname = "bench"\nsource_language = "en"\ntarget_languages = ["ko"]\n\n'
        f"[engine]\nbeam_size = {BEAM}\nmax_decoding_length = {cap}\n"
        "decoding_length_ratio = 0  # same fixed cap as the other two approaches\n"
    )
    per = count // ARTICLES
    for a in range(ARTICLES):
        chunk = sentences[a * per : (a + 1) * per]
        title = chunk[0].rstrip(".")
        paragraphs = [" ".join(chunk[i : i + 4]) for i in range(1, len(chunk), 4)]
        body = "\n\n".join(paragraphs)
        (project / "sources" / f"article-{a:02d}.txt").write_text(
            f"article-{a:02d}\n\n{title}\n\n{body}\n"
        )
    subprocess.run([str(Path(sys.executable).parent / "transflow"), "extract"], cwd=project,
                   check=True, capture_output=True)  # fmt: skip
    shutil.copytree(project / "translations", work / "pristine")
    segments = _segments(project)
    info = {
        "package": str(package),
        "project": str(project),
        "segments": segments,
        "build_seconds": round(build, 1),
        "model_mb": round(sum(f.stat().st_size for f in (package / "model").rglob("*")) / 1e6),
        "vocab": 32000,
    }
    (work / "info.json").write_text(json.dumps(info))
    stamp_path.write_text(json.dumps(stamp))
    return info


def _segments(project: Path) -> list[str]:
    import polib

    out = []
    for path in sorted((project / "translations" / "ko").glob("*.po")):
        out += [e.msgid for e in polib.pofile(str(path)) if not e.obsolete]
    return out


# --------------------------------------------------------------------------------------
# workers (each in its own process)


def worker_raw(info: dict, cap: int) -> dict:
    import ctranslate2
    import sentencepiece

    from transflow.engines.argos.engine import EngineSettings

    package = Path(info["package"])
    t0 = time.perf_counter()
    translator = ctranslate2.Translator(
        str(package / "model"),
        device="cpu",
        compute_type="auto",
        inter_threads=1,
        intra_threads=EngineSettings().intra_threads,
    )
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    load = time.perf_counter() - t0
    tokens = [sp.encode(s, out_type=str) for s in info["segments"]]
    t0, cpu0 = time.perf_counter(), time.process_time()
    results = translator.translate_batch(
        tokens,
        max_batch_size=2048,
        batch_type="tokens",
        beam_size=BEAM,
        length_penalty=0.2,
        max_decoding_length=cap,
        return_scores=True,
    )
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    assert len(results) == len(tokens)
    out_tokens = sum(len(r.hypotheses[0]) for r in results)
    return {"seconds": seconds, "cpu": cpu, "load_seconds": load, "output_tokens": out_tokens}


def worker_argos(info: dict, cap: int) -> dict:
    import types

    # Stand-ins for the sentence splitters argostranslate imports: stanza (not installed,
    # unused on this path) and MiniSBD (whose ONNX model would be downloaded on first use).
    stanza = types.ModuleType("stanza")
    minisbd = types.ModuleType("minisbd")
    minisbd_models = types.ModuleType("minisbd.models")
    minisbd_models.list_models = lambda: ["en"]

    class SBDetect:  # pass-through: every benchmark text is one sentence
        def __init__(self, lang, use_gpu=False) -> None:
            pass

        def sentences(self, text: str) -> list[str]:
            return [text]

    minisbd.SBDetect, minisbd.models = SBDetect, minisbd_models
    sys.modules.update({"stanza": stanza, "minisbd": minisbd, "minisbd.models": minisbd_models})

    import ctranslate2
    from argostranslate import translate as argos_translate

    class CappedTranslator:
        """ctranslate2.Translator with the benchmark's decode cap (random weights)."""

        def __init__(self, *args, **kwargs) -> None:
            self.inner = ctranslate2.Translator(*args, **kwargs)

        def translate_batch(self, *args, **kwargs):
            return self.inner.translate_batch(*args, max_decoding_length=cap, **kwargs)

    argos_translate.ctranslate2 = types.SimpleNamespace(Translator=CappedTranslator)
    t0 = time.perf_counter()
    outputs = [argos_translate.translate(s, "en", "ko") for s in info["segments"]]
    seconds = time.perf_counter() - t0
    assert len(outputs) == len(info["segments"])
    return {"seconds": seconds}


def run_worker(name: str, work: Path, cap: int) -> dict:
    """Run one approach in a fresh process; wall seconds and peak RSS from wait4."""
    info = json.loads((work / "info.json").read_text())
    home = work / "home"
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(Path(info["package"]).parent),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_BEAM_SIZE": str(BEAM),
    }
    if name == "transflow":
        project = Path(info["project"])
        shutil.rmtree(project / "translations")
        shutil.copytree(work / "pristine", project / "translations")
        cmd = [str(Path(sys.executable).parent / "transflow"), "translate"]
        cwd = project
    else:
        cmd = [sys.executable, __file__, "--worker", name, "--workdir", str(work), "--cap",
               str(cap), "--beam", str(BEAM)]  # fmt: skip
        cwd = ROOT
    with open(work / f"{name}.out", "w+") as out, open(work / f"{name}.err", "w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of exactly this process
        wall = time.perf_counter() - t0
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{name} failed:\n{stderr}")
    result = json.loads(stdout.strip().splitlines()[-1]) if name != "transflow" else {}
    if name == "transflow":
        result["seconds"] = wall
        result["cpu"] = usage.ru_utime + usage.ru_stime
        import polib

        done = sum(
            1
            for p in (Path(info["project"]) / "translations" / "ko").glob("*.po")
            for e in polib.pofile(str(p))
            if "fuzzy" in e.flags and e.msgstr
        )
        assert done == len(info["segments"]), (done, stdout, stderr)
    result["wall"] = wall
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    return result


# --------------------------------------------------------------------------------------


def main() -> None:
    global BEAM
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--cap", type=int, default=40, help="max_decoding_length everywhere")
    parser.add_argument("--beam", type=int, default=BEAM, help="beam size everywhere")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/transflow-bench"))
    parser.add_argument("--only", default="transflow,argos,raw")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    BEAM = args.beam

    if args.worker:
        info = json.loads((args.workdir / "info.json").read_text())
        result = {"raw": worker_raw, "argos": worker_argos}[args.worker](info, args.cap)
        print(json.dumps(result))
        return

    if args.prepare:
        prepare(args.workdir, args.sentences, args.cap)
        return
    # Build in a child process: Linux carries a parent's peak RSS into the ru_maxrss of the
    # children it forks, so this process must stay small for the per-approach figures.
    subprocess.run([sys.executable, __file__, "--prepare", "--workdir", str(args.workdir),
                    "--sentences", str(args.sentences), "--cap", str(args.cap),
                    "--beam", str(BEAM)], check=True)  # fmt: skip
    info = json.loads((args.workdir / "info.json").read_text())
    n = len(info["segments"])
    if "transflow" in args.only:
        _compile_transflow()
    print(
        f"model: Transformer base 6+6, d_model 512, 8 heads, FFN 2048, vocab {info['vocab']}, "
        f"int8, random seeded weights ({info['model_mb']} MB); built in "
        f"{info['build_seconds']} s (cached in {args.workdir})"
    )
    print(f"input: {n} news sentences, beam {BEAM}, max_decoding_length {args.cap} everywhere, "
          f"{os.cpu_count()} cores; {args.runs} run(s), best time shown")  # fmt: skip
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    names = [x for x in ("transflow", "argos", "raw") if x in args.only.split(",")]
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for r in range(args.runs):
        order = names[r % len(names) :] + names[: r % len(names)]  # rotate: spread the noise
        for name in order:
            res = run_worker(name, args.workdir, args.cap)
            runs[name].append(res)
            cpu = f"{res['cpu']:7.2f} cpu s" if "cpu" in res else ""
            print(f"  run {r + 1} {name:9} {res['seconds']:7.2f} s {cpu} "
                  f"{res['peak_rss_mb']:6.0f} MB", flush=True)  # fmt: skip

    labels = {
        "transflow": "(1) transflow translate, end to end",
        "argos": "(2) argostranslate translate() per text",
        "raw": "(3) raw translate_batch, pre-tokenized",
    }
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print()
    print(f"{'approach':42} {'best s':>8} {'spread s':>14} {'sent/s':>8} {'cpu s':>8} "
          f"{'peak MB':>8}")  # fmt: skip
    best = {}
    for name in names:
        times = [x["seconds"] for x in runs[name]]
        best[name] = min(times)
        spread = f"{min(times):.2f}-{max(times):.2f}" if len(times) > 1 else "-"
        cpus = [x["cpu"] for x in runs[name] if "cpu" in x]
        cpu = f"{min(cpus):8.2f}" if cpus else f"{'-':>8}"
        mem = max(x["peak_rss_mb"] for x in runs[name])
        print(f"{labels[name]:42} {best[name]:8.2f} {spread:>14} {n / best[name]:8.1f} "
              f"{cpu} {mem:8.0f}")  # fmt: skip
    if {"transflow", "argos"} <= best.keys():
        ratio = best["argos"] / best["transflow"]
        print(f"transflow vs argostranslate: {ratio:.1f}x faster (target >= 3x)")
    if {"transflow", "raw"} <= best.keys():
        over = best["transflow"] / best["raw"] - 1
        print(f"transflow vs raw CTranslate2: {over * 100:+.1f}% (target within 10%); "
              f"transflow's figure includes process start-up, model load and PO I/O")  # fmt: skip
    if "raw" in runs:
        load = min(x["load_seconds"] for x in runs["raw"])
        whole = min(x["wall"] for x in runs["raw"])
        print(f"(not in (3): raw model load {load:.2f} s; raw's whole process, start-up, "
              f"load and tokenization included, best {whole:.2f} s)")  # fmt: skip


def _compile_transflow() -> None:
    """Byte-compile the transflow package the runs import, as pip does on install."""
    import importlib.util

    spec = importlib.util.find_spec("transflow")
    assert spec is not None and spec.submodule_search_locations
    folder = next(iter(spec.submodule_search_locations))
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True, env=env)


if __name__ == "__main__":
    main()
