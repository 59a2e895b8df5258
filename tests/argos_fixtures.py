"""Tiny, valid Argos Translate packages built at test time (no download, no network).

An Argos package is a folder (zipped as `.argosmodel`) holding `metadata.json`, a CTranslate2
model in `model/` and `sentencepiece.model`. This module builds all three for real:

- the SentencePiece model is trained in memory on a few hundred generated lines
  (byte fallback on, so any UTF-8 text round-trips, and the default NFKC normalisation
  that real Argos packages use);
- the CTranslate2 model is a `TransformerSpec` whose weights are set with numpy and saved
  through a `ctranslate2.converters.Converter` subclass.

Two kinds of model:

- `copy`: hand-set weights make the decoder reproduce its input exactly (deterministic), so
  tests can assert exact outputs. Layout of the residual stream (d_model = 2E + P): dims
  [0, E) hold the token embedding, [E, 2E) a "copy slot", [2E, 2E+P) a one-hot position.
  Encoder layers are identity (zero weights); in the decoder, cross-attention head 0 matches
  the decoder position with the same source position (one-hot positions, sharp softmax)
  and writes that source token into the copy slot; the output projection reads the copy
  slot. The source gets `</s>` appended, so copying it ends the sentence. With a target
  prefix of k tokens the decoder positions are shifted by k.
  `shape` bends the copy: when the model copies token A, token B gets a logit of `weight`
  times a plain copy's (a weight above 1 makes B preferred over A itself), so a test or a
  benchmark can have a model that prefers a forbidden glossary variant, and knows its next
  best exactly.
- `random`: seeded random weights of any shape (Transformer base for the benchmark); it
  produces junk, so decode length must be capped.

Reused by the review-UI and publish tests and by `benchmarks/translate_speed.py`: call
`make_package(...)` / `build_argosmodel(...)`.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import string
import tempfile
import zipfile
from pathlib import Path

# ----------------------------------------------------------------------------------------
# SentencePiece

_WORDS = (
    "the a an of to in on for with by at from and or but as is was were be been has have had "
    "said says will would could should may might not no it its they their them he she his her "
    "we our you your this that these those there here who which what when where why how "
    "Seoul Beijing Pyongyang China Korea North South United Nations U.N. U.S. council court "
    "rights human group groups activist activists defector defectors family families border "
    "government minister ministry official officials police report reports statement week "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "million billion percent year years day days month months people person woman women man "
    "men child children city country countries world news article press agency Reuters AP "
    "called urged asked told added warned denied confirmed announced reported arrested sent "
    "back home detention center camp prison law legal case judge ruling vote election "
    "president leader party policy plan talks meeting summit trade market economy price "
    "Dr. Mr. Ms. Gen. Sen. Jan. Feb. Aug. Sept. Oct. Nov. Dec. p.m. a.m. No. St. Inc. Ltd."
).split()


def training_lines(count: int = 400, seed: int = 7) -> list[str]:
    """A few hundred English news-like lines that cover every printable ASCII character."""
    rng = random.Random(seed)
    lines = []
    punct = list(string.punctuation)
    for i in range(count):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 18))]
        if i % 3 == 0:
            words.insert(rng.randrange(len(words)), f"{{{rng.randint(0, 20)}}}")
        if i % 4 == 0:
            words.insert(rng.randrange(len(words)), str(rng.randint(0, 100000)))
        if i % 5 == 0:
            words.insert(rng.randrange(len(words)), rng.choice(punct) * rng.randint(1, 2))
        lines.append(" ".join(words).capitalize() + rng.choice([".", "?", "!", ":"]))
    lines.append(string.printable.strip())
    lines.append(" ".join(string.ascii_letters + string.digits + string.punctuation))
    return lines


def train_sentencepiece(
    lines: list[str] | None = None, vocab_size: int = 700, symbols: tuple[str, ...] = ()
) -> bytes:
    """Train a SentencePiece model in memory; returns the serialized model. `symbols` become
    pieces of their own (terms a shaped model maps to each other as single tokens)."""
    import sentencepiece as spm

    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines or training_lines()),
        model_writer=out,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
        # target prefixes for tests, then the caller's symbols
        user_defined_symbols=["__ja__", "__ko__", "__zh__", *symbols],
    )
    return out.getvalue()


def sentencepiece_vocab(model: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


# ----------------------------------------------------------------------------------------
# CTranslate2 models


def _save_spec(spec, out_dir: Path, quantization: str | None = None) -> Path:
    from ctranslate2.converters import Converter

    class _SpecConverter(Converter):  # the documented way to save a hand-built spec
        def _load(self):
            return spec

    _SpecConverter().convert(str(out_dir), quantization=quantization, force=True)
    return out_dir


def _layer_norms(module, dim: int, np) -> None:
    module.gamma = np.ones(dim, dtype=np.float32)
    module.beta = np.zeros(dim, dtype=np.float32)


def build_copy_model(
    vocab: list[str],
    out_dir: Path,
    *,
    prefix_tokens: int = 0,
    token_dims: int = 128,
    max_positions: int = 256,
    seed: int = 0,
    shape: tuple[tuple[str, str, float], ...] = (),
    add_source_eos: bool = True,
    target_vocab: list[str] | tuple[str, ...] | None = None,
) -> Path:
    """A CTranslate2 Transformer (1+1 layers) that copies its input exactly (see above).

    `shape`: (copied piece, produced piece, weight), see above. `add_source_eos=False`:
    CTranslate2 does not append `</s>`, the caller writes it (as for models from
    ct2-transformers-converter). `target_vocab`: a target vocabulary of the same size; the
    model then writes target token i for source token i."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    e, p, v = token_dims, max_positions, len(vocab)
    d = 2 * e + p
    heads = 2
    hd = d // heads
    assert hd >= max(e, p) or hd >= e, "head 0 must hold the value copy"
    tok = rng.standard_normal((v, e)).astype(np.float32)
    tok /= np.linalg.norm(tok, axis=1, keepdims=True)

    spec = transformer_spec.TransformerSpec.from_config(1, heads, pre_norm=True)
    spec.config.add_source_eos = add_source_eos
    zeros = np.zeros
    enc, dec = spec.encoder, spec.decoder
    enc.scale_embeddings = False
    dec.scale_embeddings = False

    emb = zeros((v, d), np.float32)
    emb[:, :e] = tok
    enc.embeddings[0].weight = emb
    dec.embeddings.weight = emb.copy()
    enc_pos = zeros((p, d), np.float32)
    enc_pos[np.arange(p), 2 * e + np.arange(p)] = 1.0
    enc.position_encodings.encodings = enc_pos
    dec_pos = zeros((p + prefix_tokens, d), np.float32)
    dec_pos[prefix_tokens:] = enc_pos  # decoder position k + i attends to source position i
    dec.position_encodings.encodings = dec_pos

    def zero_linear(linear, out_dim: int, in_dim: int) -> None:
        linear.weight = zeros((out_dim, in_dim), np.float32)
        linear.bias = zeros(out_dim, np.float32)

    for layer in enc.layer:
        _layer_norms(layer.self_attention.layer_norm, d, np)
        zero_linear(layer.self_attention.linear[0], 3 * d, d)
        zero_linear(layer.self_attention.linear[1], d, d)
        _layer_norms(layer.ffn.layer_norm, d, np)
        zero_linear(layer.ffn.linear_0, 4, d)
        zero_linear(layer.ffn.linear_1, d, 4)
    _layer_norms(enc.layer_norm, d, np)

    layer = dec.layer[0]
    _layer_norms(layer.self_attention.layer_norm, d, np)
    zero_linear(layer.self_attention.linear[0], 3 * d, d)
    zero_linear(layer.self_attention.linear[1], d, d)
    _layer_norms(layer.attention.layer_norm, d, np)
    # Query (head 0, dims [0, p)) <- decoder position; key (head 0) <- source position.
    query = zeros((d, d), np.float32)
    query[np.arange(p), 2 * e + np.arange(p)] = 3.0
    layer.attention.linear[0].weight = query
    layer.attention.linear[0].bias = zeros(d, np.float32)
    kv = zeros((2 * d, d), np.float32)
    kv[np.arange(p), 2 * e + np.arange(p)] = 3.0  # keys
    # Values (head 0, dims [0, e)) <- source token embedding, scaled back from the layer norm.
    ln_scale = np.sqrt(d / 2.0)  # encoder output = LN(token + position): both unit vectors
    kv[d + np.arange(e), np.arange(e)] = 1.0 / ln_scale
    layer.attention.linear[1].weight = kv
    layer.attention.linear[1].bias = zeros(2 * d, np.float32)
    out = zeros((d, d), np.float32)
    out[e + np.arange(e), np.arange(e)] = 1.0  # head 0 values -> copy slot
    layer.attention.linear[2].weight = out
    layer.attention.linear[2].bias = zeros(d, np.float32)
    _layer_norms(layer.ffn.layer_norm, d, np)
    zero_linear(layer.ffn.linear_0, 4, d)
    zero_linear(layer.ffn.linear_1, d, 4)
    _layer_norms(dec.layer_norm, d, np)
    proj = zeros((v, d), np.float32)
    proj[:, e : 2 * e] = 4.0 * tok  # logits read the copy slot
    index = {piece: i for i, piece in enumerate(vocab)}
    for copied, produced, weight in shape:
        a, b = tok[index[copied]], index[produced]
        # B's logit on copying A: exactly `weight` x a copy's (B's own overlap with A removed)
        proj[b, e : 2 * e] += 4.0 * (weight - float(tok[b] @ a)) * a
    dec.projection.weight = proj
    dec.projection.bias = zeros(v, np.float32)

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(list(target_vocab or vocab))
    return _save_spec(spec, out_dir)


