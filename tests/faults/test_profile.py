"""A broken QA profile (`[check]` in transflow.toml, issue 12): every fault is the user's
error (exit 2) naming transflow.toml and the line of the key at fault, with what to do, on
every command that loads the project, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import CONFIG
from .harness import Fault, ids, run_fault

# the profile is appended after a blank line: its first line is this line of the file
FIRST = CONFIG.count("\n") + 2

RULE = """\
[[check.rule]]
id = "house-ko-plain-style"
language = "ko"
translation = '습니다[.?!]?$'
message = "use the plain news style (-다)"
severity = "error"
"""


def _profile(text: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        with (project / "transflow.toml").open("a", encoding="utf-8") as fh:
            fh.write("\n" + text)

    return setup


def _at(text: str, needle: str) -> str:
    """`transflow.toml:N` for the last line of the profile `text` that holds `needle`."""
    before = text[: text.rindex(needle)]
    return f"transflow.toml:{FIRST + before.count(chr(10))}"


def _case(
    case_id: str, text: str, needle: str, *mentions: str, command: tuple[str, ...] = ("check",)
) -> Fault:
    return Fault(case_id, _profile(text), command, 2, (_at(text, needle), *mentions))


BAD_REGEX = RULE.replace("습니다[.?!]?$", "(습니다")
HANGUL_CLASS = RULE.replace("습니다[.?!]?$", r"\p{Hangul}+니다$")
SECOND_WITHOUT_MESSAGE = (
    RULE
    + "\n"
    + RULE.replace("plain-style", "no-hanja").replace(
        'message = "use the plain news style (-다)"\n', ""
    )
)
DUPLICATE = RULE + "\n" + RULE
PREFIXLESS = RULE.replace('"house-ko-plain-style"', '"ko-plain-style"')

CASES = [
    _case(
        "profile-bad-translation-regex",
        BAD_REGEX,
        "translation =",
        "house rule house-ko-plain-style: bad regular expression in 'translation'",
        "missing ), unterminated subpattern",
        "Python's `re` syntax",
    ),
    _case(
        "profile-bad-source-regex",
        RULE + "source = '[a-'\n",
        "source =",
        "bad regular expression in 'source'",
    ),
    _case(
        "profile-unicode-property-class",  # `re` has none: say what to write instead
        HANGUL_CLASS,
        "translation =",
        r"bad escape \p",
        "[가-힣]",
    ),
    _case(
        "profile-rule-without-message",  # the second rule: its own header's line
        SECOND_WITHOUT_MESSAGE,
        "[[check.rule]]",
        "house rule house-ko-no-hanja: needs 'message'",
    ),
    _case(
        "profile-duplicate-rule-id",
        DUPLICATE,
        "id =",  # the second rule's
        "another [[check.rule]] above has this id",
    ),
    _case(
        "profile-rule-id-without-prefix",
        PREFIXLESS,
        "id =",
        "must be house-<name>",
        'id = "house-ko-plain-style"',
    ),
    _case(
        "profile-rule-bad-severity",
        RULE.replace('severity = "error"', 'severity = "fatal"'),
        "severity =",
        "bad severity 'fatal'",
        "error, warning, info",
    ),
    _case(
        "profile-rule-unknown-key",
        RULE + "ignore_case = true\n",
        "ignore_case",
        "unknown key 'ignore_case'",
        "Accepted keys: id, language, translation, source, message, severity",
    ),
    _case(
        "profile-rule-language-not-a-target",
        RULE.replace('language = "ko"', 'language = ["ko", "ja"]'),
        "language =",
        "ja is not a target language",
        "Targets: ko, zh",
    ),
    _case(
        "profile-unknown-check-in-disable",
        '[check]\ndisable = ["lenght-ratio"]\n',
        "disable",
        "unknown check 'lenght-ratio' in 'disable' of [check]",
        "Did you mean 'length-ratio'?",
    ),
    _case(
        "profile-unknown-check-in-severity",
        '[check.severity]\nglossary-forbiden = "warning"\n',
        "glossary-forbiden",
        "Did you mean 'glossary-forbidden'?",
    ),
    _case(
        "profile-bad-severity-override",
        '[check.severity]\nwhitespace = "fatal"\n',
        "whitespace",
        "bad severity 'fatal' for 'whitespace'",
    ),
    _case(
        "profile-enabled-and-disabled",
        '[check]\nenable = ["numbers"]\ndisable = ["numbers"]\n',
        "disable",
        "'numbers' is both enabled and disabled",
    ),
    _case(
        "profile-unknown-key",
        '[check]\ndisabled = ["numbers"]\n',
        "disabled",
        "unknown key 'disabled' in [check]",
        "Accepted keys: enable, disable, severity, length-ratio, rule",
    ),
    _case(
        "profile-bad-length-bounds",
        "[check.length-ratio]\nmin_source = 20\nko = [1.6, 0.3]\n",
        "ko =",
        "bad bounds for 'ko'",
        "0 <= lowest < highest",
    ),
    _case(
        "profile-length-bounds-of-no-target",
        "[check.length-ratio]\nja = [0.2, 1.2]\n",
        "ja =",
        "ja is not a target language",
    ),
    # a broken profile stops every command that loads the project, before it writes
    _case("profile-bad-regex-stops-status", BAD_REGEX, "translation =", command=("status",)),
    _case(
        "profile-bad-regex-stops-publish",
        BAD_REGEX,
        "translation =",
        command=("publish", "--draft"),
    ),
    Fault(
        "profile-unknown-check-flag",
        _profile(RULE),
        ("check", "--disable", "house-ko-plain"),
        2,
        ("--disable: unknown check 'house-ko-plain'", "house-ko-plain-style"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_profile_fault(tmp_path: Path, case: Fault) -> None:
    run_fault(case, tmp_path)
