"""Model families on the CTranslate2 core: how each tokenizes, what its folder must hold.

- `argos`: an Argos package folder (`engines.argos`);
- `opus-mt`: Marian models, `source.spm` and `target.spm`, no language tokens.
  `ct2-opus-mt-converter` / `ct2-marian-converter` write model.bin, config.json (with
  `add_source_eos`: CTranslate2 appends `</s>` itself) and the vocabularies, but do not copy
  the SentencePiece models; `ct2-transformers-converter` on a Hugging Face Marian model
  leaves `add_source_eos` out, and then `</s>` is appended here;
- `nllb`: one SentencePiece model (`sentencepiece.bpe.model`), source = `[eng_Latn] + pieces
  + [</s>]` as the transformers NllbTokenizer writes it, target language token
  (`kor_Hang`) as `target_prefix`; BCP 47 tags map to FLORES-200 codes (`FLORES_200`);
- `m2m100`: the same with `__ko__` style tokens.

A folder is checked before use (`check_folder`): each missing file is a ModelError naming
it, the folder and the converter command that writes it. Without `family` in the config,
the family is read from the folder (`detect_family`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.engines.ct2.core import (
    CT2Engine,
    EngineSettings,
    sentencepiece_model,
    vocabulary,
    vocabulary_file,
)
from transflow.project.choices import ModelFamily
from transflow.project.errors import ModelError

if TYPE_CHECKING:
    from sentencepiece import SentencePieceProcessor

    from transflow.project.config import EnginePair
    from transflow.project.project import Project

# BCP 47 (as transflow normalizes it) -> FLORES-200, the language codes of NLLB-200. A tag
# is looked up as written, then with subtags dropped from the end (zh-Hant-TW -> zh-Hant).
FLORES_200 = {
    "ar": "arb_Arab",
    "bg": "bul_Cyrl",
    "bn": "ben_Beng",
    "ca": "cat_Latn",
    "cs": "ces_Latn",
    "da": "dan_Latn",
    "de": "deu_Latn",
    "el": "ell_Grek",
    "en": "eng_Latn",
    "es": "spa_Latn",
    "fa": "pes_Arab",
    "fi": "fin_Latn",
    "fr": "fra_Latn",
    "he": "heb_Hebr",
    "hi": "hin_Deva",
    "hr": "hrv_Latn",
    "hu": "hun_Latn",
    "id": "ind_Latn",
    "it": "ita_Latn",
    "ja": "jpn_Jpan",
    "km": "khm_Khmr",
    "ko": "kor_Hang",
    "mn": "khk_Cyrl",
    "ms": "zsm_Latn",
    "my": "mya_Mymr",
    "nb": "nob_Latn",
    "nl": "nld_Latn",
    "no": "nob_Latn",
    "pl": "pol_Latn",
    "pt": "por_Latn",
    "ro": "ron_Latn",
    "ru": "rus_Cyrl",
    "sr": "srp_Cyrl",
    "sv": "swe_Latn",
    "sw": "swh_Latn",
    "ta": "tam_Taml",
    "te": "tel_Telu",
    "th": "tha_Thai",
    "tl": "tgl_Latn",
    "tr": "tur_Latn",
    "uk": "ukr_Cyrl",
    "ur": "urd_Arab",
    "vi": "vie_Latn",
    "yue": "yue_Hant",
    "zh": "zho_Hans",
    "zh-Hans": "zho_Hans",
    "zh-Hant": "zho_Hant",
}


def flores_code(tag: str) -> str:
    """The FLORES-200 code NLLB knows a BCP 47 tag by; ModelError if the table has none."""
    parts = tag.split("-")
    for end in range(len(parts), 0, -1):
        code = FLORES_200.get("-".join(parts[:end]))
        if code is not None:
            return code
    raise ModelError(
        f"no FLORES-200 code known for the language {tag} (NLLB names languages like kor_Hang).",
        hint=f"Known: {', '.join(sorted(FLORES_200))}; for another language, use a model "
        "of another family for this pair.",
    )


# -- what a folder holds ---------------------------------------------------------------------

_VOCABULARY = "shared_vocabulary.json (or source_vocabulary.json and target_vocabulary.json)"
_TOKENIZERS = {
    ModelFamily.OPUS_MT: ("source.spm", "target.spm"),
    ModelFamily.NLLB: ("sentencepiece.bpe.model",),
    ModelFamily.M2M100: ("sentencepiece.bpe.model",),
}
_HF_MODELS = {
    ModelFamily.NLLB: "facebook/nllb-200-distilled-600M",
    ModelFamily.M2M100: "facebook/m2m100_418M",
}


def converter_command(family: ModelFamily | None, shown: str, pair: str = "en-ko") -> str:
    """The command(s) that write a model folder of `family` at `shown` (as configured)."""
    if family is ModelFamily.ARGOS:
        return (
            "An Argos package folder is what `transflow models add FILE.argosmodel` installs "
            "(or the .argosmodel file unzipped)."
        )
    if family is ModelFamily.OPUS_MT:
        return (
            f"Convert it with `ct2-opus-mt-converter --model_dir opus-mt-{pair} --output_dir "
            f"{shown}` and copy source.spm and target.spm from opus-mt-{pair} into {shown} "
            "(the converter does not), or with `ct2-transformers-converter --model "
            f"Helsinki-NLP/opus-mt-{pair} --output_dir {shown} --copy_files source.spm "
            "target.spm`."
        )
    families = [family] if family is not None else [ModelFamily.NLLB, ModelFamily.M2M100]
    commands = " or ".join(
        f"`ct2-transformers-converter --model {_HF_MODELS[f]} --output_dir {shown} "
        "--copy_files sentencepiece.bpe.model`"
        for f in families
    )
    return f"Convert it with {commands}."


def _missing(folder: Path, what: str, family: ModelFamily | None, shown: str, pair: str) -> None:
    kind = f"{family.value} model" if family is not None else "CTranslate2 model"
    raise ModelError(
        f"the {kind} folder has no {what}.",
        path=folder,
        hint=converter_command(family, shown, pair),
    )


def _config(folder: Path) -> dict[str, object]:
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"cannot be read as JSON ({exc}).", path=folder / "config.json") from None
    return config if isinstance(config, dict) else {}


def detect_family(folder: Path) -> ModelFamily | None:
    """The family a folder's files say: metadata.json (argos), source/target.spm (opus-mt),
    FLORES-200 or `__xx__` language tokens in the vocabulary (nllb, m2m100), else
    `add_source_eos` in config.json (Marian, as ct2-opus-mt-converter writes it)."""
    if (folder / "metadata.json").is_file():
        return ModelFamily.ARGOS
    if any((folder / name).is_file() for name in _TOKENIZERS[ModelFamily.OPUS_MT]):
        return ModelFamily.OPUS_MT
    tokens = vocabulary(folder, "target")
    if "eng_Latn" in tokens:
        return ModelFamily.NLLB
    if "__en__" in tokens:
        return ModelFamily.M2M100
    if (folder / "config.json").is_file() and _config(folder).get("add_source_eos") is True:
        return ModelFamily.OPUS_MT
    return None


def check_folder(
    folder: Path, family: ModelFamily | None, shown: str, pair: str = "en-ko"
) -> ModelFamily:
    """The folder's family (`family`, or detected), once every file it needs is there."""
    if not folder.is_dir():
        raise ModelError(
            "is not a folder: no model there.",
            path=folder,
            hint=converter_command(family, shown, pair),
        )
    if family is ModelFamily.ARGOS or (
        family is None and detect_family(folder) is ModelFamily.ARGOS
    ):
        for name in (
            "metadata.json",
            "sentencepiece.model",
            "model/model.bin",
            "model/config.json",
        ):
            if not (folder / name).is_file():
                _missing(folder, name, ModelFamily.ARGOS, shown, pair)
        if vocabulary_file(folder / "model", "target") is None:
            _missing(folder, f"model/{_VOCABULARY}", ModelFamily.ARGOS, shown, pair)
        return ModelFamily.ARGOS
    for name in ("model.bin", "config.json"):
        if not (folder / name).is_file():
            _missing(folder, name, family, shown, pair)
    if not all(vocabulary_file(folder, side) for side in ("source", "target")):
        _missing(folder, _VOCABULARY, family, shown, pair)
    if family is None:
        family = detect_family(folder)
    if family is None:
        raise ModelError(
            "cannot tell which model family this folder holds (no metadata.json, source.spm, "
            "language tokens in its vocabulary or add_source_eos in config.json).",
            path=folder,
            hint=f"Set family = one of {', '.join(ModelFamily)} in its [engine.pairs] entry.",
        )
    for name in _TOKENIZERS[family]:
        if not (folder / name).is_file():
            _missing(folder, name, family, shown, pair)
    return family


