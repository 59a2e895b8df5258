"""Fault cases of `transflow xliff import` (issue 15): hostile XML (entity expansion, external
entities, an oversized file), files that are no XLIFF or belong to no catalog, inline codes
the export never wrote, and units whose source no longer matches the catalog. Each refuses
the whole import (exit 2, naming the file or the unit) and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from transflow.handoff.xliff import MAX_BYTES, unit_id

from ..conftest import SLUG_WIRE, run_cli
from .harness import Fault, ids, run_fault

SLUG = SLUG_WIRE
FILE = "in.xlf"
SENTENCE = "Activists gathered in Seoul on Tuesday."
EDITED = "Activists gathered in Busan on Tuesday."

ENTITIES = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n else "lol"}">' for n in range(10))
BOMB = f"""<?xml version="1.0"?>
<!DOCTYPE xliff [{ENTITIES}]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="translations/ko/{SLUG}.po" source-language="en" target-language="ko"
 datatype="po"><body><trans-unit id="u1"><source>{SENTENCE}</source>
<target>&lol9;</target></trans-unit></body></file></xliff>
"""
EXTERNAL = f"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="translations/ko/{SLUG}.po" source-language="en" target-language="ko"
 datatype="po"><body><trans-unit id="u1"><source>{SENTENCE}</source>
<target>&xxe;</target></trans-unit></body></file></xliff>
"""


def _xliff_21(source: str, target: str, original: str = f"translations/ko/{SLUG}.po") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ko">
<file id="f1" original="{original}"><unit id="{unit_id("", SENTENCE)}">
<segment state="translated"><source>{source}</source><target>{target}</target></segment>
</unit></file></xliff>
"""


def _file(text: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        (project / FILE).write_text(text, encoding="utf-8")

    return setup


def _oversized(project: Path) -> None:
    with (project / FILE).open("wb") as fh:  # sparse: refused by its size, never read
        fh.truncate(MAX_BYTES + 1)


def _source_changed_since_export(project: Path) -> None:
    assert run_cli("xliff", "export", "--lang", "ko", cwd=project).code == 0
    source = project / "sources" / f"{SLUG}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(SENTENCE, EDITED))
    assert run_cli("extract", cwd=project).code == 0


IMPORT = ("xliff", "import", FILE)
HANDOFF = f"handoff/ko/{SLUG}.xlf"

CASES = [
    Fault(
        "xliff-billion-laughs",
        _file(BOMB),
        IMPORT,
        mentions=(FILE, "entities"),
    ),
    Fault(
        "xliff-external-entity",
        _file(EXTERNAL),
        IMPORT,
        mentions=(FILE, "entities"),
    ),
    Fault(
        "xliff-oversized-file",
        _oversized,
        IMPORT,
        mentions=(FILE, "refused", "MiB"),
    ),
    Fault(
        "xliff-not-xliff",
        _file('<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2"/>'),
        IMPORT,
        mentions=(FILE, "not an XLIFF"),
    ),
    Fault(
        "xliff-malformed",
        _file(_xliff_21(SENTENCE, "활동가들")[:-20]),
        IMPORT,
        mentions=(FILE, "well-formed"),
    ),
    Fault(
        "xliff-no-such-catalog",
        _file(_xliff_21(SENTENCE, "활동가들", original="translations/ko/elsewhere.po")),
        IMPORT,
        mentions=(FILE, "elsewhere"),
    ),
    Fault(
        "xliff-unknown-inline-code",
        _file(_xliff_21(SENTENCE, '활동가들<ph id="9" dataRef="d9"/>')),
        IMPORT,
        mentions=(FILE, unit_id("", SENTENCE), "<ph>"),
    ),
    Fault(  # the CAT user edited the source text of a unit
        "xliff-source-edited-in-file",
        _file(_xliff_21(EDITED, "활동가들")),
        IMPORT,
        mentions=(FILE, unit_id("", SENTENCE), "no longer match"),
    ),
    Fault(  # the article changed after the export: the unit's sentence is gone
        "xliff-source-changed-since-export",
        _source_changed_since_export,
        ("xliff", "import", HANDOFF),
        mentions=(unit_id("", SENTENCE), "no longer match", "Export the article again"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_xliff_fault(tmp_path: Path, case: Fault) -> None:
    run_fault(case, tmp_path)
