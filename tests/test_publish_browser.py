"""The Korean and Chinese HTML editions of the sample article, rendered by headless Chromium.

Debian's `chromium` and `fonts-noto-cjk` come from `scripts/ensure-system-deps.sh` (run by
`make setup`); without them the tests skip, saying which is missing. Set
TRANSFLOW_DOCS_SCREENSHOTS=1 to refresh the screenshots under docs/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from transflow.po.catalog import load_catalog, save_catalog
from transflow.project.config import load_project
from transflow.publish.publish import publish

ROOT = Path(__file__).resolve().parents[1]
SLUG = "seoul-court-rules-on-detention-center-abuses"
TITLES = {
    "ko": "서울 법원, 북한에 전 구금자 배상 판결",
    "zh": "首尔法院判令朝鲜赔偿前被拘留者",
}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=900,1100",
]


def _fonts_ok() -> bool:
    fc = shutil.which("fc-list")
    if not fc:
        return False
    for lang in ("ko", "zh-cn"):
        out = subprocess.run([fc, f":lang={lang}", "family"], capture_output=True, text=True)
        if not out.stdout.strip():
            return False
    return True


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (`make setup` installs Debian's chromium)")
    if not _fonts_ok():
        pytest.skip("no Korean/Chinese font installed (`make setup` installs fonts-noto-cjk)")
    return binary


def browse(chromium: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """One headless Chromium run on a file:// page with a fresh profile; no network needed."""
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )


def ink(png: Path) -> tuple[tuple[int, int], float, int]:
    """Size, share of pixels that are not background, and number of distinct grey levels."""
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
        size = grey.size
        histogram = grey.histogram()
    total = size[0] * size[1]
    background = max(range(256), key=histogram.__getitem__)
    inked = total - sum(histogram[max(0, background - 8) : background + 9])
    return size, inked / total, sum(1 for count in histogram if count)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    report = publish(load_project(ROOT), [SLUG], out_dir=out)
    assert report.ok, [r.gate.reasons() for r in report.results]
    return out


@pytest.mark.parametrize("lang", ["ko", "zh"])
def test_sample_edition_renders_in_chromium(chromium: str, site: Path, lang: str, tmp_path) -> None:
    page = site / lang / f"{SLUG}.html"
    png = tmp_path / f"{lang}.png"
    run = browse(chromium, page, tmp_path / "profile", "--dump-dom", f"--screenshot={png}")
    assert run.returncode == 0 and png.exists(), run.stderr[-2000:]
    html_tag = re.search(r"<html[^>]*>", run.stdout).group(0)
    assert f'lang="{lang}"' in html_tag and 'dir="ltr"' in html_tag
    title = unescape(re.search(r"<title>(.*?)</title>", run.stdout, re.S).group(1))
    assert title == TITLES[lang]

    size, share, levels = ink(png)
    assert size == (900, 1100)
    assert share > 0.03, f"screenshot looks blank: {share:.3%} of pixels inked"
    assert levels > 32  # anti-aliased glyphs, not a flat page
    if os.environ.get("TRANSFLOW_DOCS_SCREENSHOTS"):
        shutil.copyfile(png, ROOT / "docs" / f"edition-{lang}.png")


def test_hostile_translation_stays_inert_in_the_browser(chromium: str, tmp_path: Path) -> None:
    """A <script> and a javascript: link in a reviewed translation do nothing in Chromium."""
    project = tmp_path / "p"
    shutil.copytree(ROOT / "sources", project / "sources")
    shutil.copytree(ROOT / "translations", project / "translations")
    shutil.copy(ROOT / "transflow.toml", project / "transflow.toml")
    po_path = project / "translations" / "ko" / f"{SLUG}.po"
    po = load_catalog(po_path)
    po[1].msgstr = (
        "<script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">"
        "[click](javascript:document.title='PWNED')"
    )
    save_catalog(po, po_path)
    # published as a draft even where `transflow check` would hold it back
    report = publish(load_project(project), [SLUG], ["ko"], draft=True)
    assert report.ok
    page = project / "editions" / "ko" / f"{SLUG}.html"
    dom = browse(chromium, page, tmp_path / "dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    title = unescape(re.search(r"<title>(.*?)</title>", dom.stdout, re.S).group(1))
    assert title == TITLES["ko"]
    assert "<script" not in dom.stdout.lower() and "<img" not in dom.stdout.lower()
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom.stdout
