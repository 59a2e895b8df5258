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


# --- typography and the screenshots under docs/screenshots/ ----------------------------------

DRAFTED = "defector-families-seek-answers"
# A desk's first machine translations of the drafted article (fuzzy: not reviewed yet).
MACHINE_KO = {
    "Families of Repatriated Defectors Seek Answers From Beijing and Seoul": (
        "강제북송 탈북민 가족들, 중국과 한국 정부에 답변 요구"
    ),
    "For nearly three years, Choi Mi-ran has kept a phone number on a slip of paper in her "
    "wallet.": "최미란 씨는 거의 3년 동안 지갑 속 쪽지에 전화번호 하나를 간직해 왔다.",
    "It belonged to a broker in Shenyang who promised on Jan. 9, 2024, that her younger sister "
    "would reach Seoul “within a month.”": (
        "그 번호는 2024년 1월 9일 여동생이 **“한 달 안에”** 서울에 도착할 것이라고 약속한 "
        "선양의 브로커의 것이었다."
    ),
}


@pytest.fixture(scope="module")
def whole_site(tmp_path_factory) -> Path:
    """The sample published with drafts, a few machine translations in the ko draft."""
    project = tmp_path_factory.mktemp("whole") / "p"
    for folder in ("sources", "translations", "glossary"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "transflow.toml", project / "transflow.toml")
    po_path = project / "translations" / "ko" / f"{DRAFTED}.po"
    po = load_catalog(po_path)
    for entry in po:
        if entry.msgid in MACHINE_KO:
            entry.msgstr, entry.flags = MACHINE_KO[entry.msgid], ["fuzzy"]
    save_catalog(po, po_path)
    publish(load_project(project), draft=True)
    return project / "editions"


PROBE = """<p><code id="probe">x = 1</code></p><script>
for (const id of ["probe", "title"]) {
  const node = document.getElementById(id) || document.querySelector("h1");
  document.body.dataset[id] = getComputedStyle(node).fontFamily;
}
</script></body>"""


@pytest.mark.parametrize(
    ("lang", "font"), [("ko", "Noto Sans Mono CJK KR"), ("zh", "Noto Sans Mono CJK SC")]
)
def test_code_keeps_a_monospace_font_in_cjk_pages(
    chromium: str, site: Path, lang: str, font: str, tmp_path: Path
) -> None:
    """The page's CSS, as Chromium applies it: code in a monospace stack, the rest in the
    language's own fonts (a probe script is added to a copy of the page)."""
    page = tmp_path / lang / "probe.html"
    page.parent.mkdir()
    html = (site / lang / f"{SLUG}.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", PROBE), encoding="utf-8")
    run = browse(chromium, page, tmp_path / "profile", "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    body = re.search(r"<body[^>]*>", run.stdout).group(0)
    probe = unescape(re.search(r'data-probe="([^"]*)"', body).group(1))
    title = unescape(re.search(r'data-title="([^"]*)"', body).group(1))
    assert probe.startswith("ui-monospace") and font in probe and probe.endswith("monospace")
    assert "Noto Sans CJK" in title and "monospace" not in title


SHOTS = [
    ("edition-ko", f"ko/{SLUG}.html"),
    ("edition-zh", f"zh/{SLUG}.html"),
    ("draft-ko", f"ko/{DRAFTED}.html"),
    ("site-index", "index.html"),
]


@pytest.mark.parametrize("width", [1200, 390])
@pytest.mark.parametrize(("name", "page"), SHOTS)
def test_screenshots(
    chromium: str, whole_site: Path, name: str, page: str, width: int, tmp_path: Path
) -> None:
    """Each page at a desktop and a phone width renders with ink; with
    TRANSFLOW_DOCS_SCREENSHOTS=1 the screenshots go to docs/screenshots/."""
    png = tmp_path / f"{name}-{width}.png"
    height = 1000 if width > 600 else 1500
    run = subprocess.run(
        [
            chromium,
            *[f for f in FLAGS if not f.startswith("--window-size")],
            f"--window-size={width},{height}",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={png}",
            (whole_site / page).as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and png.exists(), run.stderr[-2000:]
    size, share, levels = ink(png)
    assert size == (width, height)
    assert share > 0.02, f"screenshot looks blank: {share:.3%} of pixels inked"
    assert levels > 32
    if os.environ.get("TRANSFLOW_DOCS_SCREENSHOTS"):
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(png, folder / png.name)
