"""The real seed article from ../shared: segments and msgfmt-valid catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from transflow.extract.extract import extract
from transflow.project.config import load_project

from .conftest import CONFIG, SEED, msgfmt_check

SLUG = "south-korean-rights-groups-demand-china-apologize-for-forced-repatriations-of-defectors"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"{SEED} is absent (no ../shared)")


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    (tmp_path / "transflow.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "sources").mkdir()
    shutil.copy(SEED, tmp_path / "sources" / f"{SLUG}.txt")
    return tmp_path


def test_seed_article_extracts_to_valid_catalogs(seed_project: Path) -> None:
    extract(load_project(seed_project))
    for lang in ("ko", "zh"):
        path = seed_project / "translations" / lang / f"{SLUG}.po"
        msgfmt_check(path)
        po = polib.pofile(str(path))
        ids = [e.msgid for e in po]
        assert ids[0] == (
            "South Korean Rights Groups Call on China to Apologize for Forced Repatriation "
            "of Defectors"
        )
        assert po[0].comment == "type: title" and po[0].occurrences == [
            (f"sources/{SLUG}.txt", "3")
        ]
        council = [i for i in ids if "U.N. Human Rights Council" in i]
        assert council == [
            "The alliance urged China to halt forced repatriation, allow defectors to go to the "
            "countries of their choice, respect the human rights of North Korean defectors in "
            "China, ensure their U.N. refugee status, and use its influence as a member of the "
            "U.N. Human Rights Council to address human rights issues in North Korea.",
            "They warned that if China does not improve its human rights record, it should "
            "consider resigning from international bodies like the U.N. Human Rights Council.",
        ]
        assert (
            "In a statement released on June 3, they highlighted a visit by Zhao Leji, a "
            "high-ranking Chinese Communist Party official, to North Korea for enhancing "
            "cooperation relations with Kim Jong-un."
        ) in ids
        # every sentence ends a sentence: nothing was cut at an abbreviation
        assert all(i.rstrip("”’\"'").endswith((".", "?", "!")) for i in ids[1:])
        assert not any(i.endswith(("U.N.", "U.S.")) for i in ids)
        assert len(ids) == 14
        lines = {e.msgid[:20]: e.occurrences[0][1] for e in po}
        assert lines["The alliance urged C"] == "7"
        assert lines["For more news and up"] == "17"
