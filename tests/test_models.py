"""`transflow models list|add|fetch|remove`: real packages, real zips, a real http.server.

Nothing here touches the network: fetch tests serve an index and a package from
http.server on 127.0.0.1, and the offline test points at a closed local port.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from transflow.engines.argos import index as argos_index
from transflow.engines.argos.index import fetch
from transflow.engines.argos.packages import (
    ArchiveLimits,
    argos_packages_dir,
    install_archive,
    installed_packages,
    is_language_code,
    read_package,
)
from transflow.project.errors import ModelError, NetworkError

from .argos_fixtures import build_argosmodel, make_package, zip_package
from .conftest import run_cli, snapshot


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("archives")
    return {
        "en-ko-1.0": build_argosmodel(out, "en", "ko", version="1.0"),
        "en-ko-1.1": build_argosmodel(out, "en", "ko", version="1.1"),
        "en-zh-1.0": build_argosmodel(out, "en", "zh", version="1.0"),
    }


@pytest.fixture
def pkgdir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- where packages are looked for ---------------------------------------------------------


def test_packages_dir_follows_argos_rules(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for var in ("ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "home"
    assert argos_packages_dir() == home / ".local/share/argos-translate/packages"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert argos_packages_dir() == tmp_path / "data/argos-translate/packages"
    settings = home / ".config/argos-translate/settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "fromjson")}))
    assert argos_packages_dir() == tmp_path / "fromjson"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env"))
    assert argos_packages_dir() == tmp_path / "env"


# --- add ----------------------------------------------------------------------------------


def test_add_installs_and_replaces_older_version(archives, pkgdir: Path) -> None:
    package, replaced = install_archive(archives["en-ko-1.0"], pkgdir)
    assert package.provenance == "argos:en-ko@1.0" and replaced == []
    assert (pkgdir / "translate-en_ko-1_0" / "model" / "model.bin").is_file()
    package, replaced = install_archive(archives["en-ko-1.1"], pkgdir)
    assert package.version == "1.1"
    assert replaced == [pkgdir / "translate-en_ko-1_0"]
    assert _visible(pkgdir) == ["translate-en_ko-1_1"]  # no staging folder left behind
    package, replaced = install_archive(archives["en-ko-1.1"], pkgdir)  # same again
    assert replaced == [pkgdir / "translate-en_ko-1_1"] and _visible(pkgdir) == [
        "translate-en_ko-1_1"
    ]


def zip_members(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


GOOD_META = json.dumps({"from_code": "en", "to_code": "ko", "package_version": "1.0"}).encode()
GOOD = {
    "p/metadata.json": GOOD_META,
    "p/model/model.bin": b"x",
    "p/sentencepiece.model": b"x",
}


@pytest.mark.parametrize(
    ("members", "links", "message"),
    [
        ({**GOOD, "q/other.txt": b"x"}, None, "exactly one top-level folder"),
        ({**GOOD, "p/../../evil.txt": b"x"}, None, "escapes its folder"),
        ({**GOOD, "/etc/evil": b"x"}, None, "absolute"),
        ({**GOOD, "p\\..\\evil": b"x"}, None, "non-portable"),
        (GOOD, {"p/link": "/etc/passwd"}, "symbolic link"),
        ({k: v for k, v in GOOD.items() if "metadata" not in k}, None, "no p/metadata.json"),
        ({**GOOD, "p/metadata.json": b"{not json"}, None, "not valid JSON"),
        ({**GOOD, "p/metadata.json": b'{"from_code": "en"}'}, None, "lacks to_code"),
        ({k: v for k, v in GOOD.items() if "model.bin" not in k}, None, "model/model.bin"),
        ({k: v for k, v in GOOD.items() if "sentencepiece" not in k}, None, "no tokenizer"),
    ],
)
def test_add_refuses_bad_archives_and_installs_nothing(
    tmp_path: Path, pkgdir: Path, members, links, message: str
) -> None:
    archive = zip_members(tmp_path / "bad.argosmodel", members, links)
    with pytest.raises(ModelError, match=message):
        install_archive(archive, pkgdir)
    assert _visible(pkgdir) == []
    assert not (tmp_path / "evil.txt").exists()


def test_add_refuses_non_zip_and_corrupt_zip(tmp_path: Path, pkgdir: Path, archives) -> None:
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_text("hello")
    with pytest.raises(ModelError, match="zip archives"):
        install_archive(not_zip, pkgdir)
    corrupt = tmp_path / "corrupt.argosmodel"
    data = bytearray(archives["en-zh-1.0"].read_bytes())
    with zipfile.ZipFile(archives["en-zh-1.0"]) as zf:
        info = zf.getinfo("translate-en_zh-1_0/model/model.bin")
    offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[offset] ^= 0xFF  # flip a byte inside the compressed model
    corrupt.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="CRC|corrupt|not a valid zip"):
        install_archive(corrupt, pkgdir)
    assert _visible(pkgdir) == []


# --- replacement by language pair, language codes (issue 11, D3) ---------------------------


def package_files(folder: str, from_code: str, to_code: str, version: str = "1.0") -> dict:
    """The files of a package that passes every layout check (its model is a stand-in, for
    tests that never run it) in `folder`, its metadata saying from -> to."""
    meta = {"from_code": from_code, "to_code": to_code, "package_version": version}
    return {
        f"{folder}/metadata.json": json.dumps(meta).encode(),
        f"{folder}/model/model.bin": b"weights",
        f"{folder}/sentencepiece.model": b"pieces",
    }


def package_archive(
    out: Path, folder: str, from_code: str, to_code: str, version: str = "1.0"
) -> Path:
    """An .argosmodel (of `package_files`) whose one folder is `folder`."""
    name = f"{folder}-{from_code}-{to_code}-{version}".replace("/", "_").replace(".", "_")
    return zip_members(
        out / f"{name}.argosmodel", package_files(folder, from_code, to_code, version)
    )


def scratch_left(pkgdir: Path) -> list[str]:
    """Scratch folders left beside or in the package folder."""
    return [p.name for d in (pkgdir.parent, pkgdir) for p in d.glob(".transflow-*")]


@pytest.mark.parametrize(
    ("from_code", "to_code", "message"),
    [
        ("en", "xx", "has to_code 'xx', which is not a language code"),
        ("en", "../../x", "has to_code '../../x'"),
        ("en/ko", "ko", "has from_code 'en/ko'"),
        ("en", "k", "has to_code 'k'"),
        ("en", "ko ko", "has to_code 'ko ko'"),
    ],
)
def test_add_refuses_bad_codes_and_keeps_the_installed_pair(
    tmp_path: Path, pkgdir: Path, from_code: str, to_code: str, message: str
) -> None:
    install_archive(package_archive(tmp_path, "translate-en_ko-1_0", "en", "ko"), pkgdir)
    before = snapshot(pkgdir)
    bad = package_archive(tmp_path, "translate-en_ko-1_0", from_code, to_code)
    with pytest.raises(ModelError, match=re.escape(message)) as info:
        install_archive(bad, pkgdir)
    assert str(bad) in info.value.render() and "Traceback" not in info.value.render()
    assert snapshot(pkgdir) == before and scratch_left(pkgdir) == []


def test_add_never_replaces_another_pair_through_its_folder_name(
    tmp_path: Path, pkgdir: Path
) -> None:
    install_archive(package_archive(tmp_path, "translate-en_ko-1_0", "en", "ko"), pkgdir)
    before = snapshot(pkgdir)
    en_zh = package_archive(tmp_path, "translate-en_ko-1_0", "en", "zh")
    with pytest.raises(ModelError) as info:
        install_archive(en_zh, pkgdir)
    text = info.value.render()
    assert "holds the installed en-ko package; this package is en-zh" in text
    assert "nothing was installed" in text
    assert snapshot(pkgdir) == before and scratch_left(pkgdir) == []


def test_add_replaces_by_the_pair_in_metadata(tmp_path: Path, pkgdir: Path) -> None:
    install_archive(package_archive(tmp_path, "translate-en_ko-1_0", "en", "ko"), pkgdir)
    install_archive(package_archive(tmp_path, "translate-en_zh-1_0", "en", "zh"), pkgdir)
    renamed = package_archive(tmp_path, "my-korean", "en", "ko", version="1.1")
    package, replaced = install_archive(renamed, pkgdir)
    assert package.provenance == "argos:en-ko@1.1"
    assert replaced == [pkgdir / "translate-en_ko-1_0"]
    assert _visible(pkgdir) == ["my-korean", "translate-en_zh-1_0"]
    # a folder named like en-ko that is en-ja replaces nothing
    misnamed = package_archive(tmp_path, "en_ko-extra", "en", "ja")
    assert install_archive(misnamed, pkgdir)[1] == []
    assert _visible(pkgdir) == ["en_ko-extra", "my-korean", "translate-en_zh-1_0"]


def test_add_leaves_a_folder_in_the_way_that_is_no_package(archives, pkgdir: Path) -> None:
    junk = pkgdir / "translate-en_ko-1_1"
    junk.mkdir(parents=True)
    (junk / "notes.txt").write_text("mine")
    with pytest.raises(ModelError, match="holds something that is not a package"):
        install_archive(archives["en-ko-1.1"], pkgdir)
    assert _visible(pkgdir) == ["translate-en_ko-1_1"]
    assert (junk / "notes.txt").read_text() == "mine"


def test_list_refuses_an_installed_package_with_a_bad_code(pkgdir: Path, tmp_path: Path) -> None:
    folder = make_package(pkgdir, "en", "ko")
    meta = json.loads((folder / "metadata.json").read_text())
    (folder / "metadata.json").write_text(json.dumps({**meta, "to_code": "../ko"}))
    res = run_cli("models", "list", cwd=tmp_path)
    assert res.code == 0 and "No translation packages installed." in res.stdout
    assert "has to_code '../ko', which is not a language code" in res.stderr


def test_language_codes() -> None:
    good = ["en", "ko", "zh", "zt", "pb", "zh-Hant", "pt-BR", "nb", "eo"]
    bad = ["xx", "", "e", "../en", "en/ko", "en\\ko", "..", "en.ko", "ko\n", "zh-", "qqq"]
    assert [c for c in good if not is_language_code(c)] == []
    assert [c for c in bad if is_language_code(c)] == []


# --- limits on what a package unpacks to (D6) ------------------------------------------------


def lying_zip(path: Path, size: int, declared: int) -> Path:
    """GOOD plus `size` zeros in p/model/pad.bin, deflated, whose local header and central
    directory entry both claim `declared` bytes."""
    deflated_zip(path, {**GOOD, "p/model/pad.bin": bytes(size)})
    with zipfile.ZipFile(path) as zf:
        local, central = zf.getinfo("p/model/pad.bin").header_offset, zf.start_dir
    data = bytearray(path.read_bytes())
    while data[central + 46 : central + 46 + 15] != b"p/model/pad.bin":
        name, extra, comment = (int.from_bytes(data[central + i : central + i + 2], "little")
                                for i in (28, 30, 32))  # fmt: skip
        central += 46 + name + extra + comment
    data[local + 22 : local + 26] = declared.to_bytes(4, "little")
    data[central + 24 : central + 28] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def deflated_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_from_its_central_directory(tmp_path: Path, pkgdir: Path) -> None:
    bomb = deflated_zip(
        tmp_path / "bomb.argosmodel", {**GOOD, "p/model/pad.bin": bytes(30 * 1024**2)}
    )
    assert bomb.stat().st_size < 100 * 1024
    with pytest.raises(ModelError) as info:
        install_archive(bomb, pkgdir)
    text = info.value.render()
    assert "would unpack to 30.0 MB from" in text and "the limit is 100:1" in text
    assert "max_package_ratio" in text
    assert _visible(pkgdir) == [] and scratch_left(pkgdir) == []


def test_size_limit(archives, pkgdir: Path) -> None:
    with pytest.raises(
        ModelError, match=r"would unpack to 11\.\d MB, more than the limit of 1\.0 MB"
    ):
        install_archive(archives["en-ko-1.0"], pkgdir, limits=ArchiveLimits(1024**2, 100))
    assert _visible(pkgdir) == []
    package, _ = install_archive(
        archives["en-ko-1.0"], pkgdir, limits=ArchiveLimits(20 * 1024**2, 15)
    )
    assert package.pair == "en-ko"


def test_limits_come_from_engine_settings(archives, pkgdir: Path, project: Path) -> None:
    toml = project / "transflow.toml"
    toml.write_text(toml.read_text() + "max_package_gb = 0.001\n")
    res = run_cli("models", "add", str(archives["en-ko-1.0"]), cwd=project)
    assert res.code == 2 and "max_package_gb" in res.stderr and "1.0 MB" in res.stderr
    toml.write_text(toml.read_text().replace("0.001", "0"))
    res = run_cli("models", "add", str(archives["en-ko-1.0"]), cwd=project)
    assert res.code == 2 and "bad value for 'max_package_gb'" in res.stderr
    assert _visible(pkgdir) == []
    assert ArchiveLimits.from_config(None) == ArchiveLimits(8 * 1024**3, 100.0)


def test_a_header_that_lies_about_a_size_does_not_get_past(tmp_path: Path, pkgdir: Path) -> None:
    # 40 MB of zeros declared as 4 KB: the ratio looks harmless, the data is not
    liar = lying_zip(tmp_path / "liar.argosmodel", 40 * 1024**2, declared=4096)
    with zipfile.ZipFile(liar) as zf:
        assert zf.getinfo("p/model/pad.bin").file_size == 4096
    with pytest.raises(ModelError, match="is corrupt"):
        install_archive(liar, pkgdir)
    assert _visible(pkgdir) == [] and scratch_left(pkgdir) == []


def test_duplicate_entries_are_refused(tmp_path: Path, pkgdir: Path) -> None:
    path = tmp_path / "dup.argosmodel"
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "w") as zf:
        for name, data in GOOD.items():
            zf.writestr(name, data)
        zf.writestr("p/sentencepiece.model", b"second")
    with pytest.raises(ModelError, match="holds p/sentencepiece.model twice"):
        install_archive(path, pkgdir)


# --- scratch folders: never inside argostranslate's folder, never left behind -----------------


def test_installs_unpack_beside_the_package_folder_and_clean_up(
    archives, tmp_path: Path, pkgdir: Path
) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    pkgdir.mkdir()
    stale = pkgdir.parent / f".transflow-{dead}-install-abc"  # a killed install's
    (stale / "translate-en_ko-1_0").mkdir(parents=True)
    running = pkgdir.parent / f".transflow-{os.getpid()}-install-xyz"  # a running one's
    running.mkdir()
    install_archive(archives["en-ko-1.0"], pkgdir)
    assert not stale.exists() and running.exists()
    running.rmdir()
    assert scratch_left(pkgdir) == [] and _visible(pkgdir) == ["translate-en_ko-1_0"]
    # models remove moves the package out in one rename, beside the folder too
    assert run_cli("models", "remove", "en", "ko", cwd=tmp_path).code == 0
    assert scratch_left(pkgdir) == [] and _visible(pkgdir) == []


def test_add_into_a_packages_dir_that_is_a_file(archives, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "packages"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(blocker))
    res = run_cli("models", "add", str(archives["en-ko-1.0"]), cwd=tmp_path)
    assert res.code == 2 and "Traceback" not in res.stderr
    assert (
        f"cannot be installed into {blocker}" in res.stderr and "ARGOS_PACKAGES_DIR" in res.stderr
    )
    assert blocker.read_text() == "not a folder"


def test_add_names_what_is_not_a_file(tmp_path: Path, pkgdir: Path) -> None:
    res = run_cli("models", "add", str(tmp_path), cwd=tmp_path)
    assert res.code == 2 and f"{tmp_path}: is not a file" in res.stderr
    res = run_cli("models", "add", "missing.argosmodel", cwd=tmp_path)
    assert res.code == 2 and "missing.argosmodel: does not exist" in res.stderr


def test_cli_add_list_remove(archives, pkgdir: Path, project: Path) -> None:
    res = run_cli("models", "add", str(archives["en-ko-1.1"]), cwd=project)
    assert res.code == 0, res.stderr
    assert f"installed en-ko 1.1 into {pkgdir / 'translate-en_ko-1_1'}" in res.stdout
    res = run_cli("models", "list", cwd=project)
    assert res.code == 0 and "en-ko" in res.stdout and "1.1" in res.stdout
    assert "en -> ko: argos:en-ko@1.1" in res.stdout
    assert "en -> zh: missing" in res.stdout and "transflow models fetch en zh" in res.stdout
    assert run_cli("models", "list", "--check", cwd=project).code == 1
    res = run_cli("models", "remove", "en", "ko", cwd=project)
    assert res.code == 0 and "removed en-ko 1.1" in res.stdout
    assert _visible(pkgdir) == []
    res = run_cli("models", "remove", "en", "ko", cwd=project)
    assert res.code == 2 and "no installed package translates en -> ko" in res.stderr
    res = run_cli("models", "add", str(project / "transflow.toml"), cwd=project)
    assert res.code == 2 and "Traceback" not in res.stderr and "zip" in res.stderr


def test_list_reports_broken_folders(pkgdir: Path, tmp_path: Path) -> None:
    (pkgdir / "junk").mkdir(parents=True)
    make_package(pkgdir, "en", "ko")
    res = run_cli("models", "list", cwd=tmp_path)  # outside any project
    assert res.code == 0 and "en-ko" in res.stdout
    assert "junk: is not an Argos package: no metadata.json" in res.stderr


# --- fetch --------------------------------------------------------------------------------


Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class PackageServer:
    """http.server on 127.0.0.1 serving a folder, and `routes` (path -> a function that
    writes the raw response) for servers that misbehave. JSON files are served with `{url}`
    replaced by the server's address, so an index can link to its own server."""

    def __init__(self, root: Path, routes: dict[str, Route] | None = None) -> None:
        handler = lambda *a, **k: _Handler(*a, directory=str(root), **k)  # noqa: E731
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.routes = routes or {}  # type: ignore[attr-defined]
        self.httpd.handle_error = lambda *args: None  # type: ignore[method-assign]  # resets
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.root = root
        serve = lambda: self.httpd.serve_forever(poll_interval=0.02)  # noqa: E731  (quick close)
        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        route = self.server.routes.get(self.path)  # type: ignore[attr-defined]
        if route is not None:
            try:
                route(self)
            except OSError:  # the client hung up: what a refused download does
                pass
            return
        file = Path(self.translate_path(self.path))
        if file.suffix == ".json" and file.is_file():
            url = f"http://127.0.0.1:{self.server.server_address[1]}"
            raw(200, file.read_text().replace("{url}", url).encode())(self)
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


