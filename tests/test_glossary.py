"""Glossary: CSV format and validation, matching, TBX exchange (safely), CLI, selection."""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transflow.glossary import load_glossary
from transflow.glossary.csvfile import neutralise, restore
from transflow.glossary.manage import Added, add_term, import_file
from transflow.project.config import load_project
from transflow.project.errors import GlossaryError
from transflow.translate.selection import select_hypothesis

from .conftest import run_cli, snapshot, write

ROOT = Path(__file__).resolve().parents[1]

BASIC = """\
en,ko,zh,ko.forbidden,note,case
North Korean defector|defector,탈북민,脱北者,탈북자,Style guide,
forced repatriation,강제북송|강제송환,强制遣返,,,
U.N. Human Rights Council,유엔 인권이사회,联合国人权理事会,,,
Kim Jong-un|Kim Jong Un,김정은,金正恩,,,
WHO,세계보건기구,世界卫生组织,,,
Apple,애플,苹果公司,,,sensitive
"""


def glossary(tmp_path: Path, text: str = BASIC):
    return load_glossary([write(tmp_path / "g.csv", text)], source_language="en")


# --- format and validation ----------------------------------------------------------------


def test_csv_columns_variants_forbidden_note(tmp_path: Path) -> None:
    g = glossary(tmp_path)
    c = g.concepts[0]
    assert c.variants("en") == ("North Korean defector", "defector")
    assert c.preferred("ko") == "탈북민" and c.forbidden_variants("ko") == ("탈북자",)
    assert c.note == "Style guide" and c.origin.endswith("g.csv:2")
    assert g.concepts[5].case_sensitive
    assert c.variants("zh-Hans") == ("脱北者",)  # base-language fallback


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("en,kr\nx,y\n", 1, "unknown column 'kr'"),
        ("en,ko,klingon\nx,y,z\n", 1, "unknown column 'klingon'"),
        ("en,ko\nseoul,서울\n,부산\n", 3, "empty source term"),
        ("en,ko\nSeoul,서울\nBusan,부산\nseoul,한양\n", 4, "already in"),
        ("en,ko\ndefector,탈북민\ndefectors,탈북자\n", 3, "already in"),
        ("en,ko,case\nx,y,maybe\n", 2, "bad value 'maybe'"),
        ("en,ko,ko.forbidden\nx,y,y\n", 2, "both accepted and forbidden"),
        ('en,ko\n"unterminated,x\n', 2, "quoted cell of this row is never closed"),
        ('en,ko\na,b\n"unterminated,x\n' + "c,d\n" * 47, 3, "one cell up to line 50"),
        ('en,ko\na,"b"c\nd,e\n', 2, "expected after"),
        ("ko,zh\n서울,首尔\n", 1, "no column for the source language en"),
    ],
)
def test_validation_errors_name_file_and_row(tmp_path: Path, text, line, needle) -> None:
    with pytest.raises(GlossaryError) as info:
        glossary(tmp_path, text)
    assert info.value.path.endswith("g.csv") and info.value.line == line
    assert needle in info.value.message


def test_same_term_same_target_in_two_rows_is_fine(tmp_path: Path) -> None:
    g = glossary(tmp_path, "en,ko\nSeoul,서울\nseoul,서울|한국\n")
    assert len(g) == 2


def test_comments_and_blank_lines_ignored(tmp_path: Path) -> None:
    g = glossary(tmp_path, "en,ko\n# people,\n\nSeoul,서울\n")
    assert len(g) == 1 and g.concepts[0].row == 4


def test_rows_shorter_than_the_header_have_empty_cells(tmp_path: Path) -> None:
    g = glossary(tmp_path, "en,ko,zh,ko.forbidden,note,case\nSeoul,서울\nBusan\n")
    seoul, busan = g.concepts
    assert seoul.terms == {"en": ("Seoul",), "ko": ("서울",)} and seoul.forbidden == {}
    assert busan.terms == {"en": ("Busan",)} and not seoul.note and not seoul.case_sensitive


