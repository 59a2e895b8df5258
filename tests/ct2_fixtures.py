"""Tiny, real CTranslate2 model folders of each family, built at test time (no download).

Each is laid out as its converter writes it (model.bin, config.json, the vocabulary
JSON files) plus the tokenizer files the family needs, around the copy model of
`argos_fixtures` (the decoder writes target token i where the source has token i):

- `opus-mt`: source.spm is the shared English SentencePiece model; target.spm is the same
  model with every piece ROT13'd, and target_vocabulary.json the ROT13'd source
  vocabulary. The copy model then "translates" English into its ROT13, which only comes out
  if the source is encoded with source.spm and decoded with target.spm. config.json says
  `add_source_eos = true` as ct2-opus-mt-converter writes it (`marian_eos=False`: left out,
  as ct2-transformers-converter writes a Hugging Face Marian model, so `</s>` must be
  appended by transflow);
- `nllb` / `m2m100`: one SentencePiece model (sentencepiece.bpe.model), the language tokens
  appended to the vocabulary as the transformers converter does, `add_source_eos = false`.
  The source is `[eng_Latn] a b </s>` and the target prefix `[kor_Hang]`: decoder position
  t copies source position t, so with the prefix forced position 1 copies `a`. A missing
  source language token loses the first word; a missing prefix writes `eng_Latn`; a
  missing `</s>` runs on to the decode cap: each shows in the exact output.
"""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

from .argos_fixtures import cached_copy_model, sentencepiece_vocab, shared_sentencepiece

NLLB_LANGUAGES = ("eng_Latn", "kor_Hang", "zho_Hans", "zho_Hant", "jpn_Jpan")
M2M100_LANGUAGES = ("__en__", "__ko__", "__zh__", "__ja__")


def rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


def rot13_sentencepiece(model: bytes) -> bytes:
    """The SentencePiece model with every normal and user-defined piece ROT13'd."""
    from sentencepiece import sentencepiece_model_pb2 as pb

    proto = pb.ModelProto()
    proto.ParseFromString(model)
    for piece in proto.pieces:
        if piece.type in (
            pb.ModelProto.SentencePiece.NORMAL,
            pb.ModelProto.SentencePiece.USER_DEFINED,
        ):
            piece.piece = rot13(piece.piece)
    return proto.SerializeToString()


def make_opus_mt(parent: Path, name: str = "opus-mt-en-ko", *, marian_eos: bool = True) -> Path:
    """An OPUS-MT (Marian) folder: English in, its ROT13 out (see above)."""
    sp = shared_sentencepiece()
    target_sp = rot13_sentencepiece(sp)
    vocab = sentencepiece_vocab(sp)
    folder = parent / name
    cached_copy_model(
        vocab,
        folder,
        0,
        {"add_source_eos": marian_eos, "target_vocab": tuple(sentencepiece_vocab(target_sp))},
    )
    (folder / "source.spm").write_bytes(sp)
    (folder / "target.spm").write_bytes(target_sp)
    return folder


def _multilingual(parent: Path, name: str, languages: tuple[str, ...]) -> Path:
    sp = shared_sentencepiece()
    vocab = sentencepiece_vocab(sp)
    vocab += [lang for lang in languages if lang not in vocab]
    folder = parent / name
    cached_copy_model(vocab, folder, 0, {"add_source_eos": False})
    (folder / "sentencepiece.bpe.model").write_bytes(sp)
    return folder


def make_nllb(parent: Path, name: str = "nllb-tiny") -> Path:
    """An NLLB-200 folder as ct2-transformers-converter --copy_files sentencepiece.bpe.model
    writes it, with FLORES-200 tokens for en, ko, zh-Hans, zh-Hant, ja."""
    return _multilingual(parent, name, NLLB_LANGUAGES)


def make_m2m100(parent: Path, name: str = "m2m100-tiny") -> Path:
    """An M2M100 folder, `__en__` style tokens for en, ko, zh, ja."""
    return _multilingual(parent, name, M2M100_LANGUAGES)


def make_models(parent: Path) -> dict[str, Path]:
    """One folder of each family under `parent` (an Argos package too): family -> folder."""
    from .argos_fixtures import make_package

    parent.mkdir(parents=True, exist_ok=True)
    return {
        "argos": make_package(parent, "en", "ko", folder="argos-en-ko"),
        "opus-mt": make_opus_mt(parent),
        "nllb": make_nllb(parent),
        "m2m100": make_m2m100(parent),
    }


def config_of(folder: Path) -> dict:
    return json.loads((folder / "config.json").read_text(encoding="utf-8"))


def copy_model(folder: Path, dest: Path) -> Path:
    shutil.copytree(folder, dest)
    return dest
