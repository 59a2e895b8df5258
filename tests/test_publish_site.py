"""The published site as a whole: a crawler over every page of `editions/` (no broken link,
nothing outside the folder, hreflang pairs reciprocal, no reviewed page linking to a draft),
with and without `[publish] base_url`; the sitemap and the Atom feeds read by real parsers
(lxml with an XML schema, feedparser)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree

from transflow.project.config import load_project
from transflow.publish.publish import publish

from .conftest import run_cli, write
from .test_publish import ARTICLE, KO, SLUG, ZH, fill

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://news.example/intl/"
SAMPLE = "seoul-court-rules-on-detention-center-abuses"


@dataclass
class Page:
    """The links of one HTML page, as html.parser reads them."""

    path: Path
    lang: str = ""
    noindex: bool = False
    links: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # a and link tags

    def hreflang(self) -> dict[str, str]:
        return {
            a["hreflang"]: a["href"]
            for tag, a in self.links
            if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a
        }


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = values.get("lang", "")
        elif tag == "meta" and values.get("name") == "robots":
            self.page.noindex = "noindex" in values.get("content", "")
        elif tag in ("a", "link") and "href" in values:
            self.page.links.append((tag, values))


def read_page(path: Path) -> Page:
    page = Page(path)
    _Reader(page).feed(path.read_text(encoding="utf-8"))
    return page


def target(page: Path, href: str, out: Path, base_url: str) -> Path | None:
    """The file a link leads to inside `out`; None for a link out of the site (an article's
    own links to the web, mailto). A relative link that leaves `out` fails the test."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        if not base_url or not href.startswith(base_url):
            return None
        return (out / href[len(base_url) :].split("#")[0]).resolve()
    if parts.scheme:
        return None
    resolved = (page.parent / parts.path).resolve() if parts.path else page.resolve()
    assert resolved.is_relative_to(out.resolve()), f"{page}: {href} leaves the site"
    return resolved


def crawl(out: Path, base_url: str = "") -> dict[Path, Page]:
    """Every page of the site, after asserting what the crawl checks."""
    pages = {p.resolve(): read_page(p) for p in sorted(out.rglob("*.html"))}
    broken, to_drafts, one_way = [], [], []
    for path, page in pages.items():
        for _tag, attrs in page.links:
            dest = target(path, attrs["href"], out, base_url)
            if dest is None:
                continue
            if not dest.is_file():
                broken.append((path.relative_to(out), attrs["href"]))
            elif not page.noindex and dest in pages and pages[dest].noindex:
                to_drafts.append((path.relative_to(out), attrs["href"]))
        for lang, href in page.hreflang().items():
            dest = target(path, href, out, base_url)
            if dest is None or dest == path or lang == "x-default":
                continue
            back = [target(dest, h, out, base_url) for h in pages[dest].hreflang().values()]
            if path not in back:
                one_way.append((path.relative_to(out), lang))
    assert broken == [], broken
    assert to_drafts == [], to_drafts
    assert one_way == [], one_way
    return pages


def sample(tmp_path: Path, config: str = "") -> Path:
    """A copy of the repository's sample project, with `config` added to transflow.toml."""
    project = tmp_path / "sample"
    for folder in ("sources", "translations", "glossary"):
        shutil.copytree(ROOT / folder, project / folder)
    text = (ROOT / "transflow.toml").read_text(encoding="utf-8")
    (project / "transflow.toml").write_text(text + config, encoding="utf-8")
    return project


@pytest.mark.parametrize("base_url", ["", BASE])
def test_crawl_the_whole_site_with_drafts(tmp_path: Path, base_url: str) -> None:
    config = f'\n[publish]\nbase_url = "{base_url}"\n' if base_url else ""
    project = sample(tmp_path, config)
    report = publish(load_project(project), draft=True)
    assert {r.status for r in report.results} == {"published", "draft"}
    out = project / "editions"
    pages = crawl(out, base_url)
    drafts = {p.relative_to(out.resolve()).as_posix() for p, page in pages.items() if page.noindex}
    assert "drafts.html" in drafts and "ko/defector-families-seek-answers.html" in drafts
    ko = pages[(out / "ko" / f"{SAMPLE}.html").resolve()]
    assert set(ko.hreflang()) == {"en", "ko", "zh", "x-default"}
    assert ko.hreflang()["x-default"] == ko.hreflang()["en"]
    if base_url:
        assert ko.hreflang()["en"] == f"{BASE}en/{SAMPLE}.html"
        canonical = [a["href"] for tag, a in ko.links if a.get("rel") == "canonical"]
        assert canonical == [f"{BASE}ko/{SAMPLE}.html"]
    else:
        assert ko.hreflang()["en"] == f"../en/{SAMPLE}.html"  # the original, inside the site
        assert not (out / "sitemap.xml").exists() and not (out / "ko" / "feed.xml").exists()
    original = pages[(out / "en" / f"{SAMPLE}.html").resolve()]
    assert original.lang == "en" and not original.noindex


def test_the_crawler_finds_what_it_looks_for(tmp_path: Path) -> None:
    """A broken link, a reviewed page linking to a draft, a one-way hreflang: each fails."""
    out = tmp_path / "site"
    write(out / "a.html", '<link rel="alternate" hreflang="ko" href="b.html"><a href="c.html">')
    write(out / "b.html", '<meta name="robots" content="noindex">')
    with pytest.raises(AssertionError, match="c.html"):
        crawl(out)
    write(out / "c.html", "")
    with pytest.raises(AssertionError, match="b.html"):  # a reviewed page links to a draft
        crawl(out)
    write(out / "b.html", "")
    with pytest.raises(AssertionError, match="'ko'"):  # b does not link back
        crawl(out)
    write(out / "b.html", '<link rel="alternate" hreflang="en" href="a.html">')
    crawl(out)
    write(out / "d.html", '<a href="../elsewhere.html">')
    with pytest.raises(AssertionError, match="leaves the site"):
        crawl(out)


