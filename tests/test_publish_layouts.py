"""`[publish] layout`: Markdown editions for a Hugo or Jekyll site instead of finished pages.

The Hugo test builds a real multilingual site from the output with Debian's `hugo` (from
`scripts/ensure-system-deps.sh`; it skips, saying so, without it). Jekyll needs Ruby and is
not installed here: its layout is checked by its front matter only.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from transflow.project.config import load_project
from transflow.publish.publish import publish

from .test_publish_site import SAMPLE, read_page, sample

DRAFTED = "defector-families-seek-answers"  # only machine translation (or none) in the sample

HUGO_CONFIG = """\
baseURL = "https://news.example/"
title = "sample"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
[languages.en]
contentDir = "content/en"
weight = 1
[languages.ko]
contentDir = "content/ko"
weight = 2
[languages.zh]
contentDir = "content/zh"
weight = 3
"""
# One template: the page's language, its title, its translations (linked by translationKey).
HUGO_SINGLE = """\
<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><title>{{ .Title }}</title>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .RelPermalink }}">{{ end }}</head><body>{{ .Content }}</body></html>
"""
HUGO_LIST = "<!DOCTYPE html><html><body>{{ range .Pages }}{{ .Title }}{{ end }}</body></html>\n"


def meta(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def layout_project(tmp_path: Path, layout: str) -> Path:
    return sample(tmp_path, f'\n[publish]\nlayout = "{layout}"\n')


def test_hugo_layout_writes_content_folders_only(tmp_path: Path) -> None:
    project = layout_project(tmp_path, "hugo")
    report = publish(load_project(project), draft=True)
    out = project / "editions"
    content = out / "content"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        f"content/{lang}/{slug}.md"
        for lang in ("en", "ko", "zh")
        for slug in (SAMPLE, DRAFTED, "un-panel-urges-china-to-halt-repatriations")
    )
    assert report.pages == []
    ko = meta(content / "ko" / f"{SAMPLE}.md")
    assert (ko["translationKey"], ko["draft"], ko["slug"]) == (SAMPLE, False, SAMPLE)
    assert meta(content / "ko" / f"{DRAFTED}.md")["draft"] is True


def test_switching_layout_reports_and_prunes_what_the_other_wrote(tmp_path: Path) -> None:
    project = sample(tmp_path)
    publish(load_project(project), [SAMPLE])
    assert (project / "editions" / "ko" / f"{SAMPLE}.html").exists()
    config = project / "transflow.toml"
    config.write_text(config.read_text() + '\n[publish]\nlayout = "hugo"\n')
    report = publish(load_project(project), [SAMPLE], prune=True)
    assert {(s.lang, s.reason) for s in report.stale} == {
        (lang, "written for another [publish] layout") for lang in ("en", "ko", "zh")
    }
    left = sorted(
        p.relative_to(project / "editions").as_posix() for p in project.glob("editions/**/*.*")
    )
    assert left == [f"content/{lang}/{SAMPLE}.md" for lang in ("en", "ko", "zh")]


def test_jekyll_layout_front_matter(tmp_path: Path) -> None:
    project = layout_project(tmp_path, "jekyll")
    publish(load_project(project), draft=True)
    out = project / "editions"
    assert not list(out.rglob("*.html"))
    ko = meta(out / "ko" / f"{SAMPLE}.md")
    assert (ko["lang"], ko["permalink"], ko["draft"]) == ("ko", f"/ko/{SAMPLE}/", False)
    assert "published" not in ko  # Jekyll's default: published
    draft = meta(out / "zh" / f"{DRAFTED}.md")
    assert (draft["published"], draft["draft"], draft["permalink"]) == (
        False,
        True,
        f"/zh/{DRAFTED}/",
    )
    assert meta(out / "en" / f"{SAMPLE}.md")["permalink"] == f"/en/{SAMPLE}/"


@pytest.fixture(scope="module")
def hugo() -> str:
    binary = shutil.which("hugo")
    if binary is None:
        pytest.skip("hugo is not installed (`make setup` installs Debian's hugo)")
    return binary


def test_hugo_builds_the_multilingual_site(hugo: str, tmp_path: Path) -> None:
    project = layout_project(tmp_path, "hugo")
    site = project / "editions"
    (site / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    publish(load_project(project), draft=True)
    run = subprocess.run(
        [hugo, "--source", str(site), "--destination", str(tmp_path / "public"), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    public = tmp_path / "public"
    for lang in ("en", "ko", "zh"):
        page = public / lang / SAMPLE / "index.html"
        assert page.is_file(), sorted(p.relative_to(public) for p in public.rglob("*.html"))
        parsed = read_page(page)
        assert parsed.lang == lang
        others = {"en", "ko", "zh"} - {lang}
        assert parsed.hreflang() == {other: f"/{other}/{SAMPLE}/" for other in others}
        # a draft (draft: true) is not built; the original always is
        assert (public / lang / DRAFTED).exists() is (lang == "en")
    ko = (public / "ko" / SAMPLE / "index.html").read_text(encoding="utf-8")
    assert "<h2" in ko and "서울" in ko
