"""transflow.toml: discovery, validation and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow.project.config import find_project_root, load_project, parse_config
from transflow.project.errors import ConfigError, LanguageError, ProjectNotFoundError
from transflow.project.languages import gettext_language, normalize_language, plural_forms


def test_defaults_and_normalisation(tmp_path: Path) -> None:
    config = parse_config(tmp_path, '[project]\ntarget_languages = ["ko", "zh_hans", "zh-Hant"]\n')
    assert config.source_language == "en"
    assert config.target_languages == ["ko", "zh-Hans", "zh-Hant"]
    assert config.sources_dir == tmp_path / "sources"
    assert config.translations_dir == tmp_path / "translations"


@pytest.mark.parametrize(
    "text, fragment, line",
    [
        ('[project]\ntarget_languages = ["ko"]\ncolour = "red"\n', "unknown key 'colour'", 3),
        ('[project]\ntarget_languages = ["ko"]\n\n[engines]\nx = 1\n', "unknown section", 4),
        ('[project]\ntarget_languages = ["ko", "xx"]\n', "unknown language code 'xx'", 2),
        ('[project]\nsource_language = "kr"\ntarget_languages = ["zh"]\n', "Did you mean ko", 2),
        ("[project]\nname = 'x'\n", "needs 'target_languages'", 1),
        ("[project]\ntarget_languages = []\n", "non-empty list", 2),
        ('[project]\ntarget_languages = ["en"]\n', "also a target", 2),
        ('[project]\ntarget_languages = ["ko", "ko"]\n', "twice", 2),
        ('[project]\ntarget_languages = ["ko"\n', "not valid TOML", 2),
        ('[project]\ntarget_languages = ["ko"]\n[paths]\nsources = "../x"\n', "inside the", 4),
    ],
)
def test_config_errors_name_the_line(tmp_path: Path, text: str, fragment: str, line: int) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, text)
    assert fragment in info.value.render()
    assert info.value.path == str(tmp_path / "transflow.toml")
    assert info.value.line == line


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)//{slug}",
        "JavaScript:alert(1)//{slug}",
        "data:text/html,<script>alert(1)</script>{slug}",
        "//evil.example/{slug}",
        "/en/{slug}",
        "https://news.example/en/",  # no {slug}
        "https:///{slug}",
        "https://news.example/{slug} x",
        "https://news.example/\t{slug}",
        42,
    ],
)
def test_source_url_is_an_http_url_holding_the_slug(tmp_path: Path, url: object) -> None:
    text = '[project]\ntarget_languages = ["ko"]\n\n[publish]\nsource_url = {}\n'
    value = f'"{url}"' if isinstance(url, str) else str(url)
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, text.format(value.replace("\t", "\\t")))
    assert info.value.line == 5 and "http:// or https:// URL holding {slug}" in info.value.message
    for good in ("", "https://news.example/en/{slug}/", "HTTP://n.example/a?id={slug}"):
        project = parse_config(tmp_path, text.format(f'"{good}"'))
        assert project.settings["publish"]["source_url"] == good


def test_unknown_key_lists_accepted_keys(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, '[paths]\nsource = "s"\n[project]\ntarget_languages = ["ko"]\n')
    assert "Accepted keys: sources, translations, glossary, editions" in info.value.render()


def test_project_found_by_walking_up(project: Path) -> None:
    deep = project / "sources" / "nested"
    deep.mkdir()
    assert find_project_root(deep) == project


def test_no_project(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProjectNotFoundError, match="transflow init"):
        load_project()
    with pytest.raises(ProjectNotFoundError):
        load_project(tmp_path)


def test_non_utf8_config(tmp_path: Path) -> None:
    (tmp_path / "transflow.toml").write_bytes(b'[project]\nname = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_project(tmp_path)


@pytest.mark.parametrize(
    "tag, norm, header",
    [("ko", "ko", "ko"), ("zh-hans", "zh-Hans", "zh_Hans"), ("pt_BR", "pt-BR", "pt_BR")],
)
def test_language_forms(tag: str, norm: str, header: str) -> None:
    assert normalize_language(tag) == norm
    assert gettext_language(norm) == header


def test_plural_forms_from_cldr() -> None:
    assert plural_forms("ko") == "nplurals=1; plural=0;"
    assert plural_forms("en").startswith("nplurals=2;")


@pytest.mark.parametrize("bad", ["xx", "", "k o", "english"])
def test_unknown_languages(bad: str) -> None:
    with pytest.raises(LanguageError, match="BCP 47"):
        normalize_language(bad)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)//", "//news.example/", "/editions/", "https://", "https://a.example/?x=1"]
    + ["https://a.example/#top", "https://a.example/ x", 42],
)
def test_base_url_is_the_http_url_of_the_editions(tmp_path: Path, url: object) -> None:
    text = '[project]\ntarget_languages = ["ko"]\n\n[publish]\nbase_url = {}\n'
    value = f'"{url}"' if isinstance(url, str) else str(url)
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, text.format(value))
    assert info.value.line == 5 and "URL of the editions folder" in info.value.message
    for good, kept in [("", ""), ("https://n.example/intl", "https://n.example/intl/")]:
        project = parse_config(tmp_path, text.format(f'"{good}"'))
        assert project.settings["publish"]["base_url"] == kept
