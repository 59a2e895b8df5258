"""Argos Translate packages run directly with CTranslate2 and SentencePiece.

Why not `argostranslate.translate`: it pulls torch/stanza/spaCy (1.5-6 GB), its sentence
splitter downloads a model on first use (so it fails offline), and with CTranslate2's
default thread settings each call costs ~100 ms on a 2-core machine. transflow already has
its own sentences, so this module does what the Argos package needs and nothing else, on
the shared CTranslate2 core (`engines.ct2.core`: model cache, batching, decode cap):

- `target_prefix` from metadata.json is forced and stripped, as argostranslate does;
- decoding matches argostranslate (SentencePiece decode, `▁` and `_` become spaces), and
  what must survive that is protected by placeholders (`engines.placeholders`);
- one SentencePiece model for source and target (forbidden strings included);
- no direct package: pivot through English (ko -> zh as ko -> en -> zh).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transflow.engines import Hypothesis
from transflow.engines.argos.packages import (
    ArgosPackage,
    argos_codes,
    find_package,
    installed_packages,
)
from transflow.engines.ct2.core import CT2Engine, EngineSettings, sentencepiece_model
from transflow.project.errors import MissingModelError, ModelError

if TYPE_CHECKING:
    from sentencepiece import SentencePieceProcessor

    from transflow.project.project import Project


class ArgosEngine(CT2Engine):
    """One Argos package. Loads lazily, on the first `translate` call."""

    name = "argos"

    def __init__(self, package: ArgosPackage, settings: EngineSettings | None = None) -> None:
        if package.tokenizer != "sentencepiece":
            raise ModelError(
                "uses a BPE tokenizer (bpe.model), which transflow does not run; "
                "only SentencePiece packages are supported.",
                path=package.path,
                hint="Install a newer package of the pair (`transflow models fetch "
                f"{package.from_code} {package.to_code}`).",
            )
        self.package = package
        self.settings = settings or EngineSettings()
        self.provenance = package.provenance
        self.model_path = package.path / "model"
        self.target_language = package.to_code
        self.target_prefix = package.target_prefix

    # -- loading ----------------------------------------------------------------------------

    @property
    def tokenizer(self) -> SentencePieceProcessor:
        return sentencepiece_model(self.package.path / "sentencepiece.model")

    def encode(self, text: str) -> list[str]:
        pieces: list[str] = self.tokenizer.encode(text, out_type=str)
        return pieces

    def decode(self, tokens: list[str]) -> str:
        """As argostranslate's SentencePieceTokenizer.decode does."""
        text: str = self.tokenizer.decode_pieces(tokens)
        return text.replace("▁", " ").replace("_", " ")

    @property
    def target_tokenizer(self) -> SentencePieceProcessor:
        return self.tokenizer  # one SentencePiece model for both sides


class PivotEngine:
    """source -> English -> target, when no direct package exists."""

    name = "argos"

    def __init__(self, first: ArgosEngine, second: ArgosEngine) -> None:
        self.first, self.second = first, second
        self.provenance = f"{first.provenance}+{second.provenance}"

    def suppress_sequences(self, text: str) -> list[list[str]]:
        return self.second.suppress_sequences(text)

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        """`suppress` holds target strings: it applies to the second leg only."""
        middle = self.first.translate(texts, 1)
        final = self.second.translate([h[0].text for h in middle], n_best, suppress)
        return [
            [Hypothesis(h.text, h.score + m[0].score) for h in hyps]
            for m, hyps in zip(middle, final, strict=True)
        ]


def get_argos_engine(
    project: Project | None, source: str, target: str
) -> ArgosEngine | PivotEngine:
    """Direct package if installed, else a pivot through English, else MissingModelError."""
    packages, _problems = installed_packages(project)
    settings = EngineSettings.from_config(project)
    direct = find_package(packages, source, target)
    if direct is not None:
        return ArgosEngine(direct, settings)
    if "en" not in (source.split("-")[0], target.split("-")[0]):
        first = find_package(packages, source, "en")
        second = find_package(packages, "en", target)
        if first is not None and second is not None:
            return PivotEngine(ArgosEngine(first, settings), ArgosEngine(second, settings))
    raise missing_model(source, target, sorted({p.pair for p in packages}))


def missing_model(source: str, target: str, installed: list[str]) -> MissingModelError:
    """The error for a pair no package serves: the installed pairs and the commands that fix it."""
    src, tgt = argos_codes(source)[0], argos_codes(target)[0]
    pivot = ""
    if "en" not in (src, tgt):
        pivot = (
            f" (or, to pivot through English, `transflow models fetch {src} en` and "
            f"`transflow models fetch en {tgt}`)"
        )
    return MissingModelError(
        f"no translation model for {source} -> {target}; installed pairs: "
        f"{', '.join(installed) or 'none'}.",
        hint=f"Download one with `transflow models fetch {src} {tgt}`{pivot}, or install "
        f"a downloaded package file with `transflow models add FILE.argosmodel`; "
        "`transflow models list` shows what is installed.",
    )