# --- matching -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("North Korean defectors gathered", ["North Korean defectors"]),
        ("the defector's story", ["defector's"]),
        ("the defectors’ families", ["defectors"]),
        ("Kim Jong Un’s government", ["Kim Jong Un’s"]),
        ("KIM JONG-UN spoke", ["KIM JONG-UN"]),
        (
            "Forced Repatriation of North Korean Defectors",
            ["Forced Repatriation", "North Korean Defectors"],
        ),
        ("the UN Human Rights Council", ["UN Human Rights Council"]),
        ("who said so", []),  # WHO is an acronym: case-sensitive
        ("the WHO said", ["WHO"]),
        ("an apple a day", []),  # case=sensitive
        ("Apple said", ["Apple"]),
        ("the defectoral", []),  # whole tokens only
    ],
)
def test_english_source_matching(tmp_path: Path, source, expected) -> None:
    assert [m.text for m in glossary(tmp_path).find_terms(source)] == expected


@pytest.mark.parametrize(
    ("source", "target", "lang", "satisfied"),
    [
        ("defectors", "탈북민들은", "ko", 1),
        ("defectors", "탈북민을", "ko", 1),
        ("forced repatriation", "강제 북송을", "ko", 1),
        ("U.N. Human Rights Council", "유엔인권이사회는", "ko", 1),
        ("U.N. Human Rights Council", "联合国 人权理事会", "zh", 1),
        ("Kim Jong-un", "金正恩", "zh", 1),
        ("WHO", "ＷＨＯ即世界卫生组织", "zh", 1),
        ("defectors", "北朝鲜人", "zh", 0),
    ],
)
def test_target_matching(tmp_path: Path, source, target, lang, satisfied) -> None:
    report = glossary(tmp_path).evaluate(source, target, lang)
    assert len(report.satisfied) == satisfied and report.total == 1


def test_forbidden_inside_approved_term_is_not_a_finding(tmp_path: Path) -> None:
    text = (
        "en,ko,ko.forbidden\nforced repatriation,강제북송,\nrepatriation to the North,송환,북송\n"
    )
    g = glossary(tmp_path, text)
    assert g.evaluate("the forced repatriation", "강제북송을 멈춰라", "ko").forbidden == []
    bad = g.evaluate("repatriation to the North", "북송을 멈춰라", "ko").forbidden
    assert [v for _, v in bad] == ["북송"]


def test_five_thousand_terms_use_the_automaton(tmp_path: Path) -> None:
    rows = ["en,ko"] + [f"term{i} word{i % 97},용어{i}" for i in range(5000)]
    rows.append("forced repatriation,강제북송")
    g = glossary(tmp_path, "\n".join(rows) + "\n")
    sentence = "They opposed forced repatriation and term42 word42 yesterday. " * 3
    g.find_terms(sentence)  # build
    start = time.perf_counter()
    for _ in range(1000):
        found = g.find_terms(sentence)
    elapsed = time.perf_counter() - start
    assert {m.text for m in found} == {"forced repatriation", "term42 word42"}
    assert elapsed < 2.0  # a loop over 5,000 terms would take ~100x longer


# --- TBX ----------------------------------------------------------------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tbx type="TBX-Basic" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&lol9;</term></termSec></langSec>
</conceptEntry></body></text></tbx>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx type="TBX-Basic"><text><body><conceptEntry id="c1"><langSec xml:lang="en">
<termSec><term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""

TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="t1"><descrip type="definition">Country</descrip>
 <langSet xml:lang="en"><tig><term>North Korea</term></tig></langSet>
 <langSet xml:lang="ko">
  <tig><term>조선</term>
   <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  <tig><term>북한</term>
   <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
 </langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize("doc", [BOMB, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_tbx_with_entities_is_refused(tmp_path: Path, doc: str) -> None:
    path = write(tmp_path / "evil.tbx", doc)
    with pytest.raises(GlossaryError) as info:
        load_glossary([path], source_language="en")
    assert "refused" in info.value.message and "entit" in info.value.message


def test_tbx_v2_import_maps_statuses(tmp_path: Path) -> None:
    g = load_glossary([write(tmp_path / "old.tbx", TBX_V2)], source_language="en")
    c = g.concepts[0]
    assert c.variants("ko") == ("북한",) and c.forbidden_variants("ko") == ("조선",)
    assert c.note == "Country"


def test_tbx_malformed_names_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.tbx", '<?xml version="1.0"?>\n<tbx>\n<text>\n</tbx>\n')
    with pytest.raises(GlossaryError) as info:
        load_glossary([path])
    assert info.value.line == 4 and "well-formed" in info.value.message


def test_sample_glossary_round_trips_through_tbx(tmp_path: Path) -> None:
    config = load_project(ROOT)
    res = run_cli("glossary", "export", "--format", "tbx", cwd=ROOT)
    assert res.code == 0, res.stderr
    assert 'type="TBX-Basic"' in res.stdout and "deprecatedTerm-admn-sts" in res.stdout
    path = write(tmp_path / "out.tbx", res.stdout)
    back = load_glossary([path], source_language="en")
    original = load_glossary(config)
    assert [(c.terms, c.forbidden, c.note, c.case_sensitive) for c in back.concepts] == [
        (c.terms, c.forbidden, c.note, c.case_sensitive) for c in original.concepts
    ]


# --- CLI ----------------------------------------------------------------------------------


def test_glossary_add_import_export_list(project: Path, tmp_path: Path) -> None:
    add = ("glossary", "add", "forced repatriation", "-t", "ko=강제북송|강제송환")
    add += ("-t", "zh=强制遣返", "--forbid", "ko=북송", "--note", "NK context")
    res = run_cli(*add, cwd=project)
    assert res.code == 0, res.stderr
    text = (project / "glossary" / "glossary.csv").read_text()
    assert "forced repatriation,강제북송|강제송환,强制遣返" in text and "ko.forbidden" in text
    # same row again: nothing added; conflicting preferred target: refused, file untouched
    assert "already" in run_cli(*add, cwd=project).stdout
    before = snapshot(project)
    res = run_cli("glossary", "add", "forced repatriation", "-t", "ko=송환", cwd=project)
    assert res.code == 2 and "glossary.csv:2" in res.stderr and "Traceback" not in res.stderr
    assert snapshot(project) == before
    # import TBX v2 into its own file, then list and export
    res = run_cli("glossary", "import", str(write(tmp_path / "terms.tbx", TBX_V2)), cwd=project)
    assert res.code == 0 and "imported 1" in res.stdout, res.stderr
    assert "North Korea,북한" in (project / "glossary" / "terms.csv").read_text()
    rows = json.loads(run_cli("glossary", "list", "--json", cwd=project).stdout)
    assert [r["terms"]["en"][0] for r in rows] == ["forced repatriation", "North Korea"]
    listed = run_cli("glossary", "list", "korea", cwd=project).stdout
    assert "북한" in listed and "강제북송" not in listed
    out = run_cli("glossary", "export", "--format", "csv", cwd=project).stdout
    assert out.splitlines()[0].startswith("en,ko,zh,ko.forbidden")
    res = run_cli("glossary", "import", str(write(tmp_path / "evil.tbx", BOMB)), cwd=project)
    assert res.code == 2 and "refused" in res.stderr


# --- glossary add / import: only the new row (or the merged one) changes ------------------

# every shape a hand-edited or spreadsheet-exported file may take: quoted cells (a comma,
# doubled quotes, a line break inside a cell), `#` comments, blank and whitespace lines,
# short rows, padding, no line break at the end
HAND_MADE = (
    'en,ko,zh,note\n# people and places,,,\n"Seoul, the capital",서울,首尔,"said ""Soul"""\n'
    '\n  \nBusan,부산,釜山,"port city\nsecond line"\nKim Jong-un,김정은\n'
    "North Korea , 북한 ,朝鲜,   "
)
HAND_MADE_CRLF = HAND_MADE.replace("\n", "\r\n") + "\r\n"
ALL_QUOTED = '"en","ko","zh","note"\r\n# comment\r\n"Seoul","서울","首尔",""\r\n'


@pytest.mark.parametrize(
    ("data", "appended"),
    [
        (HAND_MADE.encode(), "\nPyongyang,평양,平壤,".encode()),
        (b"\xef\xbb\xbf" + HAND_MADE_CRLF.encode(), "Pyongyang,평양,平壤,\r\n".encode()),
        (ALL_QUOTED.encode(), '"Pyongyang","평양","平壤",""\r\n'.encode()),
    ],
    ids=["lf-no-final-newline", "crlf-bom", "all-quoted"],
)
def test_add_appends_one_row_in_the_files_dialect(project: Path, data, appended) -> None:
    path = project / "glossary" / "terms.csv"
    path.parent.mkdir()
    path.write_bytes(data)
    proj = load_project(project)
    before = [c.terms for c in load_glossary(proj).concepts]
    added = add_term(proj, "Pyongyang", {"ko": ["평양"], "zh": ["平壤"]})
    assert path.read_bytes() == data + appended
    rows = load_glossary(proj).concepts
    assert [c.terms for c in rows[:-1]] == before and added == Added("added", rows[-1].origin)
    assert rows[-1].terms == {"en": ("Pyongyang",), "ko": ("평양",), "zh": ("平壤",)}


def test_a_missing_column_changes_only_the_header_line(project: Path) -> None:
    path = project / "glossary" / "terms.csv"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + HAND_MADE_CRLF.encode())
    added = add_term(
        load_project(project),
        "Apple",
        {"ko": ["애플"], "ja": ["アップル"]},
        {"ko": ["사과"]},
        note="the company",
        case_sensitive=True,
    )
    header, rest = HAND_MADE_CRLF.split("\r\n", 1)
    row = "Apple,애플,,the company,アップル,사과,sensitive\r\n"
    expected = f"\ufeff{header},ja,ko.forbidden,case\r\n{rest}{row}"
    assert path.read_bytes() == expected.encode()
    rows = load_glossary(load_project(project)).concepts
    assert added.origin == rows[-1].origin == "glossary/terms.csv:10"
    apple = rows[-1]
    assert apple.forbidden == {"ko": ("사과",)} and apple.case_sensitive
    assert apple.terms == {"en": ("Apple",), "ko": ("애플",), "ja": ("アップル",)}
    assert rows[0].terms == {"en": ("Seoul, the capital",), "ko": ("서울",), "zh": ("首尔",)}


def test_a_row_that_would_read_as_a_comment_is_refused(project: Path) -> None:
    before = snapshot(project)
    with pytest.raises(GlossaryError) as info:
        add_term(load_project(project), "#MeToo", {"ko": ["미투"]})
    assert "comment line" in info.value.message and snapshot(project) == before


NEWSROOM = (
    "en,ko,ko.forbidden,note\r\n"
    '"North Korean defector|defector",탈북민,탈북자,"Style guide, 2005"\r\n'
    "# places\r\n"
    "Seoul,서울\r\n"
    "Kim Jong-un,김정은,,\r\n"
    "U.N.,유엔,,\r\n"
)


def _newsroom(project: Path) -> Path:
    path = project / "glossary" / "newsroom.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(NEWSROOM.encode())
    return path


@pytest.mark.parametrize(
    ("term", "row"),
    [
        ("Seoul", 4),  # the same term
        ("defectors", 2),  # a plural of a variant
        ("Kim Jong Un|Supreme Leader", 5),  # one variant, hyphen = space
        ("UN", 6),  # dots dropped
        ("SEOUL", 4),  # other case, neither row case-sensitive
    ],
)
def test_adding_an_existing_concept_names_its_row(project: Path, term: str, row: int) -> None:
    _newsroom(project)
    before = snapshot(project)
    with pytest.raises(GlossaryError) as info:
        add_term(load_project(project), term, {"ko": ["새 용어"]})
    assert (info.value.path, info.value.line) == ("glossary/newsroom.csv", row)
    assert "already a concept" in info.value.message and "--merge" in (info.value.hint or "")
    assert snapshot(project) == before


def test_merge_rewrites_exactly_that_row(project: Path) -> None:
    path = _newsroom(project)
    other = write(project / "glossary" / "extra.csv", "en,ko\nPyongyang,평양\n")
    proj = load_project(project)
    merged = add_term(
        proj,
        "defectors|North Korean refugee",
        {"ko": ["북한이탈주민"], "zh": ["脱北者"]},
        {"ko": ["귀순자"]},
        note="legal term: 북한이탈주민",
        file="extra.csv",
        merge=True,
    )
    assert merged == Added("merged", "glossary/newsroom.csv:2")
    lines = NEWSROOM.split("\r\n")
    lines[0] += ",zh"  # the file had no zh column
    lines[1] = (
        "North Korean defector|defector|North Korean refugee,탈북민|북한이탈주민,탈북자|귀순자,"
        '"Style guide, 2005; legal term: 북한이탈주민",脱北者'
    )
    assert path.read_bytes() == "\r\n".join(lines).encode()
    assert other.read_text() == "en,ko\nPyongyang,평양\n"  # --file is not where the concept is
    (c,) = [c for c in load_glossary(proj).concepts if c.origin == merged.origin]
    assert c.variants("ko") == ("탈북민", "북한이탈주민") and c.variants("zh") == ("脱北者",)


def test_merge_fills_a_short_row_and_keeps_its_other_cells(project: Path) -> None:
    path = _newsroom(project)
    add_term(load_project(project), "Seoul", {"ko": ["서울시"]}, note="capital", merge=True)
    expected = NEWSROOM.replace("Seoul,서울\r\n", "Seoul,서울|서울시,,capital\r\n")
    assert path.read_bytes() == expected.encode()


@pytest.mark.parametrize("merge", [False, True])
def test_re_adding_what_the_row_says_changes_nothing(project: Path, merge: bool) -> None:
    _newsroom(project)
    before = snapshot(project)
    proj = load_project(project)
    same = add_term(proj, "North Korean defector|defector", {"ko": ["탈북민"]}, merge=merge)
    part = add_term(proj, "defectors", {"ko": ["탈북민"]}, {"ko": ["탈북자"]}, merge=merge)
    assert same == part == Added("unchanged", "glossary/newsroom.csv:2")
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("term", "case_sensitive", "outcome"),
    [
        ("Apple", True, "glossary/newsroom.csv:7"),  # same words, same case: refused
        ("APPLE", True, "added"),  # another case-sensitive term
        ("apple", False, "added"),  # a case-insensitive term is another concept
    ],
)
def test_case_sensitive_rows_are_the_same_term_only_in_their_case(
    project: Path, term: str, case_sensitive: bool, outcome: str
) -> None:
    path = _newsroom(project)
    path.write_bytes(path.read_bytes().replace(b"note\r\n", b"note,case\r\n", 1))
    path.write_bytes(path.read_bytes() + "Apple,애플,,,sensitive\r\n".encode())
    proj = load_project(project)
    if outcome == "added":
        result = add_term(proj, term, {"ko": ["사과"]}, case_sensitive=case_sensitive)
        assert result == Added("added", "glossary/newsroom.csv:8")
    else:
        with pytest.raises(GlossaryError) as info:
            add_term(proj, term, {"ko": ["사과"]}, case_sensitive=case_sensitive)
        assert info.value.location == outcome


