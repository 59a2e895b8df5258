"""Language codes: BCP 47 tags validated against Babel's CLDR data.

transflow stores tags in BCP 47 form (`zh-Hans`), gettext headers get the POSIX form
(`zh_Hans`), and everything locale-dependent (plural forms, names, dates) goes through Babel.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

from transflow.project.errors import LanguageError

# Country codes people type where a language code belongs.
_COUNTRY_NOT_LANGUAGE = {
    "kr": "ko",
    "cn": "zh-Hans",
    "tw": "zh-Hant",
    "jp": "ja",
    "cz": "cs",
    "gr": "el",
    "dk": "da",
    "se": "sv",
    "ua": "uk",
    "vn": "vi",
    "ir": "fa",
    "il": "he",
}


@cache
def _known_tags() -> tuple[str, ...]:
    from babel.localedata import locale_identifiers

    return tuple(sorted(i.replace("_", "-") for i in locale_identifiers()))


@cache
def _parse(tag: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def normalize_language(tag: str) -> str:
    """Return the canonical BCP 47 form of `tag` (`zh_hans` -> `zh-Hans`) or raise.

    The error lists the closest codes Babel knows, so a typo is fixed in one step.
    """
    locale = _parse(tag.strip()) if isinstance(tag, str) and tag.strip() else None
    if locale is None:
        close = difflib.get_close_matches(str(tag), _known_tags(), n=5, cutoff=0.6)
        if str(tag).lower() in _COUNTRY_NOT_LANGUAGE:
            close = [_COUNTRY_NOT_LANGUAGE[str(tag).lower()]]
        hint = f"Did you mean {', '.join(close)}?" if close else ""
        raise LanguageError(
            f"unknown language code {tag!r}: use a BCP 47 tag that Babel (CLDR) knows, "
            f"such as ko, zh, zh-Hans, zh-Hant, ja, es, fr, de. {hint}".rstrip()
        )
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    if locale.variant:
        parts.append(locale.variant)
    return "-".join(parts)


def base_language(tag: str) -> str:
    """`zh-Hant` -> `zh`: the part segmentation and script rules care about."""
    return tag.replace("_", "-").split("-")[0].lower()


def gettext_language(tag: str) -> str:
    """The `Language:` header value gettext tools expect (`zh_Hans`, `pt_BR`)."""
    return tag.replace("-", "_")


def plural_forms(tag: str) -> str:
    """The `Plural-Forms:` header from CLDR through Babel."""
    from babel.messages.plurals import get_plural

    plural = get_plural(_parse(tag) or base_language(tag))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def display_name(tag: str, in_language: str | None = None) -> str:
    """Name of the language, in its own language by default (한국어, 中文)."""
    locale = _parse(tag)
    if locale is None:
        return tag
    where = _parse(in_language) if in_language else locale
    return locale.get_display_name(where) or tag
