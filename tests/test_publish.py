"""`transflow publish`: the gate, Markdown and HTML editions, indexes, re-runs, safety."""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import polib
import pytest
import yaml
from markdown_it import MarkdownIt

from transflow.checks import Finding
from transflow.extract.sources import parse_article
from transflow.po.catalog import load_catalog, save_catalog
from transflow.project.config import load_project
from transflow.project.errors import TemplateError
from transflow.publish.corrections import source_sentences
from transflow.publish.frontmatter import glossary_hash
from transflow.publish.gate import evaluate_gate
from transflow.publish.html import Templates, format_date, markdown_renderer
from transflow.publish.publish import publish
from transflow.publish.sanitize import safe_link

from .conftest import run_cli, snapshot, write

SLUG = "talks-resume"
ARTICLE = """\
---
title: "Talks Resume in Geneva"
slug: talks-resume
date: 2026-11-27
author: "Park Do-hyun"
---

The talks resumed on Monday. Both sides sent [envoys](https://example.com/envoys).

## Who attended

- The U.N. envoy.
- Two observers.
"""

KO = {
    "Talks Resume in Geneva": "제네바에서 회담 재개",
    "The talks resumed on Monday.": "회담은 월요일 재개됐다.",
    "Both sides sent [envoys](https://example.com/envoys).": (
        "양측은 [특사](https://example.com/envoys)를 보냈다."
    ),
    "Who attended": "참석자",
    "The U.N. envoy.": "유엔 특사.",
    "Two observers.": "참관인 두 명.",
}
ZH = {
    "Talks Resume in Geneva": "日内瓦会谈恢复",
    "The talks resumed on Monday.": "会谈于周一恢复。",
    "Both sides sent [envoys](https://example.com/envoys).": "双方都派出了[特使](https://example.com/envoys)。",
    "Who attended": "出席者",
    "The U.N. envoy.": "联合国特使。",
    "Two observers.": "两名观察员。",
}


def fill(project: Path, lang: str, table: dict[str, str], *, fuzzy=(), reviewer=None) -> Path:
    """Write translations into the catalog as a translator's PO editor would."""
    path = project / "translations" / lang / f"{SLUG}.po"
    po = load_catalog(path)
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            entry.flags = ["fuzzy"] if entry.msgid in fuzzy else []
            if reviewer:
                entry.comment += f"\ntransflow: reviewed-by={reviewer}"
    po.metadata["Last-Translator"] = f"{lang.upper()} Desk <desk@example.org>"
    save_catalog(po, path)
    return path


@pytest.fixture
def news(project: Path) -> Path:
    """The conftest project plus a Markdown article translated into ko (reviewed) and zh."""
    write(project / "sources" / f"{SLUG}.md", ARTICLE)
    assert run_cli("extract", cwd=project).code == 0
    fill(project, "ko", KO, reviewer="Kim Ji-woo")
    fill(project, "zh", ZH)
    return project


def run(project: Path, *args, **kwargs):
    return publish(load_project(project), *args, **kwargs)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