@pytest.mark.parametrize(
    ("term", "targets", "needle", "location"),
    [
        # merged, the row would accept what it forbids
        ("defector", {"ko": ["탈북자"]}, "both accepted and forbidden", "newsroom.csv:2"),
        # two rows are this term: --merge cannot choose
        (
            "Seoul|U.N.",
            {"ko": ["서울"]},
            "2 concepts: this row (Seoul) and glossary/newsroom.csv:6",
            "newsroom.csv:4",
        ),
    ],
)
def test_a_refused_merge_writes_nothing(project: Path, term, targets, needle, location) -> None:
    _newsroom(project)
    before = snapshot(project)
    with pytest.raises(GlossaryError) as info:
        add_term(load_project(project), term, targets, merge=True)
    assert needle in info.value.message
    assert (info.value.location or "").endswith(f"glossary/{location}")
    assert snapshot(project) == before


def test_merge_without_such_a_concept_adds_a_row(project: Path) -> None:
    path = _newsroom(project)
    added = add_term(load_project(project), "Pyongyang", {"ko": ["평양"]}, merge=True)
    assert added == Added("added", "glossary/newsroom.csv:7")
    assert path.read_bytes() == (NEWSROOM + "Pyongyang,평양,,\r\n").encode()


def test_import_appends_to_a_file_as_written(project: Path, tmp_path: Path) -> None:
    path = project / "glossary" / "terms.csv"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + HAND_MADE_CRLF.encode())
    source = write(tmp_path / "old.tbx", TBX_V2)
    assert import_file(load_project(project), source, "terms") == (path, 1)
    header, rest = HAND_MADE_CRLF.split("\r\n", 1)
    expected = f"\ufeff{header},ko.forbidden\r\n{rest}North Korea,북한,,Country,조선\r\n"
    assert path.read_bytes() == expected.encode()
    assert import_file(load_project(project), source, "terms") == (path, 0)
    assert path.read_bytes() == expected.encode()


