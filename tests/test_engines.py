"""The Argos engine on real (tiny) Argos packages: CTranslate2 + SentencePiece, no mocks.

The copy models reproduce their input exactly, so every assertion is about transflow:
placeholders, batching order, n-best, target prefix, pivot, decode cap, errors.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transflow.engines import Engine, Hypothesis, get_engine
from transflow.engines.argos.engine import ArgosEngine, EngineSettings, PivotEngine
from transflow.engines.argos.packages import find_package, installed_packages
from transflow.engines.placeholders import STYLES, choose_style, protect, restore
from transflow.project.config import parse_config
from transflow.project.errors import MissingModelError, ModelError

MARKDOWN = [
    "Read **the full report** at https://example.org/reports/2024_q1?lang=en.",
    'See [the U.N. statement](https://un.org/press/sg_2024 "UN") and ![a map](map_1.png).',
    "Run `transflow translate --lang ko` or write to desk_news@example.com today.",
    "The *snake_case* name, __bold__ text, ~~struck~~ words and <b>HTML</b> <br/> stay.",
    "Literal {3} braces, an escaped \\* star and 5 * 3 = 15.",
    "Activists gathered in Seoul on Tuesday. They urged the U.N. to act.",
]


def _config(root: Path, engine: str = ""):
    """A project config; one model thread unless `engine` sets threads (see conftest.CONFIG)."""
    text = '[project]\nsource_language = "en"\ntarget_languages = ["ko", "zh", "ja"]\n'
    threads = "" if "threads" in engine else "threads = 1\n"
    return parse_config(root, f"{text}[engine]\n{threads}{engine}\n")


@pytest.fixture
def config(argos_env: Path, tmp_path: Path):
    return _config(tmp_path)


def test_engine_copies_markdown_urls_code_exactly(config) -> None:
    engine = get_engine(config, "en", "ko")
    assert isinstance(engine, ArgosEngine) and isinstance(engine, Engine)
    assert engine.provenance == "argos:en-ko@1.1"
    results = engine.translate(MARKDOWN)
    assert [r[0].text for r in results] == MARKDOWN
    assert all(isinstance(r[0], Hypothesis) and r[0].score <= 0.0 for r in results)


def test_placeholders_reach_the_model_without_underscores(config) -> None:
    engine = get_engine(config, "en", "ko")
    for text in MARKDOWN:
        masked = protect(text, engine.style)
        assert "_" not in masked.text  # Argos decoding would turn it into a space
        assert "https://" not in masked.text and "`" not in masked.text
        pieces = engine.encode(masked.text)
        assert "<unk>" not in pieces


def test_batching_preserves_order_across_many_batches(argos_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, "max_batch_tokens = 64")
    engine = get_engine(config, "en", "ko")
    texts = [f"Sentence {i} " + "words " * (i % 13) + f"end {i}." for i in range(30)]
    tokens = [engine.encode(t) for t in texts]
    batches = engine.batches(tokens)
    assert len(batches) > 5 and sorted(i for b in batches for i in b) == list(range(30))
    assert all(max(len(tokens[i]) for i in b) * len(b) <= 64 for b in batches if len(b) > 1)
    assert [r[0].text for r in engine.translate(texts)] == texts


def test_n_best_returns_distinct_hypotheses_best_first(config) -> None:
    engine = get_engine(config, "en", "ko")
    (hyps,) = engine.translate(["The court ruled on Thursday."], n_best=3)
    assert len(hyps) == 3
    assert hyps[0].text == "The court ruled on Thursday."
    assert len({h.text for h in hyps}) == 3
    assert hyps[0].score >= hyps[1].score >= hyps[2].score


def test_target_prefix_is_forced_and_stripped(config) -> None:
    engine = get_engine(config, "en", "ja")
    assert engine.package.target_prefix == "__ja__"
    assert engine.translate(["Talks resume in Seoul."])[0][0].text == "Talks resume in Seoul."
    raw = engine.translate_tokens([engine.encode("Talks resume.")])[0][0][0]
    assert "__ja__" not in raw


def test_pivot_through_english(config) -> None:
    engine = get_engine(config, "ko", "zh")
    assert isinstance(engine, PivotEngine)
    assert engine.provenance == "argos:ko-en@1.0+argos:en-zh@1.0"
    text = "유엔 인권이사회는 **목요일** 회의를 열었다."
    assert engine.translate([text])[0][0].text == text


def test_decode_length_is_capped(argos_env: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, "max_decoding_length = 4\ndecoding_length_ratio = 0")
    engine = get_engine(config, "en", "ko")
    long = "one two three four five six seven eight nine ten eleven twelve"
    (hyp,), _ = engine.translate_tokens([engine.encode(long), engine.encode("a b")])
    assert len(hyp[0]) == 4
    relative = ArgosEngine(engine.package, EngineSettings(decoding_length_ratio=1.0))
    assert relative.decode_cap(5) == 15 and relative.decode_cap(1000) == 256


def test_segments_with_nothing_to_translate_skip_the_model(config) -> None:
    engine = get_engine(config, "en", "ko")
    assert engine.translate(["https://example.org/a_b", "`code_x`", ""]) == [
        [Hypothesis("https://example.org/a_b", 0.0)],
        [Hypothesis("`code_x`", 0.0)],
        [Hypothesis("", 0.0)],
    ]


def test_model_is_loaded_once(config) -> None:
    one = get_engine(config, "en", "ko")
    two = get_engine(config, "en", "ko")
    assert one.translator is two.translator and one.tokenizer is two.tokenizer


def test_threads_default_to_usable_cores_and_follow_config(tmp_path: Path) -> None:
    import os

    assert EngineSettings().intra_threads == len(os.sched_getaffinity(0))
    settings_ = EngineSettings.from_config(_config(tmp_path, "threads = 1\nbeam_size = 2"))
    assert settings_.intra_threads == 1 and settings_.beam_size == 2


def test_intra_and_inter_threads(tmp_path: Path) -> None:
    settings_ = EngineSettings.from_config(
        _config(tmp_path, "intra_threads = 3\ninter_threads = 2")
    )
    assert (settings_.intra_threads, settings_.inter_threads) == (3, 2)
    assert EngineSettings.from_config(_config(tmp_path, "threads = 2")).intra_threads == 2


def test_device_and_compute_type_follow_the_cuda_devices_ctranslate2_sees() -> None:
    assert EngineSettings().placement(0) == ("cpu", "int8")
    assert EngineSettings().placement(2) == ("cuda", "int8_float16")
    assert EngineSettings(device="cpu").placement(1) == ("cpu", "int8")
    assert EngineSettings(compute_type="float32").placement(1) == ("cuda", "float32")
    assert EngineSettings(device="cuda").placement(1) == ("cuda", "int8_float16")
    with pytest.raises(ModelError, match='device = "cuda", but CTranslate2 sees no CUDA device'):
        EngineSettings(device="cuda").placement(0)


def test_the_model_runs_on_the_device_and_compute_type_configured(argos_env, tmp_path) -> None:
    engine = get_engine(_config(tmp_path, 'device = "cpu"\ncompute_type = "float32"'), "en", "ko")
    assert (engine.translator.device, engine.translator.compute_type) == ("cpu", "float32")
    default = get_engine(_config(tmp_path), "en", "ko")  # auto: int8 on this machine's CPU
    assert (default.translator.device, default.translator.compute_type) == ("cpu", "int8_float32")
    assert default.translate(MARKDOWN)[0][0].text == MARKDOWN[0]


def test_auto_goes_to_cuda_when_ctranslate2_counts_a_device(config) -> None:
    """The device count injected: here (no GPU driver) CTranslate2 then refuses, a user error
    naming the device and compute type; on a GPU machine the model loads there."""
    from transflow.engines.ct2.core import _translator

    engine = get_engine(config, "en", "ko")
    try:
        translator = _translator(engine.model_path, engine.settings, cuda_devices=lambda: 1)
    except ModelError as exc:
        assert "cannot load the CTranslate2 model on cuda as int8_float16" in exc.message
    else:
        assert (translator.device, translator.compute_type) == ("cuda", "int8_float16")


def test_suppress_forbids_target_strings_per_text(config) -> None:
    engine = get_engine(config, "en", "ko")
    texts = [
        "Activists gathered in Seoul on Tuesday.",
        "Activists gathered in Seoul on Tuesday.",
        "The court ruled in Seoul.",
        "Police arrested the activists.",
    ]
    suppress = [["Seoul"], [], ["Seoul", "court"], ["nothing to forbid"]]
    out = [h[0].text for h in engine.translate(texts, suppress=suppress)]
    assert "Seoul" not in out[0] and out[0].startswith("Activists gathered in S")
    assert out[1] == texts[1]  # the same text, nothing forbidden: copied
    assert "Seoul" not in out[2] and "court" not in out[2]
    assert out[3] == texts[3]
    # each text comes out as it does alone: suppress sets never leak into another batch
    alone = [
        engine.translate([t], suppress=[s])[0][0].text for t, s in zip(texts, suppress, strict=True)
    ]
    assert out == alone


def test_forbidden_strings_become_target_token_sequences(config) -> None:
    engine = get_engine(config, "en", "ko")
    assert engine.forbidden(["Seoul"]) == (("▁S", "eoul"),)
    # Korean spaces its words: a variant is forbidden as a word of its own
    alone = tuple(engine.encode_target("유엔"))
    assert alone[0] == "▁" and engine.forbidden(["유엔"]) == (alone,)
    assert engine.forbidden(["Seoul", "Seoul"]) == (("▁S", "eoul"),)
    # Chinese does not: a variant glued to the text before it is forbidden too, without "▁"
    zh = get_engine(config, "en", "zh")
    alone = tuple(zh.encode_target("联合国"))
    assert zh.forbidden(["联合国"]) == tuple(sorted([alone, alone[1:]]))


def test_missing_model_names_pair_installed_pairs_and_commands(argos_env, tmp_path) -> None:
    config = _config(tmp_path)
    with pytest.raises(MissingModelError) as info:
        get_engine(config, "en", "fr")
    text = info.value.render()
    assert "no translation model for en -> fr" in text
    assert "installed pairs: en-ja, en-ko, en-zh, ko-en" in text
    assert "`transflow models fetch en fr`" in text
    assert "`transflow models add FILE.argosmodel`" in text
    with pytest.raises(MissingModelError) as info:
        get_engine(config, "ja", "zh")
    assert "`transflow models fetch ja en`" in info.value.render()


def test_project_models_dir_is_searched_first(argos_env, tmp_path) -> None:
    from .argos_fixtures import make_package

    make_package(tmp_path / "models", "en", "ko", version="0.9")
    config = _config(tmp_path, 'models_dir = "models"')
    packages, problems = installed_packages(config)
    assert not problems
    chosen = find_package(packages, "en", "ko")
    assert chosen.version == "0.9" and chosen.path.parent == tmp_path / "models"


# --- placeholders on their own -------------------------------------------------------------


@pytest.mark.parametrize("text", MARKDOWN)
def test_restore_inverts_protect(text: str) -> None:
    masked = protect(text)
    assert restore(masked.text, masked) == (text, True)


def test_restore_survives_nfkc_underscore_and_cjk_decoding() -> None:
    text = "Ｗｉｄｅ see [the ﬁle](https://x.org/a_b) and `c_d`."
    masked = protect(text)
    # what SentencePiece normalisation and Argos decoding do to the masked text
    decoded = unicodedata.normalize("NFKC", masked.text).replace("_", " ")
    restored, complete = restore(decoded, masked)
    assert complete and restored == "Wide see [the file](https://x.org/a_b) and `c_d`."
    cjk = masked.text.replace("{0}", "｛０｝").replace("{1}", "{ 1 }")
    assert restore(cjk, masked)[0] == text


def test_restore_never_loses_a_protected_span() -> None:
    assert restore("a {0} b", protect("a `x  y` b")) == ("a `x  y` b", True)
    masked = protect("Go to https://example.org now, **please**.")
    dropped = masked.text.replace("{0}", "").replace("{2}", "{2}{2}{9}")
    text, complete = restore(dropped, masked)
    assert not complete
    assert "https://example.org" in text and text.count("**") == 2


def test_choose_style_prefers_a_style_the_tokenizer_keeps() -> None:
    assert choose_style(lambda s: list(s)) == STYLES[0]
    no_braces = lambda s: ["<unk>" if c in "{}" else c for c in s]  # noqa: E731
    assert choose_style(no_braces) == STYLES[1]
    masked = protect("a [link](x) and {0} [1]", STYLES[1])
    assert restore(masked.text, masked) == ("a [link](x) and {0} [1]", True)


@given(
    st.lists(
        st.sampled_from(
            ["word", " ", "**", "_", "`x_y`", "[t](u)", "https://a.b/c_d", "{1}", "*", "é", "."]
        ),
        max_size=14,
    )
)
def test_protect_restore_round_trip(parts: list[str]) -> None:
    text = "".join(parts)
    masked = protect(text)
    assert "_" not in masked.text
    assert restore(masked.text, masked) == (text.strip(), True)
