"""Machine-translation engines: a batch of segments in, scored hypotheses out.

An engine is anything with `name`, `provenance` (written into PO comments, e.g.
`argos:en-ko@1.1` or `ct2:nllb/nllb-600m#a1b2c3`) and `translate(texts, n_best=1,
suppress=None)`; `suppress` holds, per text, target strings the model must not produce (the
glossary's forbidden variants of the text's terms), which a CTranslate2 engine tokenizes and
passes as `suppress_sequences`. `get_engine(project, source, target)` returns a ready engine
for a language pair or raises `errors.MissingModelError`, whose message names the pair, the
installed pairs and the exact commands that fix it.

A new engine is one module in this package, returned by `get_engine`. `argos/` runs
installed Argos packages, `ct2/` the CTranslate2 core and the model families that
`[engine.pairs]` configures per language pair (OPUS-MT, NLLB, M2M100, an Argos folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from transflow.project.project import Project


@dataclass
class Hypothesis:
    """One translation of a segment; `score` is the model's length-normalised log-prob."""

    text: str
    score: float


@runtime_checkable
class Engine(Protocol):
    name: str
    provenance: str

    def translate(
        self, texts: list[str], n_best: int = 1, suppress: list[list[str]] | None = None
    ) -> list[list[Hypothesis]]:
        """One list of `n_best` hypotheses (best first) per input text, in input order.
        `suppress`: one list per text of target strings its translation must not contain
        (glossary variants the newsroom forbids), or None."""
        ...


@runtime_checkable
class SuppressTokens(Protocol):
    """An engine that says which target token sequences it would suppress for a string,
    so the caller can keep a forbidden variant that would block an approved term
    (`translate.selection.suppression`)."""

    def suppress_sequences(self, text: str) -> list[list[str]]: ...


def get_engine(project: Project | None, source: str, target: str) -> Engine:
    """A ready engine for source -> target (models load lazily, on the first batch): the
    model folder `[engine.pairs]` names for the pair, checked first, else the installed
    Argos packages."""
    pairs = project.settings.get("engine", {}).get("pairs", {}) if project is not None else {}
    if project is not None and (source, target) in pairs:
        from transflow.engines.ct2.families import pair_engine

        return pair_engine(project, pairs[(source, target)])
    from transflow.engines.argos.engine import get_argos_engine

    return get_argos_engine(project, source, target)


__all__ = ["Engine", "Hypothesis", "SuppressTokens", "get_engine"]