def test_glossary_add_cli_refuses_then_merges(project: Path) -> None:
    _newsroom(project)
    res = run_cli("glossary", "add", "defectors", "-t", "ko=북한이탈주민", cwd=project)
    assert res.code == 2 and "glossary/newsroom.csv:2:" in res.stderr, res.stderr
    assert "already a concept" in res.stderr and "--merge" in res.stderr
    assert "Traceback" not in res.stderr
    res = run_cli("glossary", "add", "defectors", "-t", "ko=북한이탈주민", "--merge", cwd=project)
    assert res.code == 0 and "merged 'defectors' into glossary/newsroom.csv:2" in res.stdout


# --- terminology-aware n-best selection ---------------------------------------------------


@dataclass
class Hyp:
    text: str
    score: float


def test_selection_prefers_glossary_then_score(tmp_path: Path) -> None:
    g = glossary(tmp_path)
    source = "North Korean defectors protested the forced repatriation."
    hyps = [
        Hyp("탈북자들이 강제송환에 항의했다.", -0.10),  # forbidden term, 1/2
        Hyp("북한 주민들이 송환에 항의했다.", -0.20),  # 0/2
        Hyp("탈북민들이 강제북송에 항의했다.", -0.90),  # 2/2
        Hyp("탈북민들은 강제북송에 항의했다.", -0.50),  # 2/2, better score
    ]
    pick = select_hypothesis(source, hyps, "ko", g)
    assert pick.index == 3 and pick.satisfied == 2 and pick.total == 2 and pick.compliant
    assert pick.provenance() == "glossary=2/2 pick=4/4"
    # no glossary term: the model's best
    plain = select_hypothesis("The panel met.", [Hyp("a", -1), Hyp("b", -0.5)], "ko", g)
    assert plain.index == 1 and plain.provenance() == ""


