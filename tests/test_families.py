"""CTranslate2 model families per language pair ([engine.pairs]) on tiny real models.

The models are the copy models of `ct2_fixtures` (built at test time, no download), so the
outputs are exact: a language token not added or not stripped, the wrong one of Marian's
two tokenizers, a missing target prefix or `</s>` each changes the text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from transflow.engines import get_engine
from transflow.engines.argos.engine import ArgosEngine
from transflow.engines.ct2.families import (
    FLORES_200,
    M2M100Engine,
    NLLBEngine,
    OpusMTEngine,
    check_folder,
    content_hash,
    detect_family,
    flores_code,
)
from transflow.project.choices import ModelFamily
from transflow.project.config import parse_config
from transflow.project.errors import ConfigError, ModelError

from .ct2_fixtures import make_models, make_opus_mt, rot13

TEXTS = [
    "Activists gathered in Seoul on Tuesday.",
    "Read **the full report** at https://example.org/reports/2024_q1?lang=en.",
    "The U.N. said 1,200 people were sent back.",
]


@pytest.fixture(scope="session")
def ct2_models(tmp_path_factory) -> dict[str, Path]:
    """Read-only model folders: argos, opus-mt, nllb, m2m100 and opus-mt-hf (a Marian model
    without add_source_eos, as ct2-transformers-converter writes it)."""
    root = tmp_path_factory.mktemp("ct2-models")
    models = make_models(root)
    models["opus-mt-hf"] = make_opus_mt(root, "opus-mt-hf", marian_eos=False)
    return models


def _project(root: Path, pairs: str, targets: str = '"ko", "zh-Hant"', engine: str = ""):
    text = (
        f'[project]\nsource_language = "en"\ntarget_languages = [{targets}]\n'
        f"[engine]\nthreads = 1\n{engine}\n[engine.pairs]\n{pairs}\n"
    )
    (root / "transflow.toml").write_text(text, encoding="utf-8")
    return parse_config(root, text)


def _pair(folder: Path, family: str | None = None, key: str = "en-ko") -> str:
    fam = f', family = "{family}"' if family else ""
    return f'"{key}" = {{ engine = "ct2", path = "{folder}"{fam} }}'


# --- exact outputs, family by family --------------------------------------------------------


def test_nllb_adds_language_tokens_and_eos_and_strips_the_target_prefix(ct2_models, tmp_path):
    folder = ct2_models["nllb"]
    engine = get_engine(_project(tmp_path, _pair(folder, "nllb")), "en", "ko")
    assert isinstance(engine, NLLBEngine)
    pieces = engine.encode_target("Activists gathered.")
    assert engine.encode("Activists gathered.") == ["eng_Latn", *pieces, "</s>"]
    assert engine.target_prefix == "kor_Hang"
    assert [h[0].text for h in engine.translate(TEXTS)] == TEXTS
    assert re.fullmatch(r"ct2:nllb/nllb-tiny#[0-9a-f]{6}", engine.provenance)
    # the raw tokens: the prefix was forced and is stripped, nothing else is
    (hyp, _score), *_ = engine.translate_tokens([engine.encode("Talks resume.")])[0]
    assert hyp == engine.encode_target("Talks resume.")


def test_nllb_maps_bcp47_to_flores_200(ct2_models, tmp_path) -> None:
    pairs = _pair(ct2_models["nllb"]) + "\n" + _pair(ct2_models["nllb"], key="en-zh-Hant")
    project = _project(tmp_path, pairs)
    engine = get_engine(project, "en", "zh-Hant")
    assert (engine.source_token, engine.target_prefix) == ("eng_Latn", "zho_Hant")
    assert engine.translate(TEXTS[:1])[0][0].text == TEXTS[0]
    assert [flores_code(t) for t in ("ko", "zh", "zh-Hans", "zh-Hant", "zh-Hant-TW", "ja")] == [
        "kor_Hang",
        "zho_Hans",
        "zho_Hans",
        "zho_Hant",
        "zho_Hant",
        "jpn_Jpan",
    ]
    assert FLORES_200["en"] == "eng_Latn"
    with pytest.raises(ModelError, match="no FLORES-200 code known for the language xh"):
        flores_code("xh")


def test_a_language_the_model_has_no_token_for_is_a_model_error(ct2_models, tmp_path) -> None:
    project = _project(tmp_path, _pair(ct2_models["nllb"], key="en-fr"), targets='"fr"')
    with pytest.raises(ModelError) as info:
        get_engine(project, "en", "fr")
    assert "no language token fra_Latn" in info.value.render()
    assert str(ct2_models["nllb"]) in info.value.render()


def test_m2m100_uses_double_underscore_language_tokens(ct2_models, tmp_path) -> None:
    pairs = _pair(ct2_models["m2m100"]) + "\n" + _pair(ct2_models["m2m100"], key="en-zh-Hant")
    project = _project(tmp_path, pairs)
    engine = get_engine(project, "en", "ko")
    assert isinstance(engine, M2M100Engine)
    assert engine.encode("Hello.") == ["__en__", *engine.encode_target("Hello."), "</s>"]
    assert engine.target_prefix == "__ko__"
    assert get_engine(project, "en", "zh-Hant").target_prefix == "__zh__"
    assert [h[0].text for h in engine.translate(TEXTS)] == TEXTS
    assert re.fullmatch(r"ct2:m2m100/m2m100-tiny#[0-9a-f]{6}", engine.provenance)


def test_opus_mt_encodes_with_source_spm_and_decodes_with_target_spm(ct2_models, tmp_path):
    engine = get_engine(_project(tmp_path, _pair(ct2_models["opus-mt"], "opus-mt")), "en", "ko")
    assert isinstance(engine, OpusMTEngine) and engine.target_prefix == ""
    # the converter's config.json says add_source_eos: CTranslate2 appends </s> itself
    assert engine.encode("Hello.")[-1] != "</s>"
    assert [h[0].text for h in engine.translate(TEXTS)] == [
        "Npgvivfgf tngurerq va Frbhy ba Ghrfqnl.",
        # placeholders keep the URL and the Markdown as they are
        "Ernq **gur shyy ercbeg** ng https://example.org/reports/2024_q1?lang=en.",
        "Gur H.A. fnvq 1,200 crbcyr jrer frag onpx.",
    ]
    assert [h[0].text for h in engine.translate(TEXTS)][0] == rot13(TEXTS[0])


def test_opus_mt_without_add_source_eos_gets_eos_appended(ct2_models, tmp_path) -> None:
    engine = get_engine(_project(tmp_path, _pair(ct2_models["opus-mt-hf"])), "en", "ko")
    assert isinstance(engine, OpusMTEngine)
    assert engine.encode("Hello.")[-1] == "</s>"
    assert [h[0].text for h in engine.translate(TEXTS[:1])] == [rot13(TEXTS[0])]


def test_an_argos_folder_as_a_pair(ct2_models, tmp_path) -> None:
    engine = get_engine(_project(tmp_path, _pair(ct2_models["argos"])), "en", "ko")
    assert isinstance(engine, ArgosEngine)
    assert re.fullmatch(r"ct2:argos/argos-en-ko#[0-9a-f]{6}", engine.provenance)
    assert [h[0].text for h in engine.translate(TEXTS)] == TEXTS


def test_n_best_of_a_family(ct2_models, tmp_path) -> None:
    engine = get_engine(_project(tmp_path, _pair(ct2_models["nllb"])), "en", "ko")
    (hyps,) = engine.translate(["The court ruled on Thursday."], n_best=3)
    assert hyps[0].text == "The court ruled on Thursday." and len({h.text for h in hyps}) == 3
    assert hyps[0].score >= hyps[1].score >= hyps[2].score


def test_unset_pairs_keep_the_argos_lookup(argos_env, ct2_models, tmp_path) -> None:
    project = _project(tmp_path, _pair(ct2_models["nllb"]), targets='"ko", "zh"')
    assert get_engine(project, "en", "zh").provenance == "argos:en-zh@1.0"
    assert get_engine(project, "en", "ko").provenance.startswith("ct2:nllb/")


def test_a_relative_path_is_from_the_project_root(ct2_models, tmp_path) -> None:
    shutil.copytree(ct2_models["m2m100"], tmp_path / "models" / "m2m")
    engine = get_engine(_project(tmp_path, _pair(Path("models/m2m"))), "en", "ko")
    assert engine.model_path == tmp_path / "models" / "m2m"
    assert engine.translate(TEXTS[:1])[0][0].text == TEXTS[0]


# --- suppress_sequences through each family's target tokenizer ------------------------------


def test_suppress_uses_the_target_tokenizer(ct2_models, tmp_path) -> None:
    engine = get_engine(_project(tmp_path, _pair(ct2_models["opus-mt"])), "en", "ko")
    text = [TEXTS[0]]
    assert engine.translate(text, suppress=[["Seoul"]])[0][0].text == rot13(TEXTS[0])
    out = engine.translate(text, suppress=[["Frbhy"]])[0][0].text  # the target's "Seoul"
    assert "Frbhy" not in out and out.startswith("Npgvivfgf tngurerq va F")


@pytest.mark.parametrize("family", ["nllb", "m2m100"])
def test_suppress_in_multilingual_models(family, ct2_models, tmp_path) -> None:
    engine = get_engine(_project(tmp_path, _pair(ct2_models[family])), "en", "ko")
    out = engine.translate([TEXTS[0], TEXTS[0]], suppress=[["Seoul"], []])
    assert "Seoul" not in out[0][0].text and out[1][0].text == TEXTS[0]


def test_forbidden_strings_with_tokens_the_model_lacks_are_left_out(ct2_models, tmp_path):
    folder = shutil.copytree(ct2_models["opus-mt"], tmp_path / "opus")
    vocab_file = folder / "target_vocabulary.json"
    vocab = json.loads(vocab_file.read_text(encoding="utf-8"))
    vocab[vocab.index("▁F")] = "▁F-not-in-target.spm"  # the model can no longer write ▁F
    vocab_file.write_text(json.dumps(vocab), encoding="utf-8")
    engine = get_engine(_project(tmp_path, _pair(folder)), "en", "ko")
    assert engine.encode_target("Frbhy")[0] == "▁F"
    assert engine.forbidden(["Frbhy"]) == ()  # CTranslate2 would refuse it: left out
    assert engine.translate([TEXTS[0]], suppress=[["Frbhy"]])[0][0].text  # no error


# --- family detection and validation -------------------------------------------------------


def test_family_detection(ct2_models, tmp_path) -> None:
    expected = {
        "argos": ModelFamily.ARGOS,
        "opus-mt": ModelFamily.OPUS_MT,
        "opus-mt-hf": ModelFamily.OPUS_MT,
        "nllb": ModelFamily.NLLB,
        "m2m100": ModelFamily.M2M100,
    }
    assert {name: detect_family(folder) for name, folder in ct2_models.items()} == expected
    # a Marian folder whose .spm files were not copied: config.json's add_source_eos says
    bare = shutil.copytree(ct2_models["opus-mt"], tmp_path / "bare")
    (bare / "source.spm").unlink()
    (bare / "target.spm").unlink()
    assert detect_family(bare) is ModelFamily.OPUS_MT
    # nothing to go by: the family must be configured
    plain = shutil.copytree(ct2_models["opus-mt-hf"], tmp_path / "plain")
    (plain / "source.spm").unlink()
    (plain / "target.spm").unlink()
    with pytest.raises(ModelError, match="cannot tell which model family") as info:
        check_folder(plain, None, "plain")
    assert "family = one of argos, opus-mt, nllb, m2m100" in info.value.render()
    with pytest.raises(ModelError, match="the opus-mt model folder has no source.spm"):
        check_folder(plain, ModelFamily.OPUS_MT, "plain")  # configured: checked as that


MISSING = [
    ("nllb", "model.bin", "ct2-transformers-converter --model facebook/nllb-200-distilled-600M"),
    ("nllb", "config.json", "--copy_files sentencepiece.bpe.model"),
    ("nllb", "shared_vocabulary.json", "--output_dir models/x"),
    ("nllb", "sentencepiece.bpe.model", "--copy_files sentencepiece.bpe.model`"),
    ("m2m100", "model.bin", "ct2-transformers-converter --model facebook/m2m100_418M"),
    ("m2m100", "config.json", "--output_dir models/x"),
    ("m2m100", "shared_vocabulary.json", "facebook/m2m100_418M"),
    ("m2m100", "sentencepiece.bpe.model", "--copy_files sentencepiece.bpe.model`"),
    ("opus-mt", "model.bin", "ct2-opus-mt-converter --model_dir opus-mt-en-ko"),
    ("opus-mt", "config.json", "--output_dir models/x"),
    ("opus-mt", "source_vocabulary.json", "ct2-opus-mt-converter"),
    ("opus-mt", "target_vocabulary.json", "ct2-opus-mt-converter"),
    ("opus-mt", "source.spm", "copy source.spm and target.spm from opus-mt-en-ko"),
    ("opus-mt", "target.spm", "--copy_files source.spm target.spm"),
    ("argos", "metadata.json", "transflow models add FILE.argosmodel"),
    ("argos", "sentencepiece.model", "transflow models add"),
    ("argos", "model/model.bin", "transflow models add"),
    ("argos", "model/config.json", "transflow models add"),
    ("argos", "model/shared_vocabulary.json", "transflow models add"),
]


@pytest.mark.parametrize(("family", "name", "command"), MISSING)
def test_each_missing_file_is_named_with_its_converter(family, name, command, ct2_models, tmp_path):
    folder = shutil.copytree(ct2_models[family], tmp_path / "x")
    (folder / name).unlink()
    with pytest.raises(ModelError) as info:
        check_folder(folder, ModelFamily(family), "models/x")
    text = info.value.render()
    folder_part = name.rpartition("/")[0] + "/" if "/" in name else ""
    shown = name if "vocabulary" not in name else f"{folder_part}shared_vocabulary.json (or"
    assert text.startswith(f"{folder}: the {family} model folder has no {shown}"), text
    assert command in text
    # the same through get_engine, as `transflow translate` meets it
    with pytest.raises(ModelError) as info:
        get_engine(_project(tmp_path, _pair(folder, family)), "en", "ko")
    assert f"has no {shown}" in info.value.render()


def test_a_folder_that_is_not_there(tmp_path) -> None:
    with pytest.raises(ModelError, match="is not a folder") as info:
        get_engine(_project(tmp_path, _pair(Path("models/nllb-600m"), "nllb")), "en", "ko")
    assert info.value.path == str(tmp_path / "models" / "nllb-600m")
    assert "--output_dir models/nllb-600m --copy_files" in info.value.render()


# --- provenance hash -----------------------------------------------------------------------


def test_content_hash_follows_content_and_is_cached_by_stat(ct2_models, tmp_path) -> None:
    one = shutil.copytree(ct2_models["nllb"], tmp_path / "one")
    two = shutil.copytree(ct2_models["nllb"], tmp_path / "two")
    assert content_hash(one) == content_hash(two) == content_hash(ct2_models["nllb"])
    config = two / "config.json"
    stat = config.stat()
    text = config.read_text(encoding="utf-8")
    changed = text.replace('"unk_token": "<unk>"', '"unk_token": "<unq>"')
    assert changed != text and len(changed) == len(text)
    config.write_text(changed, encoding="utf-8")
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert content_hash(two) == content_hash(one)  # same sizes and mtimes: not read again
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert content_hash(two) != content_hash(one)  # touched: hashed again, content differs


# --- [engine.pairs] in transflow.toml ------------------------------------------------------


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ('"en-ko" = { engine = "marian", path = "m" }', 'engine must be "ct2"'),
        ('"en-ko" = { engine = "ct2" }', "needs 'path'"),
        ('"en-ko" = { engine = "ct2", path = "../m" }', "path '../m' leaves the project"),
        ('"en-ko" = { engine = "ct2", path = "m", family = "t5" }', "unknown family 't5'"),
        ('"en-ko" = { engine = "ct2", path = "m", device = "cuda" }', "unknown key 'device'"),
        ('"enko" = { engine = "ct2", path = "m" }', "is not a language pair SOURCE-TARGET"),
        ('"en-ko" = "models/m"', "expected an inline table"),
        ('"en-ja" = { engine = "ct2", path = "m" }', "en -> ja is not a pair of this project"),
    ],
)
def test_bad_pairs_are_config_errors_at_their_line(pair: str, message: str, tmp_path) -> None:
    with pytest.raises(ConfigError) as info:
        _project(tmp_path, f"# models per pair\n{pair}")
    assert message in info.value.message
    assert info.value.line == 9  # the pair's own line in transflow.toml
    assert info.value.exit_code == 2


def test_pairs_accept_absolute_paths_and_omitted_family(ct2_models, tmp_path) -> None:
    project = _project(tmp_path, _pair(ct2_models["m2m100"]), engine='device = "cpu"')
    (pair,) = project.settings["engine"]["pairs"].values()
    assert (pair.source, pair.target, pair.family) == ("en", "ko", None)
    assert pair.folder(tmp_path) == ct2_models["m2m100"]


# --- transflow models list -----------------------------------------------------------------


def test_models_list_shows_each_configured_pair(no_argos_models, ct2_models, tmp_path) -> None:
    from .conftest import run_cli

    shutil.copytree(ct2_models["m2m100"], tmp_path / "models" / "m2m100-tiny")
    broken = shutil.copytree(ct2_models["nllb"], tmp_path / "models" / "nllb-600m")
    (broken / "sentencepiece.bpe.model").unlink()
    pairs = "\n".join(
        [
            _pair(ct2_models["argos"], key="en-ko"),
            _pair(ct2_models["opus-mt"], "opus-mt", key="en-zh"),
            _pair(ct2_models["nllb"], key="en-ja"),
            _pair(Path("models/m2m100-tiny"), "m2m100", key="en-zh-Hant"),
            _pair(Path("models/nllb-600m"), key="en-fr"),
        ]
    )
    _project(tmp_path, pairs, targets='"ko", "zh", "ja", "zh-Hant", "fr", "de"')
    res = run_cli("models", "list", cwd=tmp_path)
    assert res.code == 0, res.stderr
    rows: dict[str, list[str]] = {}  # pair -> cells, a cell folded over lines joined
    for line in res.stdout.splitlines():
        if line.startswith("│"):
            first, *cells = [cell.strip() for cell in line.split("│")[1:-1]]
            if first:
                key, rows[first] = first, cells
            else:
                rows[key] = [f"{a} {b}".strip() for a, b in zip(rows[key], cells, strict=True)]
    hashes = {name: content_hash(folder) for name, folder in ct2_models.items()}
    assert rows["en -> ko"] == [
        "argos",
        str(ct2_models["argos"]),
        f"yes: ct2:argos/argos-en-ko#{hashes['argos']}",
    ]
    assert rows["en -> zh"][0] == "opus-mt"
    assert rows["en -> zh"][2] == f"yes: ct2:opus-mt/opus-mt-en-ko#{hashes['opus-mt']}"
    assert rows["en -> ja"][0] == "nllb" and rows["en -> ja"][2].startswith("yes: ct2:nllb/")
    assert rows["en -> zh-Hant"][:2] == ["m2m100", "models/m2m100-tiny"]
    assert rows["en -> zh-Hant"][2] == f"yes: ct2:m2m100/m2m100-tiny#{hashes['m2m100']}"
    assert rows["en -> fr"][:2] == ["nllb", "models/nllb-600m"]
    assert rows["en -> fr"][2] == (
        f"no: {broken}: the nllb model folder has no sentencepiece.bpe.model. Convert it with "
        "`ct2-transformers-converter --model facebook/nllb-200-distilled-600M --output_dir "
        "models/nllb-600m --copy_files sentencepiece.bpe.model`."
    )
    # what translate would use per target language; de has neither a pair nor a package
    assert f"en -> zh-Hant: ct2:m2m100/m2m100-tiny#{hashes['m2m100']}" in res.stdout
    assert "en -> fr: does not load (see above)." in res.stdout
    assert "en -> de: missing." in res.stdout
    assert run_cli("models", "list", "--check", cwd=tmp_path).code == 1


# --- transflow translate through configured pairs ------------------------------------------


def test_translate_writes_family_provenance_and_exact_outputs(
    argos_env, ct2_models, project: Path
) -> None:
    """en -> ko through a configured OPUS-MT folder, en -> zh through the Argos package."""
    import polib

    from .conftest import run_cli

    config = project / "transflow.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f"\n[engine.pairs]\n{_pair(ct2_models['opus-mt'], 'opus-mt')}\n",
        encoding="utf-8",
    )
    assert run_cli("extract", cwd=project).code == 0
    res = run_cli("translate", cwd=project)
    assert res.code == 0, res.stderr
    ko = polib.pofile(str(project / "translations" / "ko" / "rights-groups-urge-china.po"))
    zh = polib.pofile(str(project / "translations" / "zh" / "rights-groups-urge-china.po"))
    stamp = f"mt=ct2:opus-mt/opus-mt-en-ko#{content_hash(ct2_models['opus-mt'])} score="
    for entry in ko:
        assert entry.msgstr == rot13(entry.msgid) and "fuzzy" in entry.flags
        assert stamp in entry.comment
    assert all("mt=argos:en-zh@1.0" in e.comment and e.msgstr == e.msgid for e in zh)
    assert len(ko) == len(zh) > 3


def test_translate_stops_on_a_broken_pair_folder(argos_env, ct2_models, project: Path) -> None:
    from .conftest import run_cli

    folder = shutil.copytree(ct2_models["nllb"], project / "models" / "nllb-600m")
    (folder / "model.bin").unlink()
    config = project / "transflow.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[engine.pairs]\n"en-ko" = { engine = "ct2", path = "models/nllb-600m" }\n',
        encoding="utf-8",
    )
    assert run_cli("extract", cwd=project).code == 0
    res = run_cli("translate", cwd=project)
    assert res.code == 2 and "Traceback" not in res.stderr
    assert f"{folder}: the CTranslate2 model folder has no model.bin." in res.stderr
    assert "ct2-transformers-converter --model facebook/nllb-200-distilled-600M" in res.stderr
    assert (
        not (project / "translations" / "zh" / "rights-groups-urge-china.po")
        .read_text(encoding="utf-8")
        .count("mt=")
    )  # nothing machine-translated: engines resolve before anything is written


def test_the_init_example_of_engine_pairs_parses_when_uncommented(tmp_path) -> None:
    from transflow.project.config import default_config_text

    text = default_config_text(["ko", "zh"])
    start = text.index("# [engine]\n")
    block = text[start : text.index("\n\n", start)]
    uncommented = "\n".join(line.removeprefix("# ") for line in block.splitlines())
    project = parse_config(tmp_path, text.replace(block, uncommented))
    (pair,) = project.settings["engine"]["pairs"].values()
    assert (pair.source, pair.target, pair.path, pair.family) == (
        "en",
        "ko",
        "models/nllb-600m",
        ModelFamily.NLLB,
    )