def build_random_model(
    vocab: list[str],
    out_dir: Path,
    *,
    layers: int = 6,
    d_model: int = 512,
    heads: int = 8,
    ffn: int = 2048,
    seed: int = 0,
    quantization: str | None = "int8",
) -> Path:
    """A Transformer with seeded random weights (Transformer base by default)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, v = d_model, len(vocab)

    def mat(rows: int, cols: int):
        return (rng.standard_normal((rows, cols), dtype=np.float32) / np.sqrt(cols)).astype(
            np.float32
        )

    def linear(module, rows: int, cols: int) -> None:
        module.weight = mat(rows, cols)
        module.bias = np.zeros(rows, np.float32)

    spec = transformer_spec.TransformerSpec.from_config(layers, heads, pre_norm=True)
    enc, dec = spec.encoder, spec.decoder
    emb = mat(v, d)
    enc.embeddings[0].weight = emb
    dec.embeddings.weight = emb
    for layer in enc.layer:
        _layer_norms(layer.self_attention.layer_norm, d, np)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        _layer_norms(layer.ffn.layer_norm, d, np)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    _layer_norms(enc.layer_norm, d, np)
    for layer in dec.layer:
        _layer_norms(layer.self_attention.layer_norm, d, np)
        linear(layer.self_attention.linear[0], 3 * d, d)
        linear(layer.self_attention.linear[1], d, d)
        _layer_norms(layer.attention.layer_norm, d, np)
        linear(layer.attention.linear[0], d, d)
        linear(layer.attention.linear[1], 2 * d, d)
        linear(layer.attention.linear[2], d, d)
        _layer_norms(layer.ffn.layer_norm, d, np)
        linear(layer.ffn.linear_0, ffn, d)
        linear(layer.ffn.linear_1, d, ffn)
    _layer_norms(dec.layer_norm, d, np)
    dec.projection.weight = emb
    dec.projection.bias = np.zeros(v, np.float32)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return _save_spec(spec, out_dir, quantization=quantization)


# ----------------------------------------------------------------------------------------
# Argos packages


def make_package(
    parent: Path,
    from_code: str,
    to_code: str,
    *,
    version: str = "1.0",
    kind: str = "copy",
    sp_model: bytes | None = None,
    target_prefix: str = "",
    folder: str | None = None,
    vocab_size: int = 32000,
    **model_args,
) -> Path:
    """Write an installed-style Argos package folder under `parent`; returns the folder.

    `kind="copy"` (exact copy of the input) or `"random"` (Transformer base by default,
    padded to `vocab_size` tokens with filler pieces). `target_prefix` is written to
    metadata.json and, for the copy model, must be one piece of the vocabulary.
    """
    sp_model = sp_model or shared_sentencepiece()
    vocab = sentencepiece_vocab(sp_model)
    name = folder or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    root = parent / name
    root.mkdir(parents=True, exist_ok=True)
    (root / "sentencepiece.model").write_bytes(sp_model)
    if kind == "copy":
        prefix = 0
        if target_prefix:
            assert target_prefix in vocab, "target_prefix must be a vocabulary piece"
            prefix = 1
        cached_copy_model(vocab, root / "model", prefix, model_args)
    elif kind == "random":
        fill = [f"▁fill{i}" for i in range(max(0, vocab_size - len(vocab)))]
        build_random_model(vocab + fill, root / "model", **model_args)
    else:
        raise ValueError(kind)
    metadata = {
        "package_version": version,
        "argos_version": "1.5",
        "from_code": from_code,
        "from_name": from_code.upper(),
        "to_code": to_code,
        "to_name": to_code.upper(),
        "type": "translate",
        "links": [],
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (root / "README.md").write_text(f"Test package {from_code} -> {to_code}.\n")
    return root


def zip_package(folder: Path, archive: Path) -> Path:
    """Zip an installed-style package folder into an `.argosmodel` (one top-level folder)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