# -- provenance ------------------------------------------------------------------------------

_HASH_LOCK = threading.Lock()
_HASHES: dict[tuple[str, tuple[tuple[str, int, int], ...]], str] = {}


def content_hash(folder: Path) -> str:
    """The first 6 hex digits of a sha256 over every file of the folder (relative name and
    content): the same model, copied or converted again identically, gets the same hash.
    Computed once per process for each (path, size, mtime_ns) of its files, so a 600 MB
    model.bin is read once, and again only when a file changes."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    stamp = tuple(
        (p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files
    )
    key = (str(folder.resolve()), stamp)
    with _HASH_LOCK:
        if key not in _HASHES:
            digest = hashlib.sha256()
            for path in files:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                with path.open("rb") as handle:
                    digest.update(hashlib.file_digest(handle, "sha256").digest())
            _HASHES[key] = digest.hexdigest()[:6]
        return _HASHES[key]


# -- the engines -----------------------------------------------------------------------------


class FamilyEngine(CT2Engine):
    """A converted model of one family at `folder`, for source -> target."""

    name = "ct2"
    family: ModelFamily

    def __init__(self, folder: Path, source: str, target: str, settings: EngineSettings) -> None:
        self.model_path = folder
        self.source, self.target = source, target
        self.target_language = target
        self.settings = settings
        self.provenance = f"ct2:{self.family.value}/{folder.name}#{content_hash(folder)}"
        # CTranslate2 appends </s> when config.json says so (the Marian converters); else
        # the source must end with it, as the Hugging Face tokenizers write it
        self.append_eos = _config(folder).get("add_source_eos") is not True

    def _tokenizer(self, name: str) -> SentencePieceProcessor:
        return sentencepiece_model(self.model_path / name)

    def pieces(self, text: str, tokenizer: str) -> list[str]:
        out: list[str] = self._tokenizer(tokenizer).encode(text, out_type=str)
        return out

    def _language_token(self, token: str) -> str:
        if token not in vocabulary(self.model_path, "target"):
            raise ModelError(
                f"the model's vocabulary has no language token {token}: it does not "
                f"translate {self.source} -> {self.target}.",
                path=self.model_path,
                hint="Use a model that covers both languages for this [engine.pairs] entry.",
            )
        return token


class OpusMTEngine(FamilyEngine):
    """Marian: source.spm for the source, target.spm for the target, no language tokens."""

    family = ModelFamily.OPUS_MT

    def encode(self, text: str) -> list[str]:
        return self.pieces(text, "source.spm") + (["</s>"] if self.append_eos else [])

    @property
    def target_tokenizer(self) -> SentencePieceProcessor:
        return self._tokenizer("target.spm")

    def decode(self, tokens: list[str]) -> str:
        text: str = self.target_tokenizer.decode_pieces(tokens)
        return text


class MultilingualEngine(FamilyEngine):
    """One SentencePiece model; a source language token first, the target's as prefix."""

    tokenizer_file = "sentencepiece.bpe.model"

    def __init__(self, folder: Path, source: str, target: str, settings: EngineSettings) -> None:
        super().__init__(folder, source, target, settings)
        self.source_token = self._language_token(self.language_token(source))
        self.target_prefix = self._language_token(self.language_token(target))

    def language_token(self, tag: str) -> str:
        raise NotImplementedError

    def encode(self, text: str) -> list[str]:
        eos = ["</s>"] if self.append_eos else []
        return [self.source_token, *self.pieces(text, self.tokenizer_file), *eos]

    @property
    def target_tokenizer(self) -> SentencePieceProcessor:
        return self._tokenizer(self.tokenizer_file)

    def decode(self, tokens: list[str]) -> str:
        text: str = self.target_tokenizer.decode_pieces(tokens)
        return text


