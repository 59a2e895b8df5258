"""What the reviewer sees beside a segment: findings, glossary terms, TM and MT suggestions.

Each helper loads its stage lazily (checks and glossary, translation memory, MT engine) the
first time it is needed, so the review app paints its first screen without touching any of
them. A stage that is missing or broken does not stop the review: its panel says why
(`Stage.unavailable`), and the rest keeps working.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from transflow.project.errors import TransflowError
from transflow.project.project import Project

if TYPE_CHECKING:
    from transflow.checks import Finding
    from transflow.engines import Engine
    from transflow.glossary import Glossary
    from transflow.translate.tm import TranslationMemory

    class CheckEntry(Protocol):
        """`checks.check_entry`: the findings for one translation."""

        def __call__(
            self,
            msgid: str,
            msgstr: str,
            lang: str,
            *,
            glossary: Glossary | None = ...,
            flags: Iterable[str] = ...,
            source_lang: str = ...,
            kind: str = ...,
        ) -> list[Finding]: ...


T = TypeVar("T")


# The stages load on first use, so the review app paints before any of them is imported.
def _load_checks(project: Project) -> CheckEntry:
    """`check_entry` with the project's QA profile (transflow.toml's [check])."""
    from functools import partial

    from transflow.checks import check_entry, select_checks

    return partial(check_entry, checks=select_checks(project=project))


def _load_glossary(project: Project) -> Glossary:
    from transflow.glossary import load_glossary

    return load_glossary(project)


def _load_tm(project: Project, lang: str) -> TranslationMemory:
    from transflow.translate.tm import TranslationMemory

    return TranslationMemory.for_language(project, lang)


def _load_engine(project: Project, lang: str) -> Engine:
    from transflow.engines import get_engine

    return get_engine(project, project.source_language, lang)


@dataclass
class Suggestion:
    """A translation the reviewer can insert; `origin` becomes its provenance on save."""

    text: str
    kind: str  # "tm" | "mt" | "mine" (our version of a conflicting entry)
    score: float  # TM: similarity 0-100; MT: the model's score (log-probability)
    origin: str | None  # "tm=sources/x.md (92%)" or "mt=argos:en-ko@1.1 score=-0.42"
    label: str  # one line for the UI
    source: str | None = None  # TM: the source sentence the text translates


@dataclass
class TermHit:
    """A glossary term found in the source, with the target terms the translation needs."""

    term: str
    spans: list[tuple[int, int]]  # character offsets in the source
    targets: list[str]
    satisfied: bool | None = None  # the translation uses one of them (None: nothing to require)
    forbidden: list[str] = field(default_factory=list)  # variants the glossary forbids
    note: str = ""


@dataclass
class Stage(Generic[T]):
    """A piece loaded on first use (checks, glossary, TM, engine), and why it is unavailable:
    a broken glossary or a missing model must not end the review."""

    load: Callable[[], T]
    value: T | None = None
    problem: str = ""
    loaded: bool = False

    def get(self) -> T | None:
        if not self.loaded:
            self.loaded = True
            try:
                self.value = self.load()
            except TransflowError as exc:
                self.problem = exc.render()
            except Exception as exc:  # a bug in another stage must not end the review
                self.problem = f"failed: {type(exc).__name__}: {exc}"
        return self.value

    @property
    def unavailable(self) -> str:
        """Why the stage cannot be used ("" when it can); loads it first."""
        self.get()
        return self.problem


def source_diff(previous: str, current: str) -> list[tuple[str, str]]:
    """Word-level diff of two source sentences: (op, text) with op equal|delete|insert."""
    tokenize = re.compile(r"\s+|\w+|[^\w\s]").findall
    old, new = tokenize(previous), tokenize(current)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(("delete", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("insert", "".join(new[j1:j2])))
    return out


def _term_span(source: str, start: int, end: int) -> tuple[int, int]:
    """A matched term's span, with the final period of an abbreviation (`U.N.`): the
    matcher stops before it, since a period may also end the sentence."""
    if "." in source[start:end] and source[end : end + 1] == ".":
        return start, end + 1
    return start, end


class Assistant:
    """Findings, terms and suggestions for one target language of a project."""

    def __init__(self, project: Project, lang: str) -> None:
        self.project = project
        self.lang = lang
        self.checks: Stage[CheckEntry] = Stage(lambda: _load_checks(project))
        self.glossary: Stage[Glossary] = Stage(lambda: _load_glossary(project))
        self.tm: Stage[TranslationMemory] = Stage(lambda: _load_tm(project, lang))
        self.engine: Stage[Engine] = Stage(lambda: _load_engine(project, lang))

    def use_engine(self, engine: Engine) -> None:
        """Use this engine instead of the installed model of the language pair."""
        self.engine = Stage(lambda: engine)

    # -- findings and terms ----------------------------------------------------------------

    def findings(
        self, msgid: str, msgstr: str, flags: list[str] | tuple[str, ...] = (), kind: str = ""
    ) -> list[Finding]:
        """Findings of the check registry for one segment (empty when checks are missing).

        `kind` is the segment type (title, heading, paragraph, ...) some checks depend on.
        """
        check_entry = self.checks.get()
        if check_entry is None or not msgstr:
            return []
        glossary = self.glossary.get()
        try:
            found = check_entry(
                msgid,
                msgstr,
                self.lang,
                glossary=glossary,
                flags=tuple(flags),
                source_lang=self.project.source_language,
                kind=kind,
            )
            return list(found)
        except TransflowError:
            raise
        except Exception as exc:  # shown in the findings panel instead of a crash
            self.checks.problem = f"checks failed: {type(exc).__name__}: {exc}"
            self.checks.value = None
            return []

    def terms(self, source: str, translation: str = "") -> list[TermHit]:
        """Glossary terms in the source and their required target variants."""
        glossary = self.glossary.get()
        if glossary is None:
            return []
        matches = glossary.find_terms(source)
        report = glossary.evaluate(source, translation, self.lang, matches) if translation else None
        hits: dict[int, TermHit] = {}
        for match in matches:
            concept = match.concept
            hit = hits.get(id(concept))
            if hit is None:
                satisfied = None  # no translation yet, or no target term to require
                if report is not None and match in report.satisfied:
                    satisfied = True
                elif report is not None and match in report.missing:
                    satisfied = False
                start, end = _term_span(source, match.start, match.end)
                hit = hits[id(concept)] = TermHit(
                    term=source[start:end],
                    spans=[],
                    targets=list(concept.variants(self.lang)),
                    satisfied=satisfied,
                    forbidden=list(concept.forbidden_variants(self.lang)),
                    note=concept.note,
                )
            hit.spans.append(_term_span(source, match.start, match.end))
        return list(hits.values())

    # -- suggestions -----------------------------------------------------------------------

    def tm_suggestions(
        self, msgid: str, exclude_origin: str | None = None, limit: int = 3, cutoff: float = 70
    ) -> list[Suggestion]:
        """Fuzzy matches (>= cutoff %) from reviewed entries of the other catalogs."""
        tm = self.tm.get()
        if tm is None:
            return []
        out = []
        for match in tm.fuzzy(msgid, limit=limit + 2, cutoff=cutoff):
            if exclude_origin and match.origin == exclude_origin:
                continue  # this very catalog: its reviewed entries are not suggestions
            score = float(match.score)
            out.append(
                Suggestion(
                    text=match.target,
                    kind="tm",
                    score=score,
                    origin=f"tm={match.origin} ({score:.0f}%)",
                    label=f"TM {score:.0f}% {match.origin}",
                    source=match.source,
                )
            )
        return out[:limit]

    def retranslate(self, msgid: str, n_best: int = 4) -> list[Suggestion]:
        """The engine's n-best translations, none holding a forbidden variant of the
        sentence's glossary terms; raises TransflowError when no model is installed."""
        engine = self.engine.get()
        if engine is None:
            raise TransflowError(
                f"no machine translation for {self.project.source_language}->{self.lang}: "
                f"{self.engine.problem}",
            )
        suppress = None
        glossary = self.glossary.get()
        if glossary:  # the glossary's forbidden variants are suppressed, as translate does
            from transflow.engines import SuppressTokens
            from transflow.translate.selection import suppression

            tokens = engine.suppress_sequences if isinstance(engine, SuppressTokens) else None
            suppress = [suppression(glossary.find_terms(msgid), self.lang, tokens).strings]
        seen: set[str] = set()
        out = []
        for hyp in engine.translate([msgid], n_best=n_best, suppress=suppress)[0]:
            if hyp.text in seen:
                continue
            seen.add(hyp.text)
            out.append(
                Suggestion(
                    text=hyp.text,
                    kind="mt",
                    score=float(hyp.score),
                    origin=f"mt={engine.provenance} score={hyp.score:.2f}",
                    label=f"MT {engine.name} {hyp.score:.2f}",
                )
            )
        return out