def build_argosmodel(
    out_dir: Path, from_code: str, to_code: str, *, version: str = "1.0", **kwargs
) -> Path:
    """An `.argosmodel` file in `out_dir` (built in a scratch folder beside it)."""
    scratch = out_dir / f".build-{from_code}-{to_code}-{version}"
    folder = make_package(scratch, from_code, to_code, version=version, **kwargs)
    archive = out_dir / f"translate-{from_code}_{to_code}-{version.replace('.', '_')}.argosmodel"
    return zip_package(folder, archive)


_SP_CACHE: dict[str, bytes] = {}
_MODEL_CACHE: dict[tuple, Path] = {}
_MODEL_DIR: list[tempfile.TemporaryDirectory] = []  # removed when the process exits


def cached_copy_model(vocab: list[str], out_dir: Path, prefix: int, model_args: dict) -> None:
    """`build_copy_model` once per process for each vocabulary, prefix and shape; copies after.

    Versions and folders of a package differ between tests, its model weights do not, and
    building them (numpy + the CTranslate2 converter) is the slow part of a package.
    """
    key = (tuple(vocab), prefix, repr(sorted(model_args.items())))
    if key not in _MODEL_CACHE:
        if not _MODEL_DIR:
            _MODEL_DIR.append(tempfile.TemporaryDirectory(prefix="argos-copy-models-"))
        built = Path(_MODEL_DIR[0].name) / str(len(_MODEL_CACHE))
        _MODEL_CACHE[key] = build_copy_model(vocab, built, prefix_tokens=prefix, **model_args)
    shutil.copytree(_MODEL_CACHE[key], out_dir, dirs_exist_ok=True)


