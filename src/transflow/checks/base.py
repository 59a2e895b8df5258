"""The check model: findings, the two kinds of check class and what they look at.

In the spirit of Weblate's `weblate/checks/`: each check is a small class with an id, a
name, a description, a severity and whether it runs by default; a family of related checks
lives in one module, and `checks/registry.py` lists them all in report order. A `Check`
looks at one entry (`Entry`: source, translation, language, flags, glossary) and yields
`Problem`s; a `ProjectCheck` looks at every checked entry of the project at once
(`FileRecords`). The runner turns what they report into `Finding`s with file, line and
language.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple, TypeVar

from transflow.project.choices import Severity
from transflow.project.languages import base_language

if TYPE_CHECKING:
    from transflow.glossary import Glossary
    from transflow.glossary.model import TermReport

ERROR, WARNING, INFO = (s.value for s in Severity)  # plain strings in findings
SEVERITIES = (ERROR, WARNING, INFO)
IGNORE_PREFIX = "ignore-"
_BASES: dict[str, str] = {}
_UNSET = object()  # a memo slot not computed yet (None and () are results)
T = TypeVar("T")


@dataclass(frozen=True)
class Finding:
    """One problem in one translation: the contract shared by CLI, review UI and publish."""

    check: str  # check id, e.g. "numbers"
    severity: str  # "error" | "warning" | "info"
    file: str  # PO file, relative to the project root (or as given)
    line: int  # line of the entry's msgstr in that file (0 when checked live)
    lang: str
    msgid: str
    msgstr: str
    message: str
    # where to highlight: (start, end) offsets in msgid and msgstr
    source_spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    target_spans: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    msgctxt: str = ""  # the entry's msgctxt ("" when it has none)

    @property
    def fingerprint(self) -> str:
        """What names this finding across edits that move lines: a hash of its file, the
        entry's msgctxt and msgid, and the check (SARIF's partialFingerprints)."""
        key = "\0".join((self.file, self.msgctxt, self.msgid, self.check))
        return hashlib.sha256(key.encode()).hexdigest()

    def as_dict(self) -> dict:
        return {
            "check": self.check,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "lang": self.lang,
            "msgid": self.msgid,
            "msgstr": self.msgstr,
            "message": self.message,
        }


@dataclass(frozen=True)
class Problem:
    """What a check reports; the runner adds where it is."""

    message: str
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()


class Entry:
    """One translation as the checks see it (a slotted class: one is made per entry)."""

    __slots__ = (
        "msgid",
        "msgstr",
        "lang",
        "source_lang",
        "flags",
        "glossary",
        "file",
        "line",
        "state",
        "memo",
        "per_source",
        "kind",
        "base",
        "cjk",
        "term_report",
        "msgctxt",
    )

    def __init__(
        self,
        msgid: str,
        msgstr: str,
        lang: str,
        source_lang: str = "en",
        flags: tuple[str, ...] = (),
        glossary: Glossary | None = None,
        file: str = "",
        line: int = 0,
        state: str = "reviewed",  # a po.conventions.State
        memo: dict | None = None,  # source-side analysis shared across languages
        kind: str = "",  # title | heading | paragraph | list_item | blockquote | table_cell
        msgctxt: str = "",
    ) -> None:
        self.msgid, self.msgstr, self.lang, self.source_lang = msgid, msgstr, lang, source_lang
        self.flags, self.glossary, self.file, self.line = flags, glossary, file, line
        self.state, self.kind, self.msgctxt = state, kind, msgctxt
        self.memo = {} if memo is None else memo
        # this sentence's slot of the memo, found once here rather than in every check
        per_source = self.memo.get(msgid)
        if per_source is None:
            per_source = self.memo[msgid] = {}
        self.per_source = per_source
        base = _BASES.get(lang)
        if base is None:
            base = _BASES[lang] = base_language(lang)
        self.base = base
        self.cjk = base in ("ko", "zh", "ja")
        self.term_report: TermReport | Literal[False] | None = None  # False: nothing found

    def source_memo(self, key: str, compute: Callable[[str], T]) -> T:
        """Source-side analysis computed once per msgid, reused for every language.

        One dict lookup on a hit: this runs for several checks on every entry."""
        value: T = self.per_source.get(key, _UNSET)
        if value is _UNSET:
            value = self.per_source[key] = compute(self.msgid)
        return value


class BaseCheck:
    """What every check declares: its id (for `--enable`, `--disable`, `#, ignore-<id>`),
    name, severity and whether it runs by default; its docstring says what it requires of
    a translation, and is the description `--list-checks` shows (as a command's docstring
    is its `--help`)."""

    id: str
    name: str
    description: str  # the docstring of a check with an id, on one line
    # class attributes an instance may override: the QA profile's severity, a house rule's
    # id and message (checks/profile.py)
    severity: str = ERROR
    default: bool = True

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if "id" in vars(cls) and cls.__doc__:
            cls.description = " ".join(cls.__doc__.split())

    def parameters(self, langs: Iterable[str]) -> list[tuple[str, str, bool]]:
        """This check's parameters for `--list-checks`: (name, value, whether transflow.toml
        changed it from the built-in value), per-language ones for `langs` (the targets)."""
        return []


class Check(BaseCheck):
    """A check of one entry at a time: subclasses set the metadata and implement `run`."""

    on_untranslated: ClassVar[bool] = False  # also runs on entries with an empty msgstr

    def run(self, entry: Entry) -> Iterable[Problem]:  # pragma: no cover - abstract
        raise NotImplementedError


class TokenCheck(Check):
    """A check of tokens a translation copies as they are (placeholders, URLs, code spans):
    the same ones, each as often as in the source. Subclasses say what the tokens of a text
    are (`tokens`, a function: it runs on every translation) and what to report of a missing
    or an extra one."""

    @staticmethod
    def tokens(text: str) -> Mapping[str, int]:  # pragma: no cover - abstract
        raise NotImplementedError

    def missing(self, token: str, entry: Entry) -> Problem:  # pragma: no cover - abstract
        raise NotImplementedError

    def extra(self, token: str, entry: Entry) -> Problem:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self, entry: Entry) -> Iterable[Problem]:
        tokens = self.tokens
        source = entry.source_memo(self.id, tokens)
        target = tokens(entry.msgstr)
        if source is target or source == target:  # none, or the same ones: most entries
            return ()
        return self.compare(source, target, entry)

    def compare(
        self, source: Mapping[str, int], target: Mapping[str, int], entry: Entry
    ) -> list[Problem]:
        """A problem for each token the source has more of, and each the translation has
        more of (as many times as it is short or extra)."""
        src, tgt = Counter(source), Counter(target)
        return [
            *(self.missing(token, entry) for token in (src - tgt).elements()),
            *(self.extra(token, entry) for token in (tgt - src).elements()),
        ]


REVIEWED, SILENCED = 1, 2  # bits of FileRecords.states


class FileRecords(NamedTuple):
    """The translated entries of one checked file, as compact as a worker can send them:
    what a `ProjectCheck` sees."""

    lang: str
    file: str
    keys: array  # a hash of (lang, msgctxt, msgid) per entry, the same in every process
    values: array  # a hash of the msgstr
    lines: array  # line of the msgstr
    states: bytes  # REVIEWED | SILENCED bits (SILENCED: `#, ignore-inconsistent`)


class FileResult(NamedTuple):
    """What checking one file gave: its language, findings and records (what the check
    cache keeps of a catalog)."""

    lang: str
    findings: list[Finding]
    records: FileRecords | None  # None: no project check asked for them
    digest: str | None  # SHA-256 of the bytes checked, when the cache asked for it


# (file, line) -> (msgctxt, msgid, msgstr) of that entry: the text behind a record
Resolve = Callable[[str, int], tuple[str, str, str]]
# (lang, file, line, msgid, msgstr, problem): a project check's problem and where it is
ProjectProblem = tuple[str, str, int, str, str, Problem]


class ProjectCheck(BaseCheck):
    """A check that needs every checked entry of the project at once (consistency across
    files and languages); it has nothing to say about one entry on its own."""

    def run_all(self, files: list[FileRecords], resolve: Resolve) -> Iterator[ProjectProblem]:
        raise NotImplementedError  # pragma: no cover - abstract


def ignored(flags: Iterable[str]) -> set[str]:
    """Check ids silenced on an entry by `#, ignore-<check-id>` flags."""
    return {f[len(IGNORE_PREFIX) :] for f in flags if f.startswith(IGNORE_PREFIX)}


def iter_problems(checks: list[Check], entry: Entry) -> Iterator[tuple[Check, Problem]]:
    skip = ignored(entry.flags) if entry.flags else ()
    empty = not entry.msgstr
    for check in checks:
        if check.id in skip or (empty and not check.on_untranslated):
            continue
        for problem in check.run(entry):
            yield check, problem