def raw(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    """A response as given: `headers` default to a correct Content-Length."""
    headers = {"Content-Length": str(len(body))} if headers is None else headers

    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        head = f"HTTP/1.0 {status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        handler.wfile.write(head.encode("latin-1") + b"\r\n" + body)

    return route


def endless(handler: http.server.BaseHTTPRequestHandler) -> None:
    """200 without Content-Length, then zeros until the client hangs up."""
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n\r\n")
    while True:
        handler.wfile.write(bytes(64 * 1024))


def drip(head: bytes) -> Route:
    """Send `head` (a status line and headers, complete or not), then a byte every 50 ms."""

    def route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.wfile.write(head)
        while True:
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.05)

    return route


@pytest.fixture
def server(tmp_path: Path, archives):
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(archives["en-ko-1.1"], root / "en_ko.argosmodel")
    shutil.copy(archives["en-ko-1.0"], root / "en_ko_old.argosmodel")
    srv = PackageServer(root)
    data = (root / "en_ko.argosmodel").read_bytes()
    index = [
        {"from_code": "en", "to_code": "ko", "package_version": "1.0", "type": "translate",
         "links": [f"{srv.url}/en_ko_old.argosmodel"]},
        {"from_code": "en", "to_code": "ko", "package_version": "1.1", "type": "translate",
         "links": [f"{srv.url}/missing.argosmodel", f"{srv.url}/en_ko.argosmodel"],
         "size": len(data), "sha256": hashlib.sha256(data).hexdigest()},
        {"from_code": "en", "to_code": "de", "package_version": "1.0", "type": "translate",
         "links": [f"{srv.url}/en_ko.argosmodel"], "size": 123},
        {"type": "sbd", "from_code": "en", "links": []},
    ]  # fmt: skip
    (root / "index.json").write_text(json.dumps(index))
    yield srv
    srv.close()


