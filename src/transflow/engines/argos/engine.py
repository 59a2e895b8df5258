"""Argos Translate packages run directly with CTranslate2 and SentencePiece.

Why not `argostranslate.translate`: it pulls torch/stanza/spaCy (1.5-6 GB), its sentence
splitter downloads a model on first use (so it fails offline), and with CTranslate2's
default thread settings each call costs ~100 ms on a 2-core machine. transflow already has
its own sentences, so this module does what the Argos package needs and nothing else:

- each model (`ctranslate2.Translator`) and tokenizer loads once per process and is reused;
- thread count is explicit (`[engine] threads`, default one per usable core);
- every pending segment of a language pair goes through `translate_batch` in batches of
  `max_batch_tokens` tokens, sorted by length so batches hold similar lengths, with the
  decode length capped per batch (`decoding_length_ratio` x longest input + 10, at most
  `max_decoding_length`): a degenerate model cannot run away;
- `target_prefix` from metadata.json is forced and stripped, as argostranslate does;
- decoding matches argostranslate (SentencePiece decode, `▁` and `_` become spaces), and
  what must survive that is protected by placeholders (`engines.placeholders`);
- no direct package: pivot through English (ko -> zh as ko -> en -> zh);
- `suppress`: each text's forbidden target strings are tokenized with the package's
  SentencePiece model (`suppress_sequences`) and the texts are decoded in groups that share
  one set, since `translate_batch(suppress_sequences=...)` applies to a whole call.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from transflow.engines import Hypothesis
from transflow.engines.argos.packages import (
    ArgosPackage,
    argos_codes,
    find_package,
    installed_packages,
)
from transflow.engines.placeholders import Masked, choose_style, protect, restore
from transflow.project.errors import MissingModelError, ModelError
from transflow.project.languages import base_language

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
        suppress_sequences: list[list[str]] | None = ...,
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


def _sentencepiece(path: Path) -> SentencePieceProcessor:
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


# Languages written without spaces between words: a forbidden string may be glued to the
# text before it, so its tokens without SentencePiece's word-start mark are suppressed too.
# (Korean spaces its words; a Korean variant glued into a compound is left to the reranker.)
WRITTEN_WITHOUT_SPACES = frozenset({"zh", "ja"})
_GLUE = "\ue000"  # a private-use character: in no vocabulary piece, so it merges with nothing


def suppress_sequences(
    tokenizer: SentencePieceProcessor, text: str, *, glued: bool
) -> list[list[str]]:
    """The token sequences that write `text` in a translation, for CTranslate2's
    `suppress_sequences`: as a word of its own (`▁` first) and, when `glued`, inside a word
    (tokenized after a character no piece contains, so SentencePiece adds no `▁`).

    CTranslate2 blocks a sequence only as these exact tokens: the same text tokenized
    otherwise in context (탈북자는 as ▁탈북 자는) is not blocked, which is why callers pass
    the inflected forms they care about as strings of their own. A form with a piece the
    vocabulary lacks is left out: CTranslate2 would read it as <unk> and block that."""
    word = tokenizer.encode(text, return_type="proto").pieces
    forms = [[p.piece for p in word]]
    if glued:
        skip = len(_GLUE.encode())
        pieces = tokenizer.encode(_GLUE + text, return_type="proto").pieces
        inside = [p for p in pieces if p.begin >= skip]
        # an unknown first character merges with the glue into one <unk>: then it is lost
        if "".join(p.surface for p in inside) == "".join(p.surface for p in word):
            forms.append([p.piece for p in inside])
    unk = tokenizer.unk_id()
    unique = {
        tuple(f): f
        for f in forms
        if f and f != ["▁"] and all(tokenizer.piece_to_id(p) != unk for p in f)
    }
    return list(unique.values())


def suppression_groups(
    suppress: list[list[str]] | None,
    count: int,
    tokenize: Callable[[str], list[list[str]]],
) -> list[tuple[list[int], list[list[str]]]]:
    """Indexes 0..count-1 grouped by the token sequences their `suppress` strings make, with
    those sequences: `suppress_sequences` applies to a whole `translate_batch` call.

    Kept apart from the batching so it can move into a shared CTranslate2 core as it is."""
    if not suppress:
        return [(list(range(count)), [])]
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, strings in enumerate(suppress):
        groups.setdefault(tuple(sorted(set(strings))), []).append(i)
    out = []
    for key, members in groups.items():
        sequences = {tuple(seq): seq for s in key for seq in tokenize(s)}
        out.append((members, list(sequences.values())))
    return out


class ArgosEngine:
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
        self._style: tuple[str, str] | None = None

    # -- loading ----------------------------------------------------------------------------

    @property
    def translator(self) -> Translator:
        return _translator(self.package.path / "model", self.settings)

    @property
    def tokenizer(self) -> SentencePieceProcessor:
        return _sentencepiece(self.package.path / "sentencepiece.model")

    def encode(self, text: str) -> list[str]:
        pieces: list[str] = self.tokenizer.encode(text, out_type=str)
        return pieces

    def decode(self, tokens: list[str]) -> str:
        """As argostranslate's SentencePieceTokenizer.decode does."""
        text: str = self.tokenizer.decode_pieces(tokens)
        return text.replace("▁", " ").replace("_", " ")

    @property
    def style(self) -> tuple[str, str]:
        if self._style is None:
            self._style = choose_style(self.encode)
        return self._style

    # -- translating ------------------------------------------------------------------------

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
        self,
        tokens: list[list[str]],
        n_best: int = 1,
        suppress_sequences: list[list[str]] | None = None,
    ) -> list[list[tuple[list[str], float]]]:
        """Pre-tokenized input -> per input, n_best (target tokens, score), prefix stripped;
        no hypothesis holds one of `suppress_sequences` (target tokens)."""
        prefix = self.package.target_prefix
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
                suppress_sequences=suppress_sequences or None,
            )
            for i, result in zip(batch, output, strict=True):
                hyps = []
                for hyp, score in zip(result.hypotheses, result.scores, strict=True):
                    if prefix and hyp and hyp[0] == prefix:
                        hyp = hyp[1:]
                    hyps.append((hyp, float(score)))
                results[i] = hyps
        return results

    def suppress_sequences(self, text: str) -> list[list[str]]:
        """The target token sequences that would write `text` (see `suppress_sequences`)."""
        glued = base_language(self.package.to_code) in WRITTEN_WITHOUT_SPACES
        return suppress_sequences(self.tokenizer, text, glued=glued)

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        masked: list[Masked] = [protect(t, self.style) for t in texts]
        todo = [i for i, m in enumerate(masked) if not m.only_placeholders]
        out: list[list[Hypothesis]] = [[Hypothesis(t, 0.0)] * n_best for t in texts]
        if not todo:
            return out
        tokens = [self.encode(masked[i].text) for i in todo]
        wanted = [suppress[i] for i in todo] if suppress else None
        for members, sequences in suppression_groups(wanted, len(todo), self.suppress_sequences):
            group = self.translate_tokens([tokens[k] for k in members], n_best, sequences)
            for k, hyps in zip(members, group, strict=True):
                i = todo[k]
                restored = []
                for pieces, score in hyps:
                    text, _complete = restore(self.decode(pieces).strip(), masked[i])
                    restored.append(Hypothesis(text, score))
                out[i] = restored
        return out


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
