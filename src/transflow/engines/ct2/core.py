"""The CTranslate2 decode core every model family runs on.

- each model (`ctranslate2.Translator`) and tokenizer loads once per process and is reused;
- thread count is explicit (`[engine] threads`, default one per usable core);
- every pending segment of a language pair goes through `translate_batch` in batches of
  `max_batch_tokens` tokens, sorted by length so batches hold similar lengths, with the
  decode length capped per batch (`decoding_length_ratio` x longest input + 10, at most
  `max_decoding_length`): a degenerate model cannot run away;
- a target prefix is forced and stripped from the hypotheses.

A family (`CT2Engine` subclass) says where its model is and what its target prefix is.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from transflow.project.errors import ModelError

if TYPE_CHECKING:
    from sentencepiece import SentencePieceProcessor

    from transflow.project.project import Project


@dataclass(frozen=True)
class EngineSettings:
    threads: int = 0
    beam_size: int = 4
    max_batch_tokens: int = 2048
    max_decoding_length: int = 256
    decoding_length_ratio: float = 2.0
    compute_type: str = "auto"

    @classmethod
    def from_config(cls, project: Project | None) -> EngineSettings:
        section = dict(project.settings.get("engine", {})) if project is not None else {}
        known = {k: section[k] for k in cls.__dataclass_fields__ if k in section}
        return cls(**known)

    @property
    def intra_threads(self) -> int:
        if self.threads:
            return self.threads
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not Linux
            return max(1, os.cpu_count() or 1)


class TranslationResult(Protocol):
    """One input's result from `Translator.translate_batch`."""

    @property
    def hypotheses(self) -> list[list[str]]: ...

    @property
    def scores(self) -> list[float]: ...


class Translator(Protocol):
    """What this module uses of `ctranslate2.Translator` (ctranslate2 ships no type
    information, so mypy sees its objects as Any; this says what they are)."""

    def translate_batch(
        self,
        source: list[list[str]],
        *,
        target_prefix: list[list[str]] | None = ...,
        max_batch_size: int = ...,
        beam_size: int = ...,
        num_hypotheses: int = ...,
        length_penalty: float = ...,
        replace_unknowns: bool = ...,
        return_scores: bool = ...,
        max_decoding_length: int = ...,
    ) -> list[TranslationResult]: ...


_LOCK = threading.Lock()
# loaded once per process: (model path, threads, compute type) -> translator, path -> tokenizer
_TRANSLATORS: dict[tuple[str, int, str], Translator] = {}
_TOKENIZERS: dict[str, SentencePieceProcessor] = {}


def _translator(path: Path, settings: EngineSettings) -> Translator:
    key = (str(path), settings.intra_threads, settings.compute_type)
    with _LOCK:
        if key not in _TRANSLATORS:
            import ctranslate2

            try:
                _TRANSLATORS[key] = ctranslate2.Translator(
                    str(path),
                    device="cpu",
                    compute_type=settings.compute_type,
                    inter_threads=1,
                    intra_threads=settings.intra_threads,
                )
            except (RuntimeError, ValueError) as exc:
                raise ModelError(
                    f"cannot load the CTranslate2 model ({exc}).",
                    path=path,
                    hint="Reinstall the package with `transflow models add` or `models fetch`.",
                ) from None
        return _TRANSLATORS[key]


def sentencepiece_model(path: Path) -> SentencePieceProcessor:
    key = str(path)
    with _LOCK:
        if key not in _TOKENIZERS:
            import sentencepiece

            try:
                _TOKENIZERS[key] = sentencepiece.SentencePieceProcessor(model_file=str(path))
            except (OSError, RuntimeError) as exc:
                raise ModelError(
                    f"cannot load the SentencePiece model ({exc}).", path=path
                ) from None
        return _TOKENIZERS[key]


class CT2Engine:
    """The decode core of one CTranslate2 model: a family sets `model_path`, `settings`
    and `target_prefix` (one token, or "" for none)."""

    model_path: Path
    settings: EngineSettings
    target_prefix: str = ""

    @property
    def translator(self) -> Translator:
        return _translator(self.model_path, self.settings)

    def batches(self, tokens: list[list[str]]) -> list[list[int]]:
        """Indexes of `tokens` grouped into batches of at most max_batch_tokens, by length."""
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        batches: list[list[int]] = []
        current: list[int] = []
        longest = 0
        for i in order:
            size = len(tokens[i])
            if current and max(longest, size) * (len(current) + 1) > self.settings.max_batch_tokens:
                batches.append(current)
                current, longest = [], 0
            current.append(i)
            longest = max(longest, size)
        if current:
            batches.append(current)
        return batches

    def decode_cap(self, longest_input: int) -> int:
        s = self.settings
        if s.decoding_length_ratio <= 0:
            return s.max_decoding_length
        return max(1, min(s.max_decoding_length, int(s.decoding_length_ratio * longest_input) + 10))

    def translate_tokens(
        self, tokens: list[list[str]], n_best: int = 1
    ) -> list[list[tuple[list[str], float]]]:
        """Pre-tokenized input -> per input, n_best (target tokens, score), prefix stripped."""
        prefix = self.target_prefix
        results: list[list[tuple[list[str], float]]] = [[] for _ in tokens]
        translator = self.translator
        for batch in self.batches(tokens):
            source = [tokens[i] for i in batch]
            cap = self.decode_cap(max(len(t) for t in source))
            output = translator.translate_batch(
                source,
                target_prefix=[[prefix] for _ in source] if prefix else None,
                max_batch_size=0,
                beam_size=max(self.settings.beam_size, n_best),
                num_hypotheses=n_best,
                length_penalty=0.2,
                replace_unknowns=True,
                return_scores=True,
                max_decoding_length=cap + (1 if prefix else 0),
            )
            for i, result in zip(batch, output, strict=True):
                hyps = []
                for hyp, score in zip(result.hypotheses, result.scores, strict=True):
                    if prefix and hyp and hyp[0] == prefix:
                        hyp = hyp[1:]
                    hyps.append((hyp, float(score)))
                results[i] = hyps
        return results