def test_fetch_downloads_newest_checks_and_installs(server, pkgdir: Path) -> None:
    seen = []
    package, _ = fetch(
        "en", "ko", f"{server.url}/index.json", pkgdir, lambda d, t: seen.append((d, t))
    )
    assert package.provenance == "argos:en-ko@1.1"
    assert read_package(pkgdir / "translate-en_ko-1_1").version == "1.1"
    size = (server.root / "en_ko.argosmodel").stat().st_size
    assert seen and seen[-1] == (size, size)


def test_fetch_rejects_size_mismatch_and_installs_nothing(server, pkgdir: Path) -> None:
    with pytest.raises(NetworkError, match=r"en_ko.argosmodel is \d+ bytes, but the index lists"):
        fetch("en", "de", f"{server.url}/index.json", pkgdir)
    assert _visible(pkgdir) == []


def test_fetch_rejects_checksum_mismatch(server, pkgdir: Path) -> None:
    index = json.loads((server.root / "index.json").read_text())
    index[1]["sha256"] = "0" * 64
    (server.root / "index.json").write_text(json.dumps(index))
    with pytest.raises(NetworkError, match="sha256"):
        fetch("en", "ko", f"{server.url}/index.json", pkgdir)
    assert _visible(pkgdir) == []


def test_fetch_unknown_pair_lists_what_the_index_has(server, pkgdir: Path) -> None:
    with pytest.raises(NetworkError) as info:
        fetch("en", "fr", f"{server.url}/index.json", pkgdir)
    assert "has no en -> fr package" in info.value.render()
    assert "en -> de, ko" in info.value.render()


