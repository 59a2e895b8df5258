"""The QA profile (issue 12): transflow.toml's `[check]` (disable, enable, severity overrides,
length-ratio bounds, `[[check.rule]]` house-style rules) and `--enable/--disable` on top,
as `transflow check`, `--list-checks`, publish's gate and the review assistant see it.
Faults in the profile are in tests/faults/test_profile.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from transflow.checks import CHECKS, check_entry, select_checks
from transflow.project.config import SCHEMA, default_config_text, parse_config
from transflow.review.assist import Assistant

from .conftest import run_cli, write
from .test_publish import ARTICLE, KO, SLUG, fill

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {lang}\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""

PLAIN = """
[[check.rule]]
id = "house-ko-plain-style"
language = "ko"
translation = '습니다[.?!]?$'
message = "use the plain news style (-다), not -습니다"
severity = "error"
"""

CLOCK = r"""
[[check.rule]]
id = "house-ko-clock"
language = ["ko"]
translation = '\d{1,2}:\d{2}'
source = '\d ?[ap]\.m\.'
message = "a clock time from a.m./p.m. is written 오전/오후 N시"
severity = "warning"
"""

KO_PO = HEADER.format(lang="ko") + (
    'msgid "The court ruled on Monday."\n'
    'msgstr "법원은 월요일에 판결했습니다."\n\n'
    'msgid "The panel met on Tuesday."\n'
    'msgstr "위원회는 화요일에 회의를 열었다."\n\n'
    "#, ignore-house-ko-plain-style\n"
    'msgid "They met at 3 p.m. in Seoul."\n'
    'msgstr "그들은 서울에서 15:00에 만났습니다."\n\n'
    'msgid "The vote closes at 15:00 GMT."\n'
    'msgstr "투표는 그리니치 표준시 15:00에 마감된다."\n'
)
ZH_PO = HEADER.format(lang="zh") + (
    'msgid "They met at 3 p.m. in Seoul."\nmsgstr "他们下午3点在首尔见面，15:00结束。"\n'
)


def _project(root: Path, profile: str = "") -> Path:
    write(root / "transflow.toml", '[project]\ntarget_languages = ["ko", "zh"]\n' + profile)
    write(root / "translations" / "ko" / "a.po", KO_PO)
    write(root / "translations" / "zh" / "a.po", ZH_PO)
    return root


def _findings(root: Path, *args: str) -> tuple[int, list[dict]]:
    res = run_cli("check", "--format", "json", *args, cwd=root)
    assert res.code in (0, 1), res.stderr
    return res.code, json.loads(res.stdout)


def _house(findings: list[dict]) -> list[tuple[str, str, str, str]]:
    return [
        (f["check"], f["severity"], f["lang"], f["msgid"])
        for f in findings
        if f["check"].startswith("house-")
    ]


def test_house_rules_fire_where_their_language_and_source_regex_say(tmp_path: Path) -> None:
    code, found = _findings(_project(tmp_path, PLAIN + CLOCK))
    assert _house(found) == [
        # the formal ending; the same ending is silenced on the entry flagged
        # `#, ignore-house-ko-plain-style`, where only the clock rule speaks
        ("house-ko-plain-style", "error", "ko", "The court ruled on Monday."),
        ("house-ko-clock", "warning", "ko", "They met at 3 p.m. in Seoul."),
        # not "The vote closes at 15:00 GMT.": its source gives no a.m./p.m.
        # not the zh catalog's 15:00: both rules are Korean only
    ]
    plain = next(f for f in found if f["check"] == "house-ko-plain-style")
    assert plain["message"] == "use the plain news style (-다), not -습니다"
    assert plain["file"] == "translations/ko/a.po" and plain["line"] == 8
    assert code == 1  # the error-severity rule fails the run


def test_a_rule_highlights_what_it_matched() -> None:
    project = parse_config(Path("/news"), '[project]\ntarget_languages = ["ko"]\n' + CLOCK)
    checks = select_checks(project=project)
    (found,) = [
        f
        for f in check_entry("They met at 3 p.m.", "오후 3시, 즉 15:00에", "ko", checks=checks)
        if f.check == "house-ko-clock"
    ]
    assert [found.msgstr[a:b] for a, b in found.target_spans] == ["15:00"]


def test_a_rule_without_language_applies_to_every_target(tmp_path: Path) -> None:
    rule = CLOCK.replace('language = ["ko"]\n', "")
    _, found = _findings(_project(tmp_path, rule))
    assert [(check, lang) for check, _, lang, _ in _house(found)] == [
        ("house-ko-clock", "ko"),
        ("house-ko-clock", "zh"),
    ]


def test_disable_in_the_config_and_enable_on_the_command_line(tmp_path: Path) -> None:
    root = _project(
        tmp_path, '\n[check]\ndisable = ["house-ko-plain-style", "whitespace"]\n' + PLAIN
    )
    code, found = _findings(root)
    assert not _house(found) and code == 0
    code, found = _findings(root, "--enable", "house-ko-plain-style")  # the flag wins
    assert [f[0] for f in _house(found)] == ["house-ko-plain-style"] and code == 1
    code, found = _findings(_project(tmp_path, PLAIN), "--disable", "house-ko-plain-style")
    assert not _house(found) and code == 0


def test_a_severity_override_changes_the_exit_code(tmp_path: Path) -> None:
    write(tmp_path / "glossary" / "terms.csv", "en,ko,ko.forbidden\ndefector,탈북민,탈북자\n")
    forbidden = HEADER.format(lang="ko") + 'msgid "A defector spoke."\nmsgstr "탈북자가 말했다."\n'
    root = _project(tmp_path)
    write(root / "translations" / "ko" / "a.po", forbidden)
    write(root / "translations" / "zh" / "a.po", HEADER.format(lang="zh"))
    code, found = _findings(root)
    assert code == 1 and [(f["check"], f["severity"]) for f in found] == [
        ("glossary-forbidden", "error")
    ]
    _project(root, '\n[check.severity]\nglossary-forbidden = "warning"\n')
    write(root / "translations" / "ko" / "a.po", forbidden)
    code, found = _findings(root)
    assert code == 0 and [(f["check"], f["severity"]) for f in found] == [
        ("glossary-forbidden", "warning")
    ]
    # and the other way: a warning made an error fails the run
    spaced = forbidden.replace("탈북자가 말했다.", "탈북민이  말했다.")
    write(root / "translations" / "ko" / "a.po", spaced)
    assert _findings(root)[0] == 0  # doubled space: a warning
    _project(root, '\n[check]\nseverity = { whitespace = "error" }\n')  # an inline table
    write(root / "translations" / "ko" / "a.po", spaced)
    code, found = _findings(root)
    assert code == 1 and [(f["check"], f["severity"]) for f in found] == [("whitespace", "error")]


LONG = "The plaintiffs, who now live in South Korea, testified that they were arrested."


def _length(profile: str, msgstr: str, lang: str = "ko") -> list[str]:
    project = parse_config(Path("/news"), f'[project]\ntarget_languages = ["{lang}"]\n{profile}')
    found = check_entry(LONG, msgstr, lang, checks=select_checks(project=project))
    return [f.message for f in found if f.check == "length-ratio"]


def test_length_ratio_bounds_per_language_come_from_the_config() -> None:
    terse = "원고들은 한국에 살며 체포됐다고 증언했다."  # 23 characters of 79: 0.29
    assert _length("", terse) == []  # within the built-in 0.22 to 1.38
    (message,) = _length("[check.length-ratio]\nko = [0.35, 1.6]\n", terse)
    assert "unusually short (0.29 characters per source character; 0.35 to 1.60" in message
    # a base language's bounds serve its variants; min_source skips shorter sources
    assert _length("[check.length-ratio]\nzh = [0.35, 1.6]\n", "原告们称被捕。", "zh-Hant")
    assert _length("[check.length-ratio]\nzh = [0.01, 9]\n", "原告们称被捕。", "zh-Hant") == []
    assert _length("[check.length-ratio]\nko = [0.35, 1.6]\nmin_source = 80\n", terse) == []


def test_list_checks_shows_the_effective_profile(tmp_path: Path) -> None:
    profile = (
        '\n[check]\ndisable = ["whitespace", "numbers"]\n'
        '\n[check.severity]\nglossary-forbidden = "warning"\n'
        "\n[check.length-ratio]\nko = [0.3, 1.6]\n" + PLAIN + CLOCK
    )
    root = _project(tmp_path, profile)
    res = run_cli(
        "check", "--list-checks", "--enable", "numbers", "--disable", "brackets", cwd=root
    )
    assert res.code == 0, res.stderr
    out = res.stdout
    lines = {line.split()[0]: line for line in out.splitlines() if not line.startswith(" ")}

    def shows(cid: str, *words: str) -> None:
        assert re.fullmatch(rf"{re.escape(cid)} +{' +'.join(map(re.escape, words))}", lines[cid])

    assert out.startswith("13 of 15 checks on (transflow.toml [check], then --enable/--disable)")
    shows("glossary-missing", "on (default)", "error")
    shows("glossary-forbidden", "on (default)", "warning (config; built-in: error)")
    shows("whitespace", "off (config)", "warning")
    shows("numbers", "on (flag)", "error")  # disabled in the config, enabled by the flag
    shows("brackets", "off (flag)", "error")
    shows("house-ko-plain-style", "on (config)", "error")
    shows("house-ko-clock", "on (config)", "warning")
    assert list(lines)[-2:] == ["house-ko-plain-style", "house-ko-clock"]
    detail = out.split("house-ko-clock")[1].splitlines()[1:]
    assert detail == [
        "    a clock time from a.m./p.m. is written 오전/오후 N시",
        "    language = ko",
        r"    translation = '\d{1,2}:\d{2}'",
        r"    source = '\d ?[ap]\.m\.'",
    ]
    length = out.split("length-ratio")[1].splitlines()[2:5]
    assert length == [
        "    min_source = 40",
        "    ko = [0.30, 1.60]  (config)",
        "    zh = [0.13, 0.83]",
    ]


def test_list_checks_outside_a_project_shows_the_built_in_defaults(tmp_path: Path) -> None:
    res = run_cli("check", "--list-checks", cwd=tmp_path)
    assert res.code == 0, res.stderr
    assert res.stdout.startswith(f"{len(CHECKS)} of {len(CHECKS)} checks on (no transflow.toml:")
    assert "(config)" not in res.stdout and "house-" not in res.stdout


@pytest.fixture
def news(project: Path) -> Path:
    """The conftest project with a Markdown article reviewed in Korean, one sentence in the
    formal style."""
    write(project / "sources" / f"{SLUG}.md", ARTICLE)
    assert run_cli("extract", cwd=project).code == 0
    formal = {**KO, "The talks resumed on Monday.": "회담은 월요일 재개됐습니다."}
    fill(project, "ko", formal, reviewer="Kim Ji-woo")
    return project


@pytest.mark.parametrize(
    ("profile", "published"),
    [
        (PLAIN, False),
        (PLAIN + '\n[check.severity]\nhouse-ko-plain-style = "warning"\n', True),
        ('\n[check]\ndisable = ["house-ko-plain-style"]\n' + PLAIN, True),
        ("", True),
    ],
    ids=["error-rule", "rule-made-a-warning", "rule-disabled", "no-rule"],
)
def test_publish_gates_on_the_profile(news: Path, profile: str, published: bool) -> None:
    with (news / "transflow.toml").open("a", encoding="utf-8") as fh:
        fh.write(profile)
    res = run_cli("publish", SLUG, "--lang", "ko", cwd=news)
    assert res.code == (0 if published else 1), res.stdout + res.stderr
    assert (news / "editions" / "ko" / f"{SLUG}.md").exists() == published


def test_the_review_assistant_uses_the_profile(tmp_path: Path) -> None:
    root = _project(tmp_path, '\n[check]\ndisable = ["end-punctuation"]\n' + PLAIN)
    project = parse_config(root, (root / "transflow.toml").read_text(encoding="utf-8"))
    found = Assistant(project, "ko").findings("The court ruled.", "법원이 판결했습니다")
    assert [f.check for f in found] == ["house-ko-plain-style"]


def test_the_example_init_writes_is_a_valid_profile(tmp_path: Path) -> None:
    text = default_config_text(["ko", "zh"])
    assert "# [check]" in text and "# [[check.rule]]" in text
    example = text.split("# [check]", 1)[1]
    uncommented = re.sub(r"(?m)^# ?", "", "# [check]" + example)
    project = parse_config(tmp_path, text + uncommented)
    checks = project.settings["check"]
    assert checks["disable"] and checks["severity"] and checks["length-ratio"]
    (rule,) = checks["rule"]
    assert rule.id.startswith("house-") and rule.translation.search("회의를 열었습니다.")


def test_house_rule_ids_can_never_collide_with_built_in_checks_or_config_keys() -> None:
    """A house rule's id starts with house-, which no built-in check's does; a key of [check]
    is a setting of the profile or a check's parameter table, never both."""
    ids = {c.id for c in CHECKS}
    assert not any(cid.startswith("house-") for cid in ids)
    settings = {"enable", "disable", "severity", "rule"}
    assert not settings & ids and set(SCHEMA["check"]) - settings <= ids


def test_the_readme_example_is_a_valid_profile(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The QA profile", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    project = parse_config(tmp_path, '[project]\ntarget_languages = ["ko", "zh"]\n' + example)
    assert [rule.id for rule in project.settings["check"]["rule"]] == [
        "house-ko-plain-style",
        "house-ko-clock",
    ]