def shared_sentencepiece() -> bytes:
    """One SentencePiece model per process (training takes ~0.3 s)."""
    if "default" not in _SP_CACHE:
        _SP_CACHE["default"] = train_sentencepiece()
    return _SP_CACHE["default"]


# ----------------------------------------------------------------------------------------
# pytest fixtures (imported by tests/conftest.py)

try:
    import pytest
except ImportError:  # the benchmark imports this module without pytest
    pytest = None

if pytest is not None:

    @pytest.fixture(scope="session")
    def argos_packages(tmp_path_factory) -> Path:
        """A read-only folder of installed copy-model packages: en-ko 1.1, en-zh 1.0,
        ko-en 1.0 (ko -> zh then pivots through English) and en-ja 1.0 with a target
        prefix. Tests that install or remove must use their own folder."""
        root = tmp_path_factory.mktemp("argos-packages")
        make_package(root, "en", "ko", version="1.1")
        make_package(root, "en", "zh", version="1.0")
        make_package(root, "ko", "en", version="1.0")
        make_package(root, "en", "ja", version="1.0", target_prefix="__ja__")
        return root

    @pytest.fixture
    def argos_env(argos_packages: Path, monkeypatch) -> Path:
        """ARGOS_PACKAGES_DIR pointing at `argos_packages` (for the CLI and the library)."""
        monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_packages))
        return argos_packages

    @pytest.fixture
    def no_argos_models(tmp_path_factory, monkeypatch) -> Path:
        """ARGOS_PACKAGES_DIR pointing at an empty folder."""
        empty = tmp_path_factory.mktemp("no-models")
        monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(empty))
        return empty