def test_cli_fetch_uses_config_index_url(server, pkgdir: Path, project: Path) -> None:
    toml = project / "transflow.toml"
    url = f'index_url = "{server.url}/index.json"'
    toml.write_text(toml.read_text().replace("[engine]\n", f"[engine]\n{url}\n"))
    res = run_cli("models", "fetch", "en", "ko", cwd=project)
    assert res.code == 0, res.stderr
    assert "installed en-ko 1.1" in res.stdout
    assert res.stderr == ""  # no progress bar on a pipe


def test_cli_fetch_missing_fetches_only_the_pairs_without_a_model(
    server, archives, pkgdir: Path, project: Path
) -> None:
    toml = project / "transflow.toml"  # targets ko and zh; the index has no en -> zh
    url = f'index_url = "{server.url}/index.json"'
    toml.write_text(toml.read_text().replace("[engine]\n", f"[engine]\n{url}\n"))
    assert run_cli("models", "add", str(archives["en-zh-1.0"]), cwd=project).code == 0
    res = run_cli("models", "fetch", "--missing", cwd=project)
    assert res.code == 0, res.stderr
    assert "installed en-ko 1.1" in res.stdout and "en-zh" not in res.stdout
    assert _visible(pkgdir) == ["translate-en_ko-1_1", "translate-en_zh-1_0"]
    server.close()  # nothing is missing now, so nothing is asked of the index
    res = run_cli("models", "fetch", "--missing", cwd=project)
    assert res.code == 0 and "nothing to fetch" in res.stdout
    assert run_cli("models", "list", "--check", cwd=project).code == 0