class Page(HTMLParser):
    """What a browser would build from a page: tags, attributes, text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


# --- the gate --------------------------------------------------------------------------------


def test_gate_holds_back_unfinished_editions_with_reasons_and_exit_code(news: Path) -> None:
    res = run_cli("publish", cwd=news)
    assert res.code == 1, res.stderr  # not every requested edition was published
    lines = res.stdout.splitlines()
    assert any(
        line.startswith("held back ko") and "rights-groups-urge-china: 5 untranslated" in line
        for line in lines
    )
    assert any(f"editions/ko/{SLUG}.md" in line and "published" in line for line in lines)
    assert any(f"editions/zh/{SLUG}.md" in line for line in lines)
    assert "Traceback" not in res.stderr

    res = run_cli("publish", SLUG, cwd=news)  # only what is ready: all published
    assert res.code == 0, res.stdout + res.stderr
    assert "2 of 2 editions published" in res.stdout


def test_fuzzy_and_missing_translations_block_publication(news: Path) -> None:
    fill(news, "zh", ZH, fuzzy={"Two observers."})
    report = run(news, [SLUG])
    status = {r.lang: (r.status, r.gate.reasons()) for r in report.results}
    assert status["ko"] == ("published", [])
    assert status["zh"] == ("held", ["1 unreviewed (fuzzy)"])
    assert not report.ok
    assert not (news / "editions" / "zh" / f"{SLUG}.md").exists()

    # a new source sentence the catalog does not have yet: stale catalog, held back
    source = news / "sources" / f"{SLUG}.md"
    source.write_text(ARTICLE + "- A third observer.\n", encoding="utf-8")
    report = run(news, [SLUG], ["ko"])
    assert report.results[0].gate.reasons() == [
        f"1 source sentence(s) not in translations/ko/{SLUG}.po: run `transflow extract`",
        "1 untranslated",
    ]


def test_a_plural_entry_passes_the_gate_only_with_every_form(news: Path) -> None:
    """A sentence's entry may be a plural entry (made elsewhere): reviewed only when every
    form is translated; it publishes as msgstr[0]. Other plural entries are no sentence."""
    path = news / "translations" / "ko" / f"{SLUG}.po"
    po = load_catalog(path)
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    entry = po.find("Two observers.")
    entry.msgid_plural, entry.msgstr_plural = "%d observers.", {0: "참관인 두 명.", 1: ""}
    po.append(polib.POEntry(msgid="%d day", msgid_plural="%d days", msgstr_plural={0: "", 1: ""}))
    save_catalog(po, path)
    report = run(news, [SLUG], ["ko"])
    assert (report.results[0].status, report.results[0].gate.reasons()) == (
        "held",
        ["1 untranslated"],
    )
    entry.msgstr_plural = {0: "참관인 두 명.", 1: "참관인 %d명."}
    save_catalog(po, path)
    report = run(news, [SLUG], ["ko"])
    assert report.results[0].status == "published", report.results[0].gate.reasons()
    edition = (news / "editions" / "ko" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert "- 참관인 두 명." in edition


def test_glossary_error_from_transflow_check_holds_an_edition_back(news: Path) -> None:
    write(news / "glossary" / "terms.csv", "en,ko,zh,ko.forbidden\nenvoy,특사,特使,사절\n")
    fill(news, "ko", {**KO, "The U.N. envoy.": "유엔 사절."})
    res = run_cli("publish", SLUG, cwd=news)
    assert res.code == 1
    held = [line for line in res.stdout.splitlines() if line.startswith("held back")]
    assert held == [
        f"held back ko     {SLUG}: 1 error finding(s) from `transflow check` (glossary-forbidden 1)"
    ]
    assert f"translations/ko/{SLUG}.po:" in res.stdout and "glossary-forbidden" in res.stdout
    assert "published zh" in res.stdout


def test_held_back_summary_shows_counts_and_the_first_finding_verbose_all(news: Path) -> None:
    write(news / "glossary" / "terms.csv", "en,ko,zh,ko.forbidden\nenvoy,특사,特使,사절\n")
    envoys = "Both sides sent [envoys](https://example.com/envoys)."
    ko = {
        **KO,
        "The U.N. envoy.": "유엔 사절.",
        envoys: "양측은 [사절](https://example.com/envoys)을 보냈다.",
    }
    fill(news, "ko", ko, fuzzy={"Two observers."})
    res = run_cli("publish", SLUG, "--lang", "ko", cwd=news)
    lines = res.stdout.splitlines()
    assert lines[0] == (
        f"held back ko     {SLUG}: 1 unreviewed (fuzzy); 2 error finding(s) from "
        "`transflow check` (glossary-forbidden 2)"
    )
    assert lines[1].startswith(f"          translations/ko/{SLUG}.po:")
    assert lines[2] == "          (1 more finding(s): `transflow publish --verbose` lists them)"
    res = run_cli("publish", SLUG, "--lang", "ko", "--verbose", cwd=news)
    assert sum(1 for line in res.stdout.splitlines() if "glossary-forbidden:" in line) == 2
    assert "more finding(s)" not in res.stdout


def test_error_findings_block_publication_warnings_do_not(news: Path) -> None:
    """The gate takes the findings of transflow.checks; only severity "error" blocks."""
    config = load_project(news)
    article = parse_article(news / "sources" / f"{SLUG}.md")
    ref = next(r for r in config.catalogs([SLUG], ["ko"]).catalogs)
    error = Finding("glossary-forbidden", "error", "translations/ko/x.po", 9, "ko", "a", "b", "m")
    warning = Finding("length-ratio", "warning", "translations/ko/x.po", 9, "ko", "a", "b", "m")
    gate = evaluate_gate(config, ref, article, [warning])[0]
    assert gate.passed
    gate = evaluate_gate(config, ref, article, [error, warning])[0]
    assert not gate.passed and gate.reasons() == ["1 error finding(s) from `transflow check`"]


# --- the Markdown edition --------------------------------------------------------------------


def test_markdown_edition_has_front_matter_for_static_site_generators(news: Path) -> None:
    write(news / "glossary" / "terms.csv", "en,ko,zh\nenvoy,특사,特使\n")
    run(news, [SLUG])
    path = news / "editions" / "ko" / f"{SLUG}.md"
    meta = front_matter(path)
    source = news / "sources" / f"{SLUG}.md"
    assert meta == {
        "title": "제네바에서 회담 재개",
        "lang": "ko",
        "date": __import__("datetime").date(2026, 11, 27),
        "slug": SLUG,
        "translationKey": SLUG,
        "translated_from": "en",
        "source": f"sources/{SLUG}.md",
        "author": "Park Do-hyun",
        "reviewers": ["KO Desk", "Kim Ji-woo"],
        "draft": False,
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "glossary_sha256": glossary_hash(news / "glossary"),
        "source_sentences": source_sentences(parse_article(source)),  # for corrections
    }
    assert meta["glossary_sha256"] and len(meta["glossary_sha256"]) == 64
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body == (
        "\n회담은 월요일 재개됐다. 양측은 [특사](https://example.com/envoys)를 보냈다.\n\n"
        "## 참석자\n\n- 유엔 특사.\n- 참관인 두 명.\n"
    )
    zh_body = (news / "editions" / "zh" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert "会谈于周一恢复。双方都派出了[特使](https://example.com/envoys)。" in zh_body


# --- the HTML edition ------------------------------------------------------------------------


def test_html_edition_lang_dates_names_alternates_and_fonts(news: Path) -> None:
    run(news, [SLUG])
    ko = (news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8")
    zh = (news / "editions" / "zh" / f"{SLUG}.html").read_text(encoding="utf-8")
    page = Page(ko)
    assert page.all("html") == [{"lang": "ko", "dir": "ltr"}]
    assert "<title>제네바에서 회담 재개</title>" in ko
    alternates = {a["hreflang"]: a["href"] for a in page.all("link") if a.get("rel") == "alternate"}
    assert alternates == {
        "ko": f"{SLUG}.html",
        "zh": f"../zh/{SLUG}.html",
        "en": f"../en/{SLUG}.html",  # the original, published as the en edition
        "x-default": f"../en/{SLUG}.html",
    }
    assert '<time datetime="2026-11-27">2026년 11월 27일</time>' in ko
    assert '<time datetime="2026-11-27">2026年11月27日</time>' in zh
    assert ">한국어</a>" in ko and ">中文</a>" in ko and ">English</a>" in ko
    assert '"Noto Sans CJK KR"' in ko and '"Noto Sans CJK SC"' in ko
    assert '<a href="https://example.com/envoys">특사</a>' in ko
    assert "<h2>참석자</h2>" in ko and "<li>유엔 특사.</li>" in ko
    assert Page(zh).all("html") == [{"lang": "zh", "dir": "ltr"}]

    site = (news / "editions" / "index.html").read_text(encoding="utf-8")
    assert 'href="ko/index.html"' in site and 'href="zh/index.html"' in site
    assert f'href="zh/{SLUG}.html"' in site and "日内瓦会谈恢复" in site
    ko_index = (news / "editions" / "ko" / "index.html").read_text(encoding="utf-8")
    assert Page(ko_index).all("html") == [{"lang": "ko", "dir": "ltr"}]
    assert f'<a href="{SLUG}.html">제네바에서 회담 재개</a>' in ko_index
    assert 'href="../zh/index.html"' in ko_index and 'href="../index.html"' in ko_index


def test_source_url_setting_and_out_folder(news: Path, tmp_path: Path) -> None:
    config = news / "transflow.toml"
    config.write_text(
        config.read_text() + '\n[publish]\nsource_url = "https://news.example/en/{slug}/"\n'
    )
    out = tmp_path / "site"
    res = run_cli("publish", SLUG, "--out", str(out), cwd=news)
    assert res.code == 0, res.stderr
    html = (out / "zh" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert f'hreflang="en" href="https://news.example/en/{SLUG}/"' in html
    assert not (news / "editions").exists()


def test_a_script_source_url_is_never_an_href(news: Path) -> None:
    """transflow.toml refuses it (tests/test_config.py); a Project made in code gets no link."""
    config = load_project(news)
    config.settings["publish"]["source_url"] = "javascript:alert(1)//{slug}"
    publish(config, [SLUG], ["ko"])
    html = (news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "javascript" not in html.lower()
    assert not [a for a in Page(html).all("a") if a.get("hreflang") == "en"]


def test_project_templates_override_the_packaged_ones(news: Path) -> None:
    write(
        news / "templates" / "edition.html",
        '<!doctype html><html lang="{{ lang }}"><title>{{ title }}</title>'
        '<meta name="generator" content="transflow">{{ body }}<p>{{ title }}</p></html>\n',
    )
    run(news, [SLUG])
    html = (news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert html.startswith('<!doctype html><html lang="ko"><title>제네바에서 회담 재개</title>')
    index = (news / "editions" / "ko" / "index.html").read_text(encoding="utf-8")
    assert '<nav class="languages"' in index  # not overridden: the packaged template


BROKEN_TEMPLATES = [
    pytest.param(
        "edition.html",
        "<html>\n<title>{{ title }</title>\n",
        "templates/edition.html:2: template syntax error: unexpected '}'. Fix the template, "
        "or remove templates/edition.html to use the packaged one.",
        id="syntax",
    ),
    pytest.param(
        "edition.html",
        "<html>\n\n<h1>{{ headline }}</h1>\n",
        "templates/edition.html:3: 'headline' is undefined. A page gets the variables the "
        "packaged templates use. Fix the template, or remove templates/edition.html to use the "
        "packaged one.",
        id="undefined",
    ),
    pytest.param(
        "language_index.html",
        '<nav>\n{% include "partials/nav.html" %}\n',
        "templates/language_index.html:2: template 'partials/nav.html' not found. Templates are "
        "looked up in templates/, then among base.html, correction.html, drafts.html, "
        "edition.html, index.html, language_index.html. Fix the template, or remove "
        "templates/language_index.html to use the packaged one.",
        id="missing-include",
    ),
    pytest.param(
        "index.html",
        '{% extends "layout.html" %}\n',
        "templates/index.html:1: template 'layout.html' not found.",
        id="missing-extends",
    ),
    pytest.param(
        "edition.html",
        "<p>\n<p>Caf\xe9</p>\n".encode("latin-1"),
        "templates/edition.html:2: is not UTF-8: byte 0xe9 at offset 10. Save it as UTF-8.",
        id="not-utf8",
    ),
]


@pytest.mark.parametrize(("name", "template", "message"), BROKEN_TEMPLATES)
def test_a_broken_project_template_is_a_user_error_and_changes_nothing(
    news: Path, name: str, template: str | bytes, message: str
) -> None:
    run(news, [SLUG])
    fill(news, "ko", {**KO, "Who attended": "참석한 사람"})  # the ko edition would change
    fill(news, "zh", ZH, fuzzy={"Two observers."})  # the zh edition would be pruned
    path = news / "templates" / name
    path.parent.mkdir()
    if isinstance(template, bytes):
        path.write_bytes(template)
    else:
        path.write_text(template, encoding="utf-8")
    before = snapshot(news)
    res = run_cli("publish", SLUG, "--prune", cwd=news)
    assert res.code == 2, res.stdout + res.stderr
    assert res.stderr.startswith(f"error: {message}"), res.stderr
    assert "Traceback" not in res.stderr
    assert snapshot(news) == before  # no edition written, none removed


def test_template_errors_name_the_project_template_that_led_there(tmp_path: Path) -> None:
    def shown_as(path: Path) -> str:
        return path.relative_to(tmp_path).as_posix()

    page = write(tmp_path / "templates" / "edition.html", '<p>\n{% include "index.html" %}\n')
    context = {"lang": "ko", "dir": "ltr", "title": "t", "t": {}}
    with pytest.raises(TemplateError) as caught:
        Templates(page.parent, shown_as).render("edition.html", context)
    assert re.fullmatch(
        r"transflow/publish/templates/index\.html:\d+: .+ is undefined "
        r"\(reached from templates/edition\.html:2\)\. .+",
        str(caught.value),
    ), caught.value

    write(page, "<p>\n{{ 1 / 0 }}\n")  # any error a project template raises is the user's
    with pytest.raises(TemplateError, match=r"^templates/edition\.html:2: ZeroDivisionError"):
        Templates(page.parent, shown_as).render("edition.html", context)

    # Where no project template is involved, a failure is transflow's bug, not the user's.
    with pytest.raises(jinja2.UndefinedError):
        Templates(None).render("edition.html", context)


# --- drafts ----------------------------------------------------------------------------------


def test_draft_says_what_is_machine_translated_and_what_is_not_translated(news: Path) -> None:
    fill(news, "zh", {**ZH, "Two observers.": ""}, fuzzy={"Who attended"})
    res = run_cli("publish", SLUG, "--lang", "zh", "--draft", cwd=news)
    assert res.code == 0, res.stderr
    assert "draft: 1 untranslated; 1 unreviewed (fuzzy)" in res.stdout
    path = news / "editions" / "zh" / f"{SLUG}.md"
    meta = front_matter(path)
    assert meta["draft"] is True
    assert meta["notice"] == (
        "草稿：全文6句中有1句为机器翻译，尚未经过审校。全文6句中有1句尚未翻译，以英语原文显示。 "
        "(Draft: 1 of 6 sentences are machine translations, not yet reviewed. "
        "1 of 6 sentences are not translated yet and appear in English.)"
    )
    assert [meta[k] for k in ("sentences", "machine_translated", "untranslated")] == [6, 1, 1]
    text = path.read_text(encoding="utf-8")
    assert "## 出席者" in text  # fuzzy text used in a draft
    assert '- <span lang="en">Two observers.</span>' in text  # untranslated: source, marked
    html = path.with_suffix(".html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.all("html") == [{"lang": "zh", "dir": "ltr"}]
    assert '<li><span lang="en">Two observers.</span></li>' in html
    assert "<p>草稿：全文6句中有1句为机器翻译，尚未经过审校。</p>" in html
    assert "<p>全文6句中有1句尚未翻译，以英语原文显示。</p>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert not [a for a in page.all("link") if a.get("rel") == "alternate"]  # no hreflang
    index = (news / "editions" / "zh" / "index.html").read_text(encoding="utf-8")
    assert f"{SLUG}.html" not in index  # indexes list reviewed editions only
    drafts = (news / "editions" / "drafts.html").read_text(encoding="utf-8")
    assert f'href="zh/{SLUG}.html"' in drafts and 'content="noindex"' in drafts


def test_an_untranslated_title_and_wire_sentences_keep_their_language(news: Path) -> None:
    fill(news, "ko", {**KO, "Talks Resume in Geneva": "", "Two observers.": "<b>x</b>"})
    run(news, [SLUG], ["ko"], draft=True)
    md = news / "editions" / "ko" / f"{SLUG}.md"
    assert front_matter(md)["title"] == "Talks Resume in Geneva"
    assert front_matter(md)["title_lang"] == "en"
    html = md.with_suffix(".html").read_text(encoding="utf-8")
    assert '<h1 lang="en">Talks Resume in Geneva</h1>' in html

    wire = "un-panel-urges-china-to-halt-repatriations"
    write(
        news / "sources" / f"{wire}.txt", f"{wire}\n\nPanel <Acts>\n\nIt *acted*. Then <it> left.\n"
    )
    assert run_cli("extract", cwd=news).code == 0
    run(news, [wire], ["ko"], draft=True)
    body = (news / "editions" / "ko" / f"{wire}.md").read_text(encoding="utf-8")
    assert (
        '<span lang="en">It \\*acted\\*.</span> <span lang="en">Then \\<it\\> left.</span>' in body
    )
    html = (news / "editions" / "ko" / f"{wire}.html").read_text(encoding="utf-8")
    assert (
        '<p><span lang="en">It *acted*.</span> <span lang="en">Then &lt;it&gt; left.</span></p>'
        in html
    )


def test_no_draft_without_a_catalog(news: Path) -> None:
    (news / "translations" / "zh" / f"{SLUG}.po").unlink()
    res = run_cli("publish", SLUG, "--draft", cwd=news)
    assert res.code == 1
    assert f"held back zh     {SLUG}: no catalog translations/zh/{SLUG}.po" in res.stdout
    assert not (news / "editions" / "zh").exists()


def test_reviewed_editions_link_only_to_reviewed_editions(news: Path) -> None:
    fill(news, "zh", ZH, fuzzy={"Two observers."})
    run(news, [SLUG], draft=True)  # ko reviewed, zh a draft
    ko = Page((news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8"))
    hreflang = {a["hreflang"] for a in ko.all("link") if a.get("rel") == "alternate"}
    assert hreflang == {"ko", "en", "x-default"}
    assert not [a for a in ko.all("a") if "zh/" in (a.get("href") or "")]
    zh = Page((news / "editions" / "zh" / f"{SLUG}.html").read_text(encoding="utf-8"))
    assert f"../ko/{SLUG}.html" in [a.get("href") for a in zh.all("a")]  # a draft may
    site = (news / "editions" / "index.html").read_text(encoding="utf-8")
    assert f"zh/{SLUG}.html" not in site and "zh/index.html" not in site

    res = run_cli("publish", SLUG, cwd=news)  # without --draft: the draft is reported
    assert (
        f"stale     zh     editions/zh/{SLUG}.md: a draft, not updated (1 unreviewed (fuzzy)): "
        "`transflow publish --draft` updates it; no reviewed page links to it"
    ) in res.stdout
    fill(news, "zh", ZH)  # reviewed: published, drafts.html goes
    run(news, [SLUG])
    assert not (news / "editions" / "drafts.html").exists()
    ko = Page((news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8"))
    hreflang = {a["hreflang"] for a in ko.all("link") if a.get("rel") == "alternate"}
    assert hreflang == {"ko", "zh", "en", "x-default"}


# --- re-runs, stale editions ------------------------------------------------------------------


def test_rerun_changes_no_byte_and_no_mtime(news: Path) -> None:
    first = run(news, [SLUG])
    assert len(first.written) == 10  # 3 x (md + html) with the original, 3 language indexes, site
    before = snapshot(news / "editions")
    mtimes = {p: p.stat().st_mtime_ns for p in (news / "editions").rglob("*")}
    again = run(news, [SLUG])
    assert again.written == []
    assert snapshot(news / "editions") == before
    assert {p: p.stat().st_mtime_ns for p in (news / "editions").rglob("*")} == mtimes
    assert not [p for p in (news / "editions").rglob(".*")]  # no temp files left


def test_edition_that_no_longer_passes_the_gate_is_reported_then_pruned(news: Path) -> None:
    run(news, [SLUG])
    zh_md = news / "editions" / "zh" / f"{SLUG}.md"
    kept = zh_md.read_bytes()
    fill(news, "zh", ZH, fuzzy={"The U.N. envoy."})  # a reviewer reopened a segment
    res = run_cli("publish", SLUG, cwd=news)
    assert res.code == 1
    assert (
        f"stale     zh     editions/zh/{SLUG}.md: no longer passes the gate "
        "(1 unreviewed (fuzzy)); the published file is older"
    ) in res.stdout
    assert "transflow publish --prune" in res.stdout
    assert zh_md.read_bytes() == kept  # reported, not silently changed or deleted

    res = run_cli("publish", SLUG, "--prune", cwd=news)
    assert res.code == 1
    assert f"removed   zh     editions/zh/{SLUG}.md" in res.stdout
    assert not zh_md.exists() and not zh_md.with_suffix(".html").exists()
    assert not (news / "editions" / "zh" / "index.html").exists()  # language left empty
    ko = (news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert 'hreflang="zh"' not in ko  # alternates follow what is published
    assert "zh/index.html" not in (news / "editions" / "index.html").read_text(encoding="utf-8")


def test_editions_of_a_deleted_or_changed_article_are_reported(news: Path) -> None:
    run(news, [SLUG])
    source = news / "sources" / f"{SLUG}.md"
    source.write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    report = run(news, ["rights-groups-urge-china"])
    reasons = {(s.lang, s.reason) for s in report.stale}
    changed = "the source changed since it was published: run `transflow publish`"
    assert reasons == {("en", changed), ("ko", changed), ("zh", changed)}

    source.unlink()
    report = run(news, prune=True)
    assert {(s.lang, s.reason, s.removed) for s in report.stale} == {
        ("en", "its source article is gone", True),
        ("ko", "its source article is gone", True),
        ("zh", "its source article is gone", True),
    }
    assert not list((news / "editions").rglob("*.md"))


def test_html_pages_left_without_their_markdown_edition_are_removed(news: Path) -> None:
    run(news, [SLUG])
    zh = news / "editions" / "zh"
    (zh / f"{SLUG}.md").unlink()  # an editor takes the Chinese edition down by hand
    own_page = write(zh / "about.html", "<p>not made by transflow</p>\n")
    report = run(news, [SLUG], ["ko"])
    assert report.removed_pages == ["editions/zh/index.html", f"editions/zh/{SLUG}.html"]
    assert [(s.lang, s.path, s.reason, s.removed) for s in report.stale] == [
        ("zh", f"editions/zh/{SLUG}.html", "its Markdown edition is gone", True)
    ]
    assert sorted(p.name for p in zh.iterdir()) == ["about.html"]  # only what is not ours
    assert own_page.read_text(encoding="utf-8") == "<p>not made by transflow</p>\n"
    ko = (news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert 'hreflang="zh"' not in ko


# --- safety ----------------------------------------------------------------------------------

HOSTILE = {
    "Talks Resume in Geneva": "<script>alert('title')</script>회담",
    "The talks resumed on Monday.": "<script>alert(1)</script> <img src=x onerror=alert(2)>",
    "Both sides sent [envoys](https://example.com/envoys).": (
        "[a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) [c](java&#115;cript:alert(5)) "
        "<javascript:alert(6)> ![d](javascript:alert(7)) [e](data:text/html;base64,PHNjcmlwdD4=) "
        "[f](vbscript:msgbox) [g]( javascript:alert(8)) [h](<javascript:alert(9)>)"
    ),
    "Who attended": '<a href="javascript:alert(10)">x</a>',
    "The U.N. envoy.": "<iframe src=https://evil.example></iframe>",
    "Two observers.": "[ok](https://example.com/ok) [rel](../ko/x.html) [m](mailto:a@b.example)",
}


def test_hostile_translations_come_out_inert(news: Path) -> None:
    fill(news, "ko", HOSTILE)
    run(news, [SLUG], ["ko"], draft=True)  # published even if `transflow check` objects
    html = (news / "editions" / "ko" / f"{SLUG}.html").read_text(encoding="utf-8")
    page = Page(html)
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "img", "iframe", "object", "embed"}
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:")), (tag, attrs)
    hrefs = [a["href"] for a in page.all("a")]
    assert "https://example.com/ok" in hrefs and "../ko/x.html" in hrefs
    assert "mailto:a@b.example" in hrefs
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown as text, not run

    # The .md edition, rendered as a lenient site generator would (raw HTML on, any link):
    # the same inert text.
    md = (news / "editions" / "ko" / f"{SLUG}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    lenient = MarkdownIt("commonmark", {"html": True})
    lenient.validateLink = lambda url: True
    rendered = Page(lenient.render(md))
    assert not {tag for tag, _ in rendered.tags} & {"script", "img", "iframe", "a"} - {"a"}
    for tag, attrs in rendered.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        value = (attrs.get("href") or attrs.get("src") or "").strip().lower()
        assert not value.startswith(("javascript:", "vbscript:", "data:")), (tag, attrs)
    assert "<script>alert(1)</script>" in "".join(rendered.text)
    assert "<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;회담</title>" in html


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com", True),
        ("HTTP://example.com", True),
        ("mailto:desk@example.org", True),
        ("../zh/a.html", True),
        ("#section", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("vbscript:x", False),
        ("data:image/png;base64,AAAA", False),
        ("file:///etc/passwd", False),
    ],
)
def test_link_validator(url: str, ok: bool) -> None:
    assert safe_link(url) is ok


# --- locales -----------------------------------------------------------------------------------


def test_unknown_locale_falls_back_to_the_base_language_with_a_warning() -> None:
    with pytest.warns(UserWarning, match="no locale data for 'ko-XX'"):
        assert format_date("2026-11-27", "ko-XX") == "2026년 11월 27일"
    with pytest.warns(UserWarning, match="dates use ISO 8601"):
        assert format_date("2026-11-27", "tlh") == "2026-11-27"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert format_date("2026-11-27", "zh-Hant") == "2026年11月27日"
        assert format_date("not a date", "ko") == "not a date"


def test_publish_survives_an_edition_in_a_language_babel_does_not_know(news: Path) -> None:
    run(news, [SLUG])
    odd = news / "editions" / "ko-XX" / f"{SLUG}.md"
    odd.parent.mkdir()
    odd.write_bytes((news / "editions" / "ko" / f"{SLUG}.md").read_bytes())
    res = run_cli("publish", SLUG, cwd=news)
    assert res.code == 0, res.stderr
    assert "warning: no locale data for 'ko-XX'" in res.stderr
    assert "stale     ko-XX  editions/ko-XX/" in res.stdout  # not a target language
    assert "2026년 11월 27일" in odd.with_suffix(".html").read_text(encoding="utf-8")


# --- CLI ---------------------------------------------------------------------------------------


def test_json_report_and_bad_input(news: Path) -> None:
    res = run_cli("publish", "--json", cwd=news)
    assert res.code == 1
    data = json.loads(res.stdout)
    held = [e for e in data["editions"] if e["status"] == "held"]
    assert {(e["slug"], e["lang"], e["untranslated"]) for e in held} == {
        ("rights-groups-urge-china", "ko", 5),
        ("rights-groups-urge-china", "zh", 5),
    }
    assert data["ok"] is False and "editions/index.html" in data["pages"]

    before = snapshot(news)
    res = run_cli("publish", "no-such-article", cwd=news)
    assert res.code == 2 and "no article 'no-such-article'" in res.stderr
    res = run_cli("publish", "--lang", "fr", cwd=news)
    assert res.code == 2 and "fr is not a target language" in res.stderr
    assert snapshot(news) == before


def test_sample_project_publishes_the_reviewed_article(tmp_path: Path) -> None:
    """The repository's own sample: the reviewed article is published, the rest held back."""
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "editions"
    report = publish(load_project(root), out_dir=out)
    done = {(r.slug, r.lang) for r in report.results if r.status == "published"}
    assert done == {
        ("seoul-court-rules-on-detention-center-abuses", "ko"),
        ("seoul-court-rules-on-detention-center-abuses", "zh"),
    }
    assert all(r.gate.reasons() for r in report.held)
    for lang in ("ko", "zh"):
        po = polib.pofile(str(root / "translations" / lang / f"{next(iter(done))[0]}.po"))
        assert po.percent_translated() == 100 and not po.fuzzy_entries()


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("그는 **“인용”**은 아니라고 했다.", "그는 <strong>“인용”</strong>은 아니라고 했다."),
        ("정부는*“협상”*을 거부했다.", "정부는<em>“협상”</em>을 거부했다."),
        ("그는 *아니다.*라고 말했다.", "그는 <em>아니다.</em>라고 말했다."),
        ("他说**“引用”**是假的。", "他说<strong>“引用”</strong>是假的。"),
        ("这是**《人民日报》**的报道。", "这是<strong>《人民日报》</strong>的报道。"),
        ('English keeps CommonMark: a**"b"**c', "English keeps CommonMark: a**&quot;b&quot;**c"),
    ],
)
def test_emphasis_next_to_cjk_punctuation_renders(markdown: str, html: str) -> None:
    assert markdown_renderer().renderInline(markdown) == html