def test_source_url_links_the_original_and_an_old_original_edition_is_stale(
    tmp_path: Path,
) -> None:
    project = sample(tmp_path)
    publish(load_project(project), [SAMPLE])
    assert (project / "editions" / "en" / f"{SAMPLE}.md").exists()
    config = project / "transflow.toml"
    config.write_text(
        config.read_text() + '\n[publish]\nsource_url = "https://news.example/en/{slug}"\n'
    )
    report = publish(load_project(project), [SAMPLE], prune=True)
    assert [(s.lang, s.reason) for s in report.stale] == [
        ("en", "[publish] source_url links the original elsewhere")
    ]
    ko = read_page(project / "editions" / "ko" / f"{SAMPLE}.html")
    assert ko.hreflang()["en"] == ko.hreflang()["x-default"] == f"https://news.example/en/{SAMPLE}"


# --- sitemap and feeds -----------------------------------------------------------------------

# The parts of the sitemaps.org 0.9 protocol and of Google's hreflang extension this sitemap
# uses, as an XML schema written from the protocol's documentation: urlset, url, loc (an
# absolute URI of 12 to 2048 characters), and xhtml:link with rel, hreflang and href.
SITEMAP_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:xhtml="http://www.w3.org/1999/xhtml" elementFormDefault="qualified">
  <xs:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="xhtml-link.xsd"/>
  <xs:element name="urlset">
    <xs:complexType><xs:sequence>
      <xs:element name="url" maxOccurs="50000"><xs:complexType><xs:sequence>
        <xs:element name="loc"><xs:simpleType><xs:restriction base="xs:anyURI">
          <xs:minLength value="12"/><xs:maxLength value="2048"/>
        </xs:restriction></xs:simpleType></xs:element>
        <xs:element ref="xhtml:link" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
"""
XHTML_LINK_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.w3.org/1999/xhtml" elementFormDefault="qualified">
  <xs:element name="link"><xs:complexType>
    <xs:attribute name="rel" use="required" fixed="alternate"/>
    <xs:attribute name="hreflang" use="required">
      <xs:simpleType><xs:restriction base="xs:string">
        <xs:pattern value="x-default|[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*"/>
      </xs:restriction></xs:simpleType>
    </xs:attribute>
    <xs:attribute name="href" type="xs:anyURI" use="required"/>
  </xs:complexType></xs:element>
</xs:schema>
"""


@pytest.fixture
def deployed(tmp_path: Path) -> Path:
    """The sample with base_url and a second reviewed article, newer than the sample's."""
    project = sample(tmp_path, f'\n[publish]\nbase_url = "{BASE}"\n')
    write(project / "sources" / f"{SLUG}.md", ARTICLE)
    assert run_cli("extract", cwd=project).code == 0
    fill(project, "ko", KO, reviewer="Kim Ji-woo")
    fill(project, "zh", ZH)
    report = publish(load_project(project), draft=True)
    assert {(r.slug, r.status) for r in report.results if r.lang == "ko"} >= {
        (SLUG, "published"),
        (SAMPLE, "published"),
    }
    return project


def test_sitemap_is_valid_and_lists_reviewed_pages_with_alternates(
    deployed: Path, tmp_path: Path
) -> None:
    (tmp_path / "xhtml-link.xsd").write_text(XHTML_LINK_XSD, encoding="utf-8")
    (tmp_path / "sitemap.xsd").write_text(SITEMAP_XSD, encoding="utf-8")
    schema = etree.XMLSchema(etree.parse(str(tmp_path / "sitemap.xsd")))
    doc = etree.parse(str(deployed / "editions" / "sitemap.xml"))
    schema.assertValid(doc)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = doc.xpath("//s:loc/text()", namespaces=ns)
    assert f"{BASE}ko/{SLUG}.html" in locs and f"{BASE}index.html" in locs
    assert not [loc for loc in locs if "defector-families" in loc and "/en/" not in loc]  # drafts
    for url in doc.xpath("//s:url[x:link]", namespaces=ns):
        loc = url.findtext("s:loc", namespaces=ns)
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert loc in alternates.values() and "x-default" in alternates
        assert alternates["x-default"] == alternates["en"]


def test_atom_feeds_parse_newest_first_reviewed_only(deployed: Path) -> None:
    for lang, title in (("ko", KO["Talks Resume in Geneva"]), ("zh", ZH["Talks Resume in Geneva"])):
        path = deployed / "editions" / lang / "feed.xml"
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert feed.feed.language == lang
        links = [e.link for e in feed.entries]
        assert links == [f"{BASE}{lang}/{SLUG}.html", f"{BASE}{lang}/{SAMPLE}.html"]
        assert feed.entries[0].title == title
        assert feed.entries[0].updated.startswith("2026-11-27")
        assert feed.feed.links[0].href == f"{BASE}{lang}/feed.xml"
        assert "<p>" in feed.entries[0].content[0].value
    index = read_page(deployed / "editions" / "ko" / "index.html")
    assert ("link", {"rel": "alternate", "type": "application/atom+xml", "href": "feed.xml"}) in (
        index.links
    )


def test_feeds_and_sitemap_go_when_base_url_goes(deployed: Path) -> None:
    config = deployed / "transflow.toml"
    config.write_text(config.read_text().replace(f'base_url = "{BASE}"', ""))
    report = publish(load_project(deployed))
    assert {"editions/sitemap.xml", "editions/ko/feed.xml"} <= set(report.removed_pages)
    assert not (deployed / "editions" / "sitemap.xml").exists()