@pytest.mark.parametrize("args", [(), ("en",), ("en", "ko", "--missing"), ("--missing", "en")])
def test_cli_fetch_takes_a_pair_or_missing(args: tuple[str, ...], project: Path) -> None:
    res = run_cli("models", "fetch", *args, cwd=project)
    assert res.code == 2 and "give FROM and TO, or --missing" in res.stderr


def test_cli_fetch_missing_needs_a_project(pkgdir: Path, tmp_path: Path) -> None:
    res = run_cli("models", "fetch", "--missing", cwd=tmp_path)
    assert res.code == 2 and "Traceback" not in res.stderr
    assert "--missing fetches the language pairs of a project" in res.stderr


def test_fetch_offline_fails_at_once_and_says_to_use_add(pkgdir: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    res = run_cli("models", "fetch", "en", "ko", "--index", f"http://127.0.0.1:{port}/i.json",
                  cwd=tmp_path)  # fmt: skip
    assert res.code == 2 and "Traceback" not in res.stderr
    assert "cannot reach the Argos package index" in res.stderr
    assert "transflow models add FILE.argosmodel" in res.stderr
    assert _visible(pkgdir) == []


def test_fetch_gives_up_on_a_silent_host_after_the_connect_timeout(
    pkgdir: Path, tmp_path: Path, monkeypatch
) -> None:
    """A firewall that drops packets: connects hang until a timeout. A listening socket whose
    accept queue is full is that, locally (Linux drops the SYNs)."""
    import socket

    monkeypatch.setattr(argos_index, "CONNECT_TIMEOUT", 1.0)  # TIMEOUT stays 15 s
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(0)
        port = srv.getsockname()[1]
        queued = [socket.socket() for _ in range(4)]
        for sock in queued:
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", port))
        try:
            start = time.monotonic()
            res = run_cli("models", "fetch", "en", "ko", "--index",
                          f"http://127.0.0.1:{port}/i.json", cwd=tmp_path)  # fmt: skip
            elapsed = time.monotonic() - start
        finally:
            for sock in queued:
                sock.close()
    assert res.code == 2 and "Traceback" not in res.stderr
    assert "no connection to 127.0.0.1 within 1 s" in res.stderr
    assert "transflow models add FILE.argosmodel" in res.stderr
    assert 0.9 < elapsed < 10  # TIMEOUT (15 s) would be the limit without CONNECT_TIMEOUT


# --- fetch from a broken or hostile server (issue 11: D8, D23, D24) --------------------------


def _index(*entries: dict) -> str:
    base = {"from_code": "en", "to_code": "ko", "package_version": "1.0", "type": "translate"}
    return json.dumps([{**base, **entry} for entry in entries])


@pytest.fixture
def hostile(tmp_path: Path, archives, monkeypatch):
    """A server whose index.json links en -> ko to /pkg; tests set `routes["/pkg"]`."""
    monkeypatch.setattr(argos_index, "INDEX_DEADLINE", 1.0)
    monkeypatch.setattr(argos_index, "DOWNLOAD_DEADLINE", 1.0)
    root = tmp_path / "www"
    root.mkdir()
    (root / "index.json").write_text(_index({"links": ["{url}/pkg"]}))
    for name, archive in archives.items():
        shutil.copy(archive, root / f"{name}.argosmodel")
    srv = PackageServer(root, {})
    yield srv
    srv.close()


def _fetch_fails(server: PackageServer, pkgdir: Path, *, index: str = "/index.json", **kw) -> str:
    """Run a fetch that must fail; its message, after checking nothing was left or installed."""
    with pytest.raises((NetworkError, ModelError)) as info:
        fetch("en", "ko", server.url + index, pkgdir, **kw)
    assert _visible(pkgdir) == [] and scratch_left(pkgdir) == []
    return info.value.render()


@pytest.mark.parametrize("length", ["abc", "-1", "12, 12", "\u00b2", ""])
def test_fetch_refuses_a_content_length_that_is_no_number(
    hostile, archives, pkgdir: Path, length: str
) -> None:
    data = archives["en-ko-1.0"].read_bytes()
    hostile.httpd.routes["/pkg"] = raw(200, data, {"Content-Length": length})
    text = _fetch_fails(hostile, pkgdir)
    assert f"the package download at {hostile.url}/pkg came with an invalid Content-Length" in text


def test_fetch_caps_the_index(hostile, pkgdir: Path) -> None:
    routes = hostile.httpd.routes
    routes["/endless.json"] = endless
    routes["/huge.json"] = raw(200, b"[]", {"Content-Length": str(2**40)})
    routes["/deep.json"] = raw(200, b"[" * 200_000 + b"]" * 200_000)
    routes["/object.json"] = raw(200, b'{"links": []}')
    for path, message in [
        ("/endless.json", "is larger than 16 MB, far more than any package index"),
        ("/huge.json", "is larger than 16 MB"),
        ("/deep.json", "is not valid (nested more than 16 levels deep)"),
        ("/object.json", "expected a JSON list of packages"),
    ]:
        text = _fetch_fails(hostile, pkgdir, index=path)
        assert f"{hostile.url}{path}" in text and message in text, text


def test_a_deep_but_allowed_index_still_parses() -> None:
    from transflow.engines.argos.index import _nesting

    assert _nesting('[{"a": "[[[[[[", "b": [[]]}]') == 4
    assert _nesting('["\\"[[[[", {}]') == 2


def test_fetch_follows_only_http_links(hostile, pkgdir: Path) -> None:
    (hostile.root / "file.json").write_text(_index({"links": ["file:///etc/passwd"]}))
    text = _fetch_fails(hostile, pkgdir, index="/file.json")
    assert "lists en -> ko but no http:// or https:// link to download it" in text
    assert "file:///etc/passwd" in text and "models add" in text
    hostile.httpd.routes["/pkg"] = raw(302, headers={"Location": "ftp://127.0.0.1/x.argosmodel"})
    text = _fetch_fails(hostile, pkgdir)
    assert f"{hostile.url}/pkg redirects to ftp://127.0.0.1/x.argosmodel, which is not" in text
    hostile.httpd.routes["/pkg"] = raw(302, headers={"Location": "file:///etc/passwd"})
    text = _fetch_fails(hostile, pkgdir)
    assert f"{hostile.url}/pkg answered HTTP 302" in text and "file:///etc/passwd" in text


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.org/index.json", "http:///x", "file:///nonexistent"]
)
def test_cli_fetch_refuses_an_index_that_is_not_a_url(
    pkgdir: Path, tmp_path: Path, url: str
) -> None:
    res = run_cli("models", "fetch", "en", "ko", "--index", url, cwd=tmp_path)
    assert res.code == 2 and "Traceback" not in res.stderr
    assert "Invalid value for '--index'" in res.stderr and repr(url) in res.stderr


