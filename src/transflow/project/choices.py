"""The fixed sets of values a user picks from on the command line (or in transflow.toml),
one StrEnum each.

The CLI declares its options with these (typer lists the values in `--help` and rejects any
other with exit 2), and the library functions take them, so no stage validates strings
itself. Like `errors`, this module imports nothing heavy: the CLI imports it at start-up,
when the library modules that use the values are not loaded yet.
"""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    """`transflow check --format`: how findings are printed."""

    TEXT = "text"  # a table on a terminal; concise lines otherwise (a pipe, a CI log)
    CONCISE = "concise"  # one line per finding, as compilers write them
    JSON = "json"
    GITHUB = "github"  # GitHub Actions workflow commands (annotations)
    SARIF = "sarif"  # SARIF 2.1.0 (GitHub code scanning, SARIF viewers)
    JUNIT = "junit"


class Severity(StrEnum):
    """A check's severity (transflow.toml's `[check.severity]` and house rules): only an error
    fails `transflow check` and holds an edition back."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class EntryFilter(StrEnum):
    """`transflow check --only`: the entries checked, by state (translated: not untranslated)."""

    REVIEWED = "reviewed"
    UNREVIEWED = "unreviewed"
    UNTRANSLATED = "untranslated"
    TRANSLATED = "translated"


class Retranslate(StrEnum):
    """`transflow translate --retranslate`: which translated entries are done again."""

    MACHINE = "machine"  # unreviewed machine output; reviewed entries never


class GlossaryFormat(StrEnum):
    """`transflow glossary export --format`."""

    CSV = "csv"
    TBX = "tbx"


class SiteLayout(StrEnum):
    """transflow.toml's `[publish] layout`: what publish writes for which site."""

    PLAIN = "plain"  # <lang>/<slug>.md and .html, indexes, sitemap and feeds: a finished site
    HUGO = "hugo"  # content/<lang>/<slug>.md for a multilingual Hugo site (by directory)
    JEKYLL = "jekyll"  # <lang>/<slug>.md with lang, permalink and published: false for drafts


class TMFormat(StrEnum):
    """`transflow tm export --format`."""

    TMX = "tmx"  # TMX 1.4b


class SearchIn(StrEnum):
    """`transflow search --source | --target`: which side of a pair the text is looked for in."""

    BOTH = "both"
    SOURCE = "source"
    TARGET = "target"


class XliffVersion(StrEnum):
    """`transflow xliff export --format`: the XLIFF version written."""

    V1_2 = "1.2"  # what most CAT tools read (Trados, memoQ, OmegaT via Okapi, Poedit)
    V2_1 = "2.1"  # OASIS's current standard: glossary module, originalData for inline codes


class ReviewOrder(StrEnum):
    """`transflow review --order`: the order segments are offered in."""

    DOCUMENT = "document"  # as the article reads
    RISK = "risk"  # error findings, low MT scores, unmet glossary terms first (review/risk.py)


class ModelFamily(StrEnum):
    """`[engine.pairs]` family: how a CTranslate2 model folder is tokenized."""

    ARGOS = "argos"  # an Argos package folder (metadata.json, sentencepiece.model, model/)
    OPUS_MT = "opus-mt"  # Marian: source.spm + target.spm, no language tokens
    NLLB = "nllb"  # one SentencePiece model, FLORES-200 language tokens (kor_Hang)
    M2M100 = "m2m100"  # one SentencePiece model, __ko__ language tokens