# --- CSV injection: export neutralises formula cells, import restores them -------------------


@given(st.text(max_size=12))
def test_neutralise_is_undone_by_restore_and_starts_no_formula(cell: str) -> None:
    out = neutralise(cell)
    assert restore(out) == cell
    assert out[:1] not in ("=", "+", "-", "@", "\t", "\r") or out == cell == ""


FORMULAS = (
    "en,ko,zh,note\n"
    '"=HYPERLINK(""http://evil.example"",""click"")",하이퍼링크,超链接,=1+1\n'
    "+82 2 123,+82 2 123,+82,@SUM(A1)\n"
    '-year-old,-세,-岁,"\tindented"\n'
    "'s-Hertogenbosch,스헤르토헨보스,斯海尔托亨博斯,'=literally this\n"
)


def test_export_neutralises_formula_cells_and_import_restores_them(
    project: Path, tmp_path: Path
) -> None:
    write(project / "glossary" / "terms.csv", FORMULAS)
    original = load_glossary(load_project(project)).concepts
    res = run_cli("glossary", "export", cwd=project)
    assert res.code == 0, res.stderr
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert all(cell[:1] not in "=+-@\t\r" or not cell for row in rows for cell in row)
    assert rows[1][0].startswith("'=HYPERLINK") and rows[4][0] == "'s-Hertogenbosch"
    other = tmp_path / "other"
    other.mkdir()
    write(other / "transflow.toml", (project / "transflow.toml").read_text())
    res = run_cli("glossary", "import", str(write(tmp_path / "x.csv", res.stdout)), cwd=other)
    assert res.code == 0 and "imported 4" in res.stdout, res.stderr
    back = load_glossary(load_project(other)).concepts
    assert [(c.terms, c.note) for c in back] == [(c.terms, c.note) for c in original]
    assert back[0].note == "=1+1" and back[3].note == "=literally this"  # ' is text's mark
    written = (other / "glossary" / "x.csv").read_text(encoding="utf-8")
    assert "\n'-year-old,'-세,'-岁," in written  # the project's own file holds no formula
    # a term that really starts with ' before a formula character survives add and export
    res = run_cli("glossary", "add", "'=quoted", "-t", "ko='=인용", cwd=other)
    assert res.code == 0, res.stderr
    assert "\n''=quoted,''=인용," in (other / "glossary" / "x.csv").read_text(encoding="utf-8")
    assert load_glossary(load_project(other)).concepts[-1].terms["ko"] == ("'=인용",)