def test_fetch_from_a_server_that_does_not_speak_http(hostile, pkgdir: Path) -> None:
    hostile.httpd.routes["/index.json"] = lambda h: h.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n")
    text = _fetch_fails(hostile, pkgdir)
    assert f"the Argos package index at {hostile.url}/index.json did not answer in HTTP" in text


def test_fetch_caps_a_package_body_without_a_length(hostile, pkgdir: Path) -> None:
    hostile.httpd.routes["/pkg"] = endless
    text = _fetch_fails(hostile, pkgdir, limits=ArchiveLimits(2 * 1024**2, 100))
    assert f"the package download at {hostile.url}/pkg is larger than the limit of" in text
    hostile.httpd.routes["/pkg"] = raw(200, b"x", {"Content-Length": str(2**40)})
    text = _fetch_fails(hostile, pkgdir)
    assert f"the package at {hostile.url}/pkg is {2**40} bytes, more than the limit of 8 GB" in text


def test_fetch_messages_name_the_url_not_a_temp_file(hostile, archives, pkgdir: Path) -> None:
    hostile.httpd.routes["/pkg"] = raw(200, b"PK\x03\x04 not really a zip")
    text = _fetch_fails(hostile, pkgdir)
    assert text.startswith(f"{hostile.url}/pkg: is not an Argos package")
    assert "package.argosmodel" not in text and ".transflow-" not in text
    (hostile.root / "zh.json").write_text(_index({"links": ["{url}/en-zh-1.0.argosmodel"]}))
    text = _fetch_fails(hostile, pkgdir, index="/zh.json")
    assert text.startswith(
        f"{hostile.url}/en-zh-1.0.argosmodel: holds the en-zh package, but the index"
    )