WIRE_DATED = "rights-groups-urge-china"


@pytest.mark.parametrize(
    ("first_line", "default", "date"),
    [
        ("SEOUL, Nov. 28 (Yonhap) -- Rights groups urged China.", "2026-01-05", "2026-11-28"),
        ("GENEVA, Sept 3, 2025 (Reuters) - Rights groups urged China.", "", "2025-09-03"),
        (
            "SEOUL, South Korea, Dec. 1 (AP) — Rights groups urged China.",
            "2026-11-02",
            "2026-12-01",
        ),
        ("Rights groups urged China.", "2026-11-02", "2026-11-02"),  # no dateline: the default
        ("SEOUL, Nov. 28 (Yonhap) -- Rights groups urged China.", "", None),  # no year known
    ],
)
def test_wire_articles_take_their_date_from_the_dateline_or_the_default(
    news: Path, first_line: str, default: str, date: str | None
) -> None:
    write(
        news / "sources" / f"{WIRE_DATED}.txt", f"{WIRE_DATED}\n\nRights Groups\n\n{first_line}\n"
    )
    if default:
        config = news / "transflow.toml"
        config.write_text(config.read_text() + f'\n[sources]\ndate = "{default}"\n')
    assert run_cli("extract", cwd=news).code == 0
    run(news, draft=True)
    meta = front_matter(news / "editions" / "ko" / f"{WIRE_DATED}.md")
    assert str(meta.get("date")) == str(date)
    if date and date > "2026-11-27":  # newer than the Markdown article: listed first
        index = (news / "editions" / "en" / "index.html").read_text(encoding="utf-8")
        assert index.index(f"{WIRE_DATED}.html") < index.index(f"{SLUG}.html")