class NLLBEngine(MultilingualEngine):
    family = ModelFamily.NLLB

    def language_token(self, tag: str) -> str:
        return flores_code(tag)


class M2M100Engine(MultilingualEngine):
    family = ModelFamily.M2M100

    def language_token(self, tag: str) -> str:
        return f"__{tag.split('-')[0]}__"


ENGINES: dict[ModelFamily, type[FamilyEngine]] = {
    ModelFamily.OPUS_MT: OpusMTEngine,
    ModelFamily.NLLB: NLLBEngine,
    ModelFamily.M2M100: M2M100Engine,
}


def _converter_pair(pair: EnginePair) -> str:
    """ "en-ko" for en -> zh-Hant's converter hints: OPUS-MT names models by base language."""
    return f"{pair.source.split('-')[0]}-{pair.target.split('-')[0]}"


def pair_engine(project: Project, pair: EnginePair) -> CT2Engine:
    """The engine of a configured `[engine.pairs]` entry, its folder checked first."""
    from transflow.engines.argos.engine import ArgosEngine
    from transflow.engines.argos.packages import read_package

    folder = pair.folder(project.root)
    settings = EngineSettings.from_config(project)
    family = check_folder(folder, pair.family, pair.path, _converter_pair(pair))
    if family is ModelFamily.ARGOS:
        engine = ArgosEngine(read_package(folder), settings)
        engine.provenance = f"ct2:argos/{folder.name}#{content_hash(folder)}"
        return engine
    return ENGINES[family](folder, pair.source, pair.target, settings)


@dataclass(frozen=True)
class PairStatus:
    """What `models list` says of a configured pair: its family (None: not known), and
    either the provenance it translates under or why it does not load."""

    pair: EnginePair
    family: ModelFamily | None
    provenance: str | None
    problem: str | None


def pair_status(project: Project, pair: EnginePair) -> PairStatus:
    """Check a configured pair's folder and load its model and tokenizers."""
    folder = pair.folder(project.root)
    family = pair.family
    try:
        if family is None and folder.is_dir():
            family = detect_family(folder)
        engine = pair_engine(project, pair)
        engine.load()
    except ModelError as exc:
        return PairStatus(pair, family, None, exc.render())
    return PairStatus(pair, family, engine.provenance, None)