def test_fetch_says_what_is_true_about_a_pair_without_links(hostile, pkgdir: Path) -> None:
    (hostile.root / "nolinks.json").write_text(
        _index(
            {"links": []},
            {"to_code": "de", "links": ["{url}/x"]},
            {"to_code": "../ko", "links": ["{url}/x"]},
        )
    )
    text = _fetch_fails(hostile, pkgdir, index="/nolinks.json")
    assert "lists en -> ko but no http:// or https:// link to download it (no links)" in text
    with pytest.raises(NetworkError) as info:
        fetch("en", "fr", f"{hostile.url}/nolinks.json", pkgdir)
    assert "has no en -> fr package. The index has en -> de, ko and nothing -> fr." in (
        info.value.render()
    )


# --- argostranslate conformance -----------------------------------------------------------

ARGOS_LIST = """
import json, sys
from pathlib import Path
import argostranslate.package as p
if sys.argv[1:]:  # install with argostranslate itself
    try:
        p.install_from_path(Path(sys.argv[1]))
    except ModuleNotFoundError as exc:
        # Its post-install cache refresh imports argostranslate.translate, which needs
        # stanza (not installed: --no-deps). The package files are extracted before that.
        assert exc.name in ("stanza", "minisbd", "spacy"), exc
print(json.dumps([[k.from_code, k.to_code, k.package_version, str(k.package_path)]
                  for k in p.get_installed_packages()]))
"""


