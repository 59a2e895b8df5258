"""The CTranslate2 decode core every model family runs on.

- each model (`ctranslate2.Translator`) and tokenizer loads once per process and is reused,
  keyed by model path, device, compute type and threads;
- device and threads are explicit: `[engine] device` (auto = CUDA when CTranslate2 sees a
  GPU), `compute_type` (auto = int8 on CPU, int8_float16 on CUDA), `intra_threads` (or
  today's `threads`; default one per usable core) and `inter_threads`;
- every pending segment of a language pair goes through `translate_batch` in batches of
  `max_batch_tokens` tokens, sorted by length so batches hold similar lengths, with the
  decode length capped per batch (`decoding_length_ratio` x longest input + 10, at most
  `max_decoding_length`): a degenerate model cannot run away;
- a target prefix is forced and stripped from the hypotheses;
- forbidden target strings (`suppress`, one list per text) are tokenized with the target
  tokenizer (`suppress_sequences`: as a word of its own and, for languages written without
  spaces, glued to the text before it) and passed as `suppress_sequences`; since that
  option applies to a whole call, texts with the same forbidden set are batched together;
- inline tokens and Markdown syntax are protected by placeholders (`engines.placeholders`).

A family (`CT2Engine` subclass) says where its model is, how it tokenizes (source tokens
with any language token, target tokens, decoding) and what its target prefix is.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from transflow.engines import Hypothesis
from transflow.engines.placeholders import Masked, choose_style, protect, restore
from transflow.project.errors import ModelError
from transflow.project.languages import base_language

if TYPE_CHECKING:
    from sentencepiece import SentencePieceProcessor

    from transflow.project.project import Project

# compute_type = "auto": what CTranslate2 runs fastest on each device without a visible
# quality loss (int8 weights; float16 activations where the GPU has them)
AUTO_COMPUTE_TYPE = {"cpu": "int8", "cuda": "int8_float16"}


@dataclass(frozen=True)
class EngineSettings:
    threads: int = 0  # intra_threads: 0 = one per usable core
    inter_threads: int = 1
    device: str = "auto"
    beam_size: int = 4
    max_batch_tokens: int = 2048
    max_decoding_length: int = 256
    decoding_length_ratio: float = 2.0
    compute_type: str = "auto"

    @classmethod
    def from_config(cls, project: Project | None) -> EngineSettings:
        section = dict(project.settings.get("engine", {})) if project is not None else {}
        if section.get("intra_threads"):  # the new name of `threads`
            section["threads"] = section["intra_threads"]
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

    def placement(self, cuda_devices: int) -> tuple[str, str]:
        """(device, compute type) given how many CUDA devices CTranslate2 sees."""
        device = self.device
        if device == "auto":
            device = "cuda" if cuda_devices > 0 else "cpu"
        elif device == "cuda" and cuda_devices == 0:
            raise ModelError(
                '[engine] device = "cuda", but CTranslate2 sees no CUDA device.',
                hint='Set device = "auto" or "cpu", or install the CUDA build of CTranslate2 '
                "and its libraries (cuBLAS, cuDNN).",
            )
        compute = self.compute_type
        return device, AUTO_COMPUTE_TYPE[device] if compute == "auto" else compute


def cuda_device_count() -> int:
    import ctranslate2

    count: int = ctranslate2.get_cuda_device_count()
    return count


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
# loaded once per process: (model path, device, compute type, inter, intra threads) ->
# translator; path -> tokenizer; (model path, side) -> vocabulary
_TRANSLATORS: dict[tuple[str, str, str, int, int], Translator] = {}
_TOKENIZERS: dict[str, SentencePieceProcessor] = {}
_VOCABULARIES: dict[tuple[str, str], frozenset[str]] = {}


def _translator(
    path: Path, settings: EngineSettings, cuda_devices: Callable[[], int] = cuda_device_count
) -> Translator:
    device, compute_type = settings.placement(cuda_devices())
    key = (str(path), device, compute_type, settings.inter_threads, settings.intra_threads)
    with _LOCK:
        if key not in _TRANSLATORS:
            import ctranslate2

            try:
                _TRANSLATORS[key] = ctranslate2.Translator(
                    str(path),
                    device=device,
                    compute_type=compute_type,
                    inter_threads=settings.inter_threads,
                    intra_threads=settings.intra_threads,
                )
            except (RuntimeError, ValueError) as exc:
                raise ModelError(
                    f"cannot load the CTranslate2 model on {device} as {compute_type} ({exc}).",
                    path=path,
                    hint="Check [engine] device and compute_type, and reinstall or reconvert "
                    "the model (`transflow models list` shows what each pair needs).",
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


VOCABULARY_FILES = ("shared_vocabulary", "source_vocabulary", "target_vocabulary")


def vocabulary_file(model: Path, side: str) -> Path | None:
    """The vocabulary file of a converted model for `side` ("source" or "target"): its own
    (`target_vocabulary.json`) or the shared one; .json since CTranslate2 3.0, .txt before."""
    for name in (f"{side}_vocabulary", "shared_vocabulary"):
        for ext in (".json", ".txt"):
            if (model / f"{name}{ext}").is_file():
                return model / f"{name}{ext}"
    return None


def vocabulary(model: Path, side: str = "target") -> frozenset[str]:
    """The tokens a converted model knows on `side` (empty if it has no vocabulary file)."""
    key = (str(model), side)
    with _LOCK:
        if key not in _VOCABULARIES:
            path = vocabulary_file(model, side)
            tokens: list[str] = []
            try:
                if path is not None and path.suffix == ".json":
                    tokens = json.loads(path.read_text(encoding="utf-8"))
                elif path is not None:
                    tokens = path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise ModelError(f"cannot read the vocabulary ({exc}).", path=path) from None
            if path is None:  # not cached: the file may be added later
                return frozenset()
            _VOCABULARIES[key] = frozenset(tokens)
        return _VOCABULARIES[key]


# Languages written without spaces between words: a forbidden string may be glued to the
# text before it, so its tokens without SentencePiece's word-start mark are suppressed too.
# (Korean spaces its words; a Korean variant glued into a compound is left to the reranker.)
WRITTEN_WITHOUT_SPACES = frozenset({"zh", "ja"})
_GLUE = "\ue000"  # a private-use character: in no vocabulary piece, so it merges with nothing


def suppress_sequences(
    tokenizer: SentencePieceProcessor,
    text: str,
    *,
    glued: bool,
    known: Collection[str] | None = None,
) -> list[list[str]]:
    """The token sequences that write `text` in a translation, for CTranslate2's
    `suppress_sequences`: as a word of its own (`▁` first) and, when `glued`, inside a word
    (tokenized after a character no piece contains, so SentencePiece adds no `▁`).

    CTranslate2 blocks a sequence only as these exact tokens: the same text tokenized
    otherwise in context (탈북자는 as ▁탈북 자는) is not blocked, which is why callers pass
    the inflected forms they care about as strings of their own. A form with a token the
    model's target vocabulary (`known`; default: the tokenizer's) lacks is left out: the
    model cannot write it, and CTranslate2 would read it as <unk> and block that."""
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

    def writable(piece: str) -> bool:
        return piece in known if known is not None else tokenizer.piece_to_id(piece) != unk

    unique = {tuple(f): f for f in forms if f and f != ["▁"] and all(map(writable, f))}
    return list(unique.values())


Suppress = tuple[tuple[str, ...], ...]  # token sequences a call must not produce


class CT2Engine:
    """The decode core of one CTranslate2 model. A family sets `model_path`, `settings`,
    `target_language`, `target_prefix` (one token, or "" for none), its `target_tokenizer`
    (the SentencePiece model that writes the target side, for forbidden strings) and
    tokenizes: `encode` (the model's source tokens) and `decode`."""

    name: str
    provenance: str
    model_path: Path
    settings: EngineSettings
    target_language: str
    target_prefix: str = ""
    _style: tuple[str, str] | None = None

    @property
    def translator(self) -> Translator:
        return _translator(self.model_path, self.settings)

    def encode(self, text: str) -> list[str]:
        raise NotImplementedError

    @property
    def target_tokenizer(self) -> SentencePieceProcessor:
        raise NotImplementedError

    def encode_target(self, text: str) -> list[str]:
        """`text` in target tokens, as the model would write it."""
        pieces: list[str] = self.target_tokenizer.encode(text, out_type=str)
        return pieces

    def decode(self, tokens: list[str]) -> str:
        raise NotImplementedError

    def load(self) -> None:
        """Load the model and its tokenizers now (a ModelError says what fails)."""
        _translator(self.model_path, self.settings)
        self.encode("a")
        self.encode_target("a")

    @property
    def style(self) -> tuple[str, str]:
        """The placeholder style the source tokenizer keeps."""
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
        self, tokens: list[list[str]], n_best: int = 1, suppress: list[Suppress] | None = None
    ) -> list[list[tuple[list[str], float]]]:
        """Pre-tokenized input -> per input, n_best (target tokens, score), prefix stripped.
        `suppress`: per input, the target token sequences it must not produce."""
        prefix = self.target_prefix
        results: list[list[tuple[list[str], float]]] = [[] for _ in tokens]
        translator = self.translator
        groups: dict[Suppress, list[int]] = {}
        for i in range(len(tokens)):
            groups.setdefault(suppress[i] if suppress else (), []).append(i)
        for forbidden, members in groups.items():
            for batch in self.batches([tokens[i] for i in members]):
                batch = [members[j] for j in batch]
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
                    suppress_sequences=[list(seq) for seq in forbidden] or None,
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
        """The target token sequences that would write `text` (module `suppress_sequences`),
        for `translate`'s `suppress` and for the caller's check that a forbidden variant
        does not block an approved term (`engines.SuppressTokens`)."""
        glued = base_language(self.target_language) in WRITTEN_WITHOUT_SPACES
        known = vocabulary(self.model_path, "target")
        return suppress_sequences(self.target_tokenizer, text, glued=glued, known=known)

    def forbidden(self, strings: list[str]) -> Suppress:
        """Target strings as the token sequences `suppress_sequences` takes, sorted, once
        each (a set of texts with equal ones shares a `translate_batch` call)."""
        return tuple(
            sorted({tuple(seq) for text in strings for seq in self.suppress_sequences(text)})
        )

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        """One list of `n_best` hypotheses per text; `suppress[i]`: strings text i's
        translation must not contain (as whole token sequences)."""
        masked: list[Masked] = [protect(t, self.style) for t in texts]
        todo = [i for i, m in enumerate(masked) if not m.only_placeholders]
        out: list[list[Hypothesis]] = [[Hypothesis(t, 0.0)] * n_best for t in texts]
        if not todo:
            return out
        tokens = [self.encode(masked[i].text) for i in todo]
        forbidden = [self.forbidden(suppress[i]) for i in todo] if suppress else None
        for i, hyps in zip(todo, self.translate_tokens(tokens, n_best, forbidden), strict=True):
            restored = []
            for pieces, score in hyps:
                text, _complete = restore(self.decode(pieces).strip(), masked[i])
                restored.append(Hypothesis(text, score))
            out[i] = restored
        return out
