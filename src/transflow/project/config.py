"""The project: `transflow.toml`, found by walking up from the working directory like git.

The schema is a table (`SCHEMA`) so a later stage adds its settings in one place. Every
error names the file, the line of the offending key and the accepted values.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from transflow.project.choices import ModelFamily, Severity, SiteLayout
from transflow.project.errors import ConfigError, LanguageError, ProjectNotFoundError
from transflow.project.fsutil import read_utf8
from transflow.project.languages import base_language, normalize_language
from transflow.project.project import CONFIG_NAME, Project

Validator = Callable[[Any], Any]


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty string")
    return value


def _relative_path(value: Any) -> str:
    folder = _string(value)
    if Path(folder).is_absolute() or ".." in Path(folder).parts:
        raise ValueError("expected a folder inside the project (relative, without '..')")
    return folder


def _language(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('expected a language code string such as "en"')
    try:
        return normalize_language(value)
    except LanguageError as exc:
        raise ValueError(exc.message) from None


def _languages(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueError('expected a non-empty list of language codes, e.g. ["ko", "zh"]')
    tags = [_language(v) for v in value]
    if len(set(tags)) != len(tags):
        raise ValueError("lists a language twice")
    return tags


def _int_between(low: int, high: int) -> Validator:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}")
        return value

    return check


def _number_between(low: float, high: float) -> Validator:
    def check(value: Any) -> float:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not low <= value <= high:
            raise ValueError(f"expected a number from {low:g} to {high:g}")
        return float(value)

    return check


def _ratio(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError("expected a number from 0 (off) to 100")
    return float(value)


def _optional_folder(value: Any) -> str | None:
    return None if value in ("", None) else _string(value)


def _url(value: Any) -> str:
    url = _string(value)
    if not re.match(r"^(https?|file)://", url):
        raise ValueError("expected an http://, https:// or file:// URL")
    return url


def _web_url(value: Any) -> str | None:
    """`value` if it is an http(s) URL with a host and no blank or control character (a link
    on every page: nothing a browser would run, `javascript:`, `data:`), else None."""
    url = value if isinstance(value, str) else ""
    parts = urlsplit(url)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or re.search(r"[\x00-\x20\x7f]", url)
    ):
        return None
    return url


def _source_url(value: Any) -> str:
    """Empty, or an http(s) URL holding {slug}: the pages' link to the original article."""
    if value == "":
        return ""
    url = _web_url(value)
    if url is None or "{slug}" not in url:
        raise ValueError(
            'expected an http:// or https:// URL holding {slug}, e.g. "https://news.example/{slug}"'
        )
    return url


def _base_url(value: Any) -> str:
    """Empty, or the http(s) URL the editions folder is served at, ending in "/" (canonical
    links, hreflang, the sitemap and the feeds are absolute from it)."""
    if value == "":
        return ""
    url = _web_url(value)
    if url is None or urlsplit(url).query or urlsplit(url).fragment:
        raise ValueError(
            "expected the http:// or https:// URL of the editions folder, e.g. "
            '"https://news.example/editions/"'
        )
    return url if url.endswith("/") else url + "/"


def _optional_date(value: Any) -> dt.date | None:
    """Empty, or a date (a TOML date or "YYYY-MM-DD")."""
    if value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError('expected a date, e.g. 2026-11-24 or "2026-11-24"')


def _choice(*choices: str) -> Validator:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return str(value)

    return check