def _argos(env: dict, *args: str) -> list:
    proc = subprocess.run(
        [sys.executable, "-c", ARGOS_LIST, *args], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, (
        f"argostranslate (installed --no-deps by `make setup`) failed:\n{proc.stderr}"
    )
    return json.loads(proc.stdout)


def test_argostranslate_sees_our_packages_and_we_see_its(
    archives, tmp_path: Path, monkeypatch
) -> None:
    import importlib.util

    assert importlib.util.find_spec("argostranslate"), "run `make setup` (argostranslate)"
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    env.pop("ARGOS_PACKAGES_DIR", None)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    default_dir = home / "data" / "argos-translate" / "packages"

    # transflow models add -> argostranslate lists it (default XDG location)
    res = run_cli("models", "add", str(archives["en-ko-1.1"]), cwd=tmp_path)
    assert res.code == 0, res.stderr
    assert _argos(env) == [["en", "ko", "1.1", str(default_dir / "translate-en_ko-1_1")]]

    # argostranslate installs -> transflow models list shows it
    listed = _argos(env, str(archives["en-zh-1.0"]))
    assert ["en", "zh", "1.0", str(default_dir / "translate-en_zh-1_0")] in listed
    res = run_cli("models", "list", cwd=tmp_path)
    assert res.code == 0 and "en-zh" in res.stdout and "en-ko" in res.stdout
    packages, problems = installed_packages()
    assert {p.pair for p in packages} == {"en-ko", "en-zh"} and not problems

    # ARGOS_PACKAGES_DIR is honoured by both
    other = tmp_path / "other"
    env["ARGOS_PACKAGES_DIR"] = str(other)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(other))
    assert run_cli("models", "add", str(archives["en-ko-1.0"]), cwd=tmp_path).code == 0
    assert _argos(env) == [["en", "ko", "1.0", str(other / "translate-en_ko-1_0")]]


def test_zip_package_helper_round_trips(tmp_path: Path) -> None:
    folder = make_package(tmp_path / "src", "en", "ko")
    archive = zip_package(folder, tmp_path / "x.argosmodel")
    package, _ = install_archive(archive, tmp_path / "dest")
    assert package.pair == "en-ko"
    before = snapshot(tmp_path / "dest")
    assert before  # and a second identical install leaves the same files
    install_archive(archive, tmp_path / "dest")
    assert snapshot(tmp_path / "dest") == before
