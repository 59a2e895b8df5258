"""A project whose Korean catalog holds every segment state, for the review tests."""

from __future__ import annotations

from pathlib import Path

import polib

from transflow.extract.extract import extract
from transflow.po.catalog import load_catalog, save_catalog
from transflow.project.config import load_project

from .conftest import SLUG_WIRE

TITLE = "Rights Groups Urge China to Halt Repatriations"
S1 = "Activists gathered in Seoul on Tuesday."
S2 = "They urged the U.N. Human Rights Council to act."
S3 = "The groups said 200 people were sent back."
S4 = "Dr. Lee called it a crime."

KO = {
    TITLE: "인권단체들, 중국에 강제송환 중단 촉구",
    S1: "활동가들이 화요일 서울에 모였다.",
    S2: "그들은 유엔 인권이사회가 행동할 것을 촉구했다.",
    S3: "단체들은 200명이 송환되었다고 말했다.",
}


def review_project(project: Path):
    """(config, path of translations/ko/<slug>.po) with, in document order:

    title = machine (fuzzy, mt provenance), S1 = reviewed, S2 = changed source (fuzzy with
    `#| msgid`), S3 = machine, S4 = untranslated.
    """
    config = load_project(project)
    extract(config, None, ["ko"])
    path = config.catalog_path("ko", SLUG_WIRE)
    po = load_catalog(path)
    by_id = {e.msgid: e for e in po}
    title = by_id[TITLE]
    title.msgstr, title.flags = KO[TITLE], ["fuzzy"]
    title.comment += "\ntransflow: mt=argos:en-ko@1.1 score=-0.42"
    by_id[S1].msgstr = KO[S1]
    s2 = by_id[S2]
    s2.msgstr, s2.flags, s2.previous_msgid = KO[S2], ["fuzzy"], "They urged the U.N. to act."
    by_id[S3].msgstr, by_id[S3].flags = KO[S3], ["fuzzy"]
    save_catalog(po, path)
    return config, path


def other_catalog(beside: Path, msgid: str, msgstr: str, line: str) -> None:
    """`other-article.po` beside the catalog `beside`: one reviewed Korean entry of
    `sources/other-article.md` at `line`, for what review finds elsewhere in the project."""
    other = beside.with_name("other-article.po")
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ko"}
    po.append(
        polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[("sources/other-article.md", line)])
    )
    po.save(str(other))


def reread(path: Path) -> dict[str, polib.POEntry]:
    """The catalog as another tool would read it: msgid -> entry."""
    return {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}


def edit_on_disk(path: Path, msgid: str, **fields) -> None:
    """Change one entry as another reviewer (or a git pull) would: a whole new file."""
    po = polib.pofile(str(path), wrapwidth=78)
    for entry in po:
        if entry.msgid == msgid:
            for name, value in fields.items():
                setattr(entry, name, value)
    po.save(str(path))


LONG_SLUG = "a-very-long-sentence-test"
LONG_TITLE = "A Very Long Sentence Test"
_CLAUSES = [
    "the families of repatriated defectors gathered in central Seoul on a cold morning",
    "they carried photographs of sisters, brothers and parents sent back across the river",
    "a broker in Shenyang had promised each of them a safe passage within a month",
    "the letters they wrote to the ministry were answered with a form that named nobody",
    "the embassy in Seoul declined to accept the petition and closed its gate at noon",
]
LONG = (
    "Witnesses said that "
    + ", and ".join(_CLAUSES[i % len(_CLAUSES)] for i in range(20))
    + ", which the groups called a crime."
)
LONG_KO = (
    " ".join(["탈북민 가족들은 서울 도심에 모여 강제북송된 가족의 소식을 요구했다며"] * 14) + "."
)


def long_project(project: Path):
    """(config, catalog path) of an article whose one paragraph is one ~1,800-character
    sentence, machine-translated, and whose English title is still untranslated."""
    (project / "sources" / f"{LONG_SLUG}.txt").write_text(
        f"{LONG_SLUG}\n\n{LONG_TITLE}\n\n{LONG}\n", encoding="utf-8"
    )
    config = load_project(project)
    extract(config, [LONG_SLUG], ["ko"])
    path = config.catalog_path("ko", LONG_SLUG)
    po = load_catalog(path)
    by_id = {e.msgid: e for e in po}
    by_id[LONG].msgstr, by_id[LONG].flags = LONG_KO, ["fuzzy"]
    save_catalog(po, path)
    return config, path


S3_WRONG = "단체들은 300명이 송환되었다고 말했다."  # a number that is not the source's


def risky_project(project: Path):
    """`review_project` with something for each tier of the risk-first queue: S3 says 300
    for 200 (an error), S2's machine translation has the catalog's lowest score, S4 is
    untranslated and holds a glossary term ("crime"), the title is machine output that
    raises nothing. Four MT scores (S1's, reviewed, among them) make a lowest quarter."""
    config, path = review_project(project)
    (project / "glossary").mkdir(exist_ok=True)
    (project / "glossary" / "terms.csv").write_text("en,ko,zh\ncrime,범죄,罪行\n", "utf-8")
    po = load_catalog(path)
    by_id = {e.msgid: e for e in po}
    by_id[S3].msgstr = S3_WRONG
    for msgid, score in ((TITLE, "-0.42"), (S1, "-0.20"), (S2, "-2.50"), (S3, "-0.30")):
        lines = [x for x in by_id[msgid].comment.split("\n") if " mt=" not in x]
        by_id[msgid].comment = "\n".join([*lines, f"transflow: mt=argos:en-ko@1.1 score={score}"])
    save_catalog(po, path)
    return config, path