class _Invalid(ValueError):
    """A bad value inside a key's table or array of tables, with where it is (`table`, the
    `index`-th entry of an array of tables, `key`) to find its line, and what to do."""

    def __init__(
        self,
        message: str,
        *,
        table: str,
        key: str | None = None,
        index: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.table, self.key, self.index, self.hint = table, key, index, hint


@dataclass(frozen=True)
class HouseRule:
    """A house-style rule of transflow.toml (`[[check.rule]]`), its regexes compiled: a
    translation in one of `languages` (none: every language) matching `translation` is a
    finding, where `source` (if any) matches the source sentence."""

    id: str  # "house-...": never a built-in check's id
    languages: tuple[str, ...]
    translation: re.Pattern[str]
    source: re.Pattern[str] | None
    message: str
    severity: str


HOUSE_PREFIX = "house-"
_HOUSE_ID = re.compile(r"house-[a-z0-9]+(?:-[a-z0-9]+)*")
_RULE_KEYS = ("id", "language", "translation", "source", "message", "severity")
_RULE_OPTIONAL = ("language", "source")
_RULE_EXAMPLE = (
    """Example: id = "house-ko-plain-style", language = "ko", translation = '습니다[.?!]?$', """
    """message = "use the plain news style (-다)", severity = "error"."""
)
_REGEX_HINT = (
    "Regexes use Python's `re` syntax; write them in single quotes (a TOML literal string), "
    "where a backslash is a backslash."
)


_SEVERITIES = tuple(s.value for s in Severity)  # the values, for `in` and messages


def _check_ids(value: Any) -> tuple[str, ...]:
    """A list of check ids (whether they exist is checked once the rules are known)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError('expected a list of check ids, e.g. ["length-ratio"]')
    return tuple(value)


def _severity_table(value: Any) -> dict[str, str]:
    """`[check.severity]`: check id -> error, warning or info."""
    if not isinstance(value, dict):
        raise ValueError('expected a table of check id = severity, e.g. whitespace = "error"')
    for cid, severity in value.items():
        if severity not in _SEVERITIES:
            raise _Invalid(
                f"bad severity {severity!r} for '{cid}' in [check.severity].",
                table="check.severity",
                key=cid,
                hint=f"Use one of {', '.join(_SEVERITIES)}.",
            )
    return dict(value)


def _length_ratio(value: Any) -> dict[str, Any]:
    """`[check.length-ratio]`: `min_source`, and per target language the [lowest, highest]
    characters of translation per source character; the keyword arguments of the check."""
    table = "check.length-ratio"
    if not isinstance(value, dict):
        raise ValueError("expected a table: [check.length-ratio] with e.g. ko = [0.3, 1.6]")
    params: dict[str, Any] = {}
    bounds: dict[str, tuple[float, float]] = {}
    for key, raw in value.items():
        if key == "min_source":
            try:
                params[key] = _int_between(1, 100_000)(raw)
            except ValueError as exc:
                message = f"bad value for 'min_source' in [{table}]: {exc}"
                raise _Invalid(message, table=table, key=key) from None
            continue
        try:
            lang = _language(key)
        except ValueError as exc:
            raise _Invalid(
                f"'{key}' in [{table}] is neither 'min_source' nor a language code ({exc}).",
                table=table,
                key=key,
                hint="Example: ko = [0.3, 1.6] (characters of translation per source "
                "character: lowest, highest).",
            ) from None
        numbers = isinstance(raw, list) and all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in raw
        )
        if not numbers or len(raw) != 2 or not 0 <= raw[0] < raw[1] <= 100:
            raise _Invalid(
                f"bad bounds for '{key}' in [{table}]: expected [lowest, highest], two numbers "
                "with 0 <= lowest < highest <= 100.",
                table=table,
                key=key,
                hint="Example: ko = [0.3, 1.6] (characters of translation per source character).",
            )
        bounds[lang] = (float(raw[0]), float(raw[1]))
    if bounds:
        params["bounds"] = bounds
    return params


def _regex(pattern: Any, what: str, bad: Callable[..., _Invalid]) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise bad(f"'{what}' must be a non-empty regular expression.", what)
    try:
        return re.compile(pattern)
    except re.error as exc:
        hint = _REGEX_HINT
        if "\\p{" in pattern or "\\P{" in pattern:
            hint += " `re` has no \\p{...} classes: use a range, e.g. [가-힣] for Hangul."
        raise bad(f"bad regular expression in '{what}': {exc}.", what, hint) from None


def _house_rules(value: Any) -> tuple[HouseRule, ...]:
    """`[[check.rule]]` entries, each validated and compiled; ids unique."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("expected [[check.rule]] tables (an array of tables)")
    rules: list[HouseRule] = []
    for index, table in enumerate(value):
        rule = _house_rule(table, index)
        if any(other.id == rule.id for other in rules):
            raise _Invalid(
                f"house rule {rule.id}: another [[check.rule]] above has this id.",
                table="check.rule",
                index=index,
                key="id",
                hint="Give each rule its own.",
            )
        rules.append(rule)
    return tuple(rules)


def _house_rule(table: dict[str, Any], index: int) -> HouseRule:
    """The `index`-th `[[check.rule]]`, validated and compiled."""
    cid = table.get("id")
    label = cid if isinstance(cid, str) and cid else f"#{index + 1}"

    def bad(message: str, key: str | None = None, hint: str | None = None) -> _Invalid:
        where = key if key in table else None  # a missing key: the rule's header line
        message = f"house rule {label}: {message}"
        return _Invalid(message, table="check.rule", index=index, key=where, hint=hint)

    for key in table:
        if key not in _RULE_KEYS:
            raise bad(f"unknown key '{key}'.", key, f"Accepted keys: {', '.join(_RULE_KEYS)}.")
    for key in _RULE_KEYS:
        if key not in table and key not in _RULE_OPTIONAL:
            raise bad(f"needs '{key}'.", hint=_RULE_EXAMPLE)
    if not isinstance(cid, str) or not _HOUSE_ID.fullmatch(cid):
        raise bad(
            f"the id must be {HOUSE_PREFIX}<name> in lowercase letters, digits and hyphens "
            f"(got {cid!r}), so it never takes the id of a built-in check.",
            "id",
            'Example: id = "house-ko-plain-style".',
        )
    raw = table.get("language", [])
    raw = [raw] if isinstance(raw, str) else raw
    if not isinstance(raw, list):
        raise bad("'language' must be a language code or a list of them.", "language")
    try:
        languages = tuple(_language(lang) for lang in raw)
    except ValueError as exc:
        raise bad(f"bad 'language': {exc}", "language") from None
    translation = _regex(table.get("translation"), "translation", bad)
    source = _regex(table["source"], "source", bad) if "source" in table else None
    message = table.get("message")
    if not isinstance(message, str) or not message.strip():
        raise bad("'message' must say what is wrong and what to write instead.", "message")
    severity = table.get("severity")
    if severity not in _SEVERITIES:
        raise bad(
            f"bad severity {severity!r}.",
            "severity",
            f"Use one of {', '.join(_SEVERITIES)} (error fails `transflow check`).",
        )
    return HouseRule(cid, languages, translation, source, message, str(severity))


@dataclass(frozen=True)
class EnginePair:
    """`[engine.pairs] "en-ko" = { engine = "ct2", path = "models/nllb-600m", family = "nllb" }`:
    the model folder a language pair runs on (family None: detected from the folder)."""

    key: str  # as written in transflow.toml, for messages
    source: str
    target: str
    engine: str
    path: str  # relative to the project root, or absolute
    family: ModelFamily | None

    def folder(self, root: Path) -> Path:
        return root / self.path  # an absolute path stays absolute


_PAIR_KEYS = ("engine", "path", "family")
_PAIR_EXAMPLE = '"en-ko" = { engine = "ct2", path = "models/nllb-600m", family = "nllb" }'


def _pair_languages(key: str) -> tuple[str, str]:
    """ "en-ko" -> ("en", "ko"); "en-zh-Hant" -> ("en", "zh-Hant"): the one split of the key
    at a hyphen into two language codes."""
    parts = key.split("-")
    found = []
    for i in range(1, len(parts)):
        try:
            found.append(
                (normalize_language("-".join(parts[:i])), normalize_language("-".join(parts[i:])))
            )
        except LanguageError:
            continue
    if len(found) != 1:
        raise ValueError
    return found[0]


def _pair_error(key: str, message: str, hint: str = f"Example: {_PAIR_EXAMPLE}.") -> _Invalid:
    return _Invalid(f"[engine.pairs] '{key}': {message}", table="engine.pairs", key=key, hint=hint)


def _engine_pairs(value: Any) -> dict[tuple[str, str], EnginePair]:
    """`[engine.pairs]`: language pair -> model folder; (source, target) -> EnginePair."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a table: [engine.pairs] with e.g. {_PAIR_EXAMPLE}")
    pairs: dict[tuple[str, str], EnginePair] = {}
    for key, raw in value.items():
        bad = functools.partial(_pair_error, key)
        try:
            source, target = _pair_languages(key)
        except ValueError:
            raise bad(
                "is not a language pair SOURCE-TARGET of two language codes (en-ko, en-zh-Hant)."
            ) from None
        if not isinstance(raw, dict):
            raise bad("expected an inline table { engine, path, family }.")
        for name in raw:
            if name not in _PAIR_KEYS:
                raise bad(f"unknown key '{name}'.", f"Accepted keys: {', '.join(_PAIR_KEYS)}.")
        if raw.get("engine") != "ct2":
            raise bad(f'engine must be "ct2" (got {raw.get("engine")!r}).')
        path = raw.get("path")
        if not isinstance(path, str) or not path.strip():
            raise bad("needs 'path', the model folder (relative to the project root).")
        if not Path(path).is_absolute() and ".." in Path(path).parts:
            raise bad(
                f"path {path!r} leaves the project.",
                "Give a folder inside the project (relative, without '..') or an absolute path.",
            )
        family = raw.get("family")
        if family is not None and family not in tuple(ModelFamily):
            raise bad(
                f"unknown family {family!r}.",
                f"Families: {', '.join(ModelFamily)}; leave 'family' out to detect it from "
                "the folder.",
            )
        if (source, target) in pairs:
            raise bad(f"{source} -> {target} is configured twice.", "Keep one.")
        family_ = ModelFamily(family) if family is not None else None
        pairs[(source, target)] = EnginePair(key, source, target, "ct2", path, family_)
    return pairs


ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"

# section -> key -> (validator, default). A default of `...` means required.
SCHEMA: dict[str, dict[str, tuple[Validator, Any]]] = {
    "project": {
        "name": (_string, "transflow project"),
        "source_language": (_language, "en"),
        "target_languages": (_languages, ...),
    },
    "paths": {
        "sources": (_relative_path, "sources"),
        "translations": (_relative_path, "translations"),
        "glossary": (_relative_path, "glossary"),
        "editions": (_relative_path, "editions"),
        "templates": (_relative_path, "templates"),  # HTML templates overriding the packaged
        "tm": (_relative_path, "tm"),  # imported translation memories: tm/<lang>/<name>.po
    },
    # Machine translation (issue 3): Argos packages run with CTranslate2; see README.
    "engine": {
        "threads": (_int_between(0, 256), 0),  # 0 = one per usable CPU core
        "intra_threads": (_int_between(0, 256), 0),  # the same as threads (CTranslate2's name)
        "inter_threads": (_int_between(1, 64), 1),  # batches decoded in parallel
        "device": (_choice("auto", "cpu", "cuda"), "auto"),  # auto: CUDA if CTranslate2 sees it
        "beam_size": (_int_between(1, 16), 4),  # as argostranslate
        "max_batch_tokens": (_int_between(16, 65536), 2048),
        "max_decoding_length": (_int_between(1, 4096), 256),  # absolute cap, in tokens
        "decoding_length_ratio": (_ratio, 2.0),  # cap = ratio x input tokens + 10; 0 = off
        "compute_type": (  # auto: int8 on CPU, int8_float16 on CUDA
            _choice(
                "auto",
                "default",
                "int8",
                "int8_float32",
                "int8_float16",
                "int8_bfloat16",
                "int16",
                "float16",
                "bfloat16",
                "float32",
            ),
            "auto",
        ),
        "models_dir": (_optional_folder, None),  # extra package folder, relative to project
        "index_url": (_url, ARGOS_INDEX_URL),
        # What a package (.argosmodel) may unpack to: a limit on the total and on the ratio to
        # the file's size, against zip bombs (issue 11). Real packages: < 1 GB at ~1.1:1.
        "max_package_gb": (_number_between(0.001, 1024), 8),
        "max_package_ratio": (_number_between(1, 100000), 100),
        # Issue 17: a CTranslate2 model folder per language pair; unset pairs: Argos packages.
        "pairs": (_engine_pairs, {}),  # [engine.pairs] "en-ko" = { engine, path, family }
    },
    # Publishing (issue 6): where the HTML editions link for the source-language original.
    "publish": {
        "source_url": (_source_url, ""),  # "" = the source published as an edition too
        "base_url": (_base_url, ""),  # "" = relative links only, no sitemap or feeds
        "layout": (_choice(*SiteLayout), SiteLayout.PLAIN.value),  # plain | hugo | jekyll
    },
    # Sources: the date of wire articles whose dateline gives none, and the year of a
    # dateline that gives only month and day ("SEOUL, Nov. 27 (Yonhap) --").
    "sources": {
        "date": (_optional_date, None),
    },
    # Review (issue 5): who `transflow review` records as reviewer (else git's user.name).
    "review": {
        "reviewer": (_string, ""),  # "Name" or "Name <email>"; --reviewer overrides it
    },
    # Translation memory (issue 15): `translate` pre-fills a reviewed translation whose
    # source is at least this similar (rapidfuzz ratio, 0-100); 100 = exact matches only.
    "tm": {
        "min_score": (_int_between(50, 100), 75),
    },
    # The QA profile (issue 12): which checks run, at what severity, with what parameters,
    # and the newsroom's house-style rules; `check --enable/--disable` apply on top.
    "check": {
        "enable": (_check_ids, ()),  # checks that are off by default, to run
        "disable": (_check_ids, ()),
        "severity": (_severity_table, {}),  # [check.severity] check-id = "warning"
        "length-ratio": (_length_ratio, {}),  # [check.length-ratio] ko = [0.3, 1.6]
        "rule": (_house_rules, ()),  # [[check.rule]] house-style rules
    },
}


_HEADER = re.compile(r"\s*(\[\[?)([^\[\]#]+)\]\]?\s*(?:#.*)?$")


def _table_name(raw: str) -> str:
    """A table header's dotted name as tomllib keys it: `check . "length-ratio"` ->
    `check.length-ratio`."""
    return ".".join(part.strip().strip("\"'") for part in raw.split("."))


def _key_line(text: str, section: str, key: str | None, index: int | None = None) -> int | None:
    """Line number of `key` in the table `section` (dotted: `check.severity`; in its
    `index`-th entry when it is an array of tables such as `[[check.rule]]`), or of the
    table's header when `key` is None: tomllib keeps no positions. Failing the key, the
    table's header; a table given without one (an inline table, dotted keys) is where its
    parent table names it."""
    current: tuple[str, int | None] | None = None
    counts: dict[str, int] = {}
    header = first_sub = None
    key_re = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=") if key else None
    for number, line in enumerate(text.splitlines(), 1):
        match = _HEADER.match(line)
        if match:
            name = _table_name(match.group(2))
            if match.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                current = (name, counts[name])
            else:
                current = (name, None)
            if current == (section, index) and header is None:
                header = number
            elif first_sub is None and name.startswith(f"{section}."):
                first_sub = number
            continue
        if key_re and current == (section, index) and key_re.match(line):
            return number
    if header is None and "." in section:
        parent, _, name = section.rpartition(".")
        header = _key_line(text, parent, name)
    return header or first_sub


def _close_ids(cid: str, known: list[str]) -> str:
    close = difflib.get_close_matches(cid, known, n=1)
    return f"Did you mean '{close[0]}'? " if close else ""


def _check_profile(check: dict[str, Any], targets: list[str], text: str, path: Path) -> None:
    """What the [check] keys say of each other and of the project, once all are valid: the
    ids they name exist (a built-in check or a house rule), none is both enabled and
    disabled, and their languages are target languages (or the base of one)."""
    if check["enable"] or check["disable"] or check["severity"]:
        from transflow.checks.registry import CHECKS

        known = [c.id for c in CHECKS] + [rule.id for rule in check["rule"]]
        named = [("check", key, cid) for key in ("enable", "disable") for cid in check[key]]
        named += [("check.severity", cid, cid) for cid in check["severity"]]
        for table, key, cid in named:
            if cid not in known:
                where = f"[{table}]" if key == cid else f"'{key}' of [{table}]"
                raise ConfigError(
                    f"unknown check '{cid}' in {where}.",
                    path=path,
                    line=_key_line(text, table, key),
                    hint=f"{_close_ids(cid, known)}Known checks: {', '.join(known)} "
                    "(`transflow check --list-checks`).",
                )
        for cid in check["disable"]:
            if cid in check["enable"]:
                raise ConfigError(
                    f"'{cid}' is both enabled and disabled in [check].",
                    path=path,
                    line=_key_line(text, "check", "disable"),
                    hint="Keep it in one of the two lists.",
                )
    usable = set(targets) | {base_language(t) for t in targets}
    bounds = check["length-ratio"].get("bounds", {})
    langs: list[tuple[str, str, str, str, int | None]]
    langs = [(lang, "[check.length-ratio]", "check.length-ratio", lang, None) for lang in bounds]
    langs += [
        (lang, f"house rule {rule.id}", "check.rule", "language", i)
        for i, rule in enumerate(check["rule"])
        for lang in rule.languages
    ]
    for lang, what, table, key, index in langs:
        if lang not in usable:
            raise ConfigError(
                f"{what}: {lang} is not a target language of this project.",
                path=path,
                line=_key_line(text, table, key, index),
                hint=f"Targets: {', '.join(targets)}.",
            )


def parse_config(root: Path, text: str) -> Project:
    """Validate the text of a transflow.toml that lives in `root`."""
    path = root / CONFIG_NAME
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        if match:
            line = int(match.group(1))
        else:  # "at end of document": the construct left open runs to the last line
            line = len(text.rstrip("\n").split("\n"))
        raise ConfigError(
            f"is not valid TOML ({exc}).",
            path=path,
            line=line,
            hint="Fix the syntax; `transflow init` writes a commented example.",
        ) from None

    settings: dict[str, dict[str, Any]] = {}
    for section, value in data.items():
        if section not in SCHEMA:
            raise ConfigError(
                f"unknown section [{section}].",
                path=path,
                line=_key_line(text, section, None),
                hint=f"Accepted sections: {', '.join(f'[{s}]' for s in SCHEMA)}.",
            )
        if not isinstance(value, dict):
            raise ConfigError(f"'{section}' must be a table ([{section}]).", path=path)
    for section, keys in SCHEMA.items():
        given = data.get(section, {})
        values: dict[str, Any] = {}
        for key, raw in given.items():
            if key not in keys:
                raise ConfigError(
                    f"unknown key '{key}' in [{section}].",
                    path=path,
                    line=_key_line(text, section, key),
                    hint=f"Accepted keys: {', '.join(keys)}.",
                )
            try:
                values[key] = keys[key][0](raw)
            except _Invalid as exc:  # deeper in the value: its own line and message
                raise ConfigError(
                    str(exc),
                    path=path,
                    line=_key_line(text, exc.table, exc.key, exc.index),
                    hint=exc.hint,
                ) from None
            except ValueError as exc:
                raise ConfigError(
                    f"bad value for '{key}' in [{section}]: {exc}",
                    path=path,
                    line=_key_line(text, section, key),
                ) from None
        for key, (_, default) in keys.items():
            if key not in values:
                if default is ...:
                    raise ConfigError(
                        f"[{section}] needs '{key}'.",
                        path=path,
                        line=_key_line(text, section, None),
                        hint='Example: target_languages = ["ko", "zh"]',
                    )
                values[key] = default
        settings[section] = values

    project = settings["project"]
    if project["source_language"] in project["target_languages"]:
        raise ConfigError(
            f"the source language {project['source_language']} is also a target language.",
            path=path,
            line=_key_line(text, "project", "target_languages"),
        )
    _check_profile(settings["check"], project["target_languages"], text, path)
    for pair in settings["engine"]["pairs"].values():
        if (
            pair.source != project["source_language"]
            or pair.target not in project["target_languages"]
        ):
            raise ConfigError(
                f"[engine.pairs] '{pair.key}': {pair.source} -> {pair.target} is not a pair "
                "of this project.",
                path=path,
                line=_key_line(text, "engine.pairs", pair.key),
                hint=f"The project translates {project['source_language']} into "
                f"{', '.join(project['target_languages'])}.",
            )
    return Project(
        root=root,
        name=project["name"],
        source_language=project["source_language"],
        target_languages=project["target_languages"],
        settings=settings,
    )


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding transflow.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ProjectNotFoundError(
        f"no {CONFIG_NAME} in {here} or any folder above it.",
        hint="Run `transflow init` to create a project, or pass --project DIR.",
    )


def load_project(project: Path | None = None) -> Project:
    """Load the project at `project` (a folder holding transflow.toml), else walk up from cwd."""
    if project is not None:
        root = Path(project).resolve()
        if not (root / CONFIG_NAME).is_file():
            raise ProjectNotFoundError(
                f"{root} holds no {CONFIG_NAME}.",
                hint="Pass the folder that holds it, or run `transflow init DIR`.",
            )
    else:
        root = find_project_root()
    path = root / CONFIG_NAME
    return parse_config(root, read_utf8(path, ConfigError, "Save it as UTF-8."))


def default_config_text(targets: list[str], source: str = "en", name: str = "news") -> str:
    """The commented transflow.toml that `transflow init` writes."""
    langs = ", ".join(f'"{t}"' for t in targets)
    return f"""# transflow project settings. Paths are relative to this file.

[project]
name = "{name}"
# BCP 47 codes that Babel knows: en, ko, zh, zh-Hans, zh-Hant, ja, es, fr, de, ...
source_language = "{source}"
target_languages = [{langs}]

[paths]
sources = "sources"            # articles: <slug>.md (YAML front matter) or <slug>.txt (wire)
translations = "translations"  # translations/<lang>/<slug>.po, one PO file per article
glossary = "glossary"          # glossary/*.csv, one concept per row
editions = "editions"          # published output

# Machine translation: Argos packages (`transflow models fetch en ko`), or per language pair
# a converted CTranslate2 model folder (family: opus-mt, nllb, m2m100, argos; README).
# [engine]
# device = "auto"                    # auto (CUDA when there is a GPU), cpu or cuda
#
# [engine.pairs]
# "en-ko" = {{ engine = "ct2", path = "models/nllb-600m", family = "nllb" }}

# The QA profile of `transflow check` (and of publish's gate and review's findings): all
# optional. Uncomment what you need; `transflow check --list-checks` shows the result.
# [check]
# disable = ["inconsistent"]         # checks not to run (ids: transflow check --list-checks)
# enable = []                        # checks that are off by default, to run
#
# [check.severity]                   # error fails `transflow check` (exit 1); warning, info don't
# whitespace = "error"
#
# [check.length-ratio]               # characters of translation per source character
# min_source = 40                    # shorter source sentences are not measured
# ko = [0.22, 1.38]                  # [lowest, highest] for a target language
#
# [[check.rule]]                     # house style: a regex the translation must not match
# id = "house-ko-plain-style"        # house-<name>: its findings, #, ignore-<id>, disable
# language = "ko"                    # a code or a list; default: every target language
# translation = '습니다[.?!]?$'      # Python regex, in single quotes: backslashes as written
# message = "use the plain news style (-다), not -습니다"
# severity = "error"                 # error, warning or info
# # source = '<regex>'               # optional: the rule applies where this matches the source
"""
