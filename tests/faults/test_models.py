"""Fault cases for model packages (issue 11: D3, D6, D8, D23, D24): `models add` and
`models fetch` on hostile archives, indexes and servers.

These commands install outside the project, into argostranslate's folder
(ARGOS_PACKAGES_DIR), so every case runs with an en -> ko package installed there and must
leave that folder and its parent exactly as they were: no package replaced or half-installed,
no scratch folder left. Fetch cases get a server on 127.0.0.1 that serves the project folder
(setups write `index.json` there; `{url}` in it, in a command or in a mention is the server's
address) and the misbehaving responses of `ROUTES`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from transflow.engines.argos import index as argos_index

from ..conftest import run_cli
from ..test_models import (
    GOOD,
    PackageServer,
    deflated_zip,
    drip,
    endless,
    lying_zip,
    package_files,
    raw,
    zip_members,
)
from .harness import Fault, ids, run_fault, tree

ROUTES = {
    "/r/bad-length": raw(200, b"PK\x03\x04", {"Content-Length": "abc"}),
    "/r/index-bad-length": raw(200, b"[]", {"Content-Length": "2e3"}),
    "/r/deep.json": raw(200, b"[" * 100_000 + b"]" * 100_000),
    "/r/endless.json": endless,
    "/r/to-file": raw(302, headers={"Location": "file:///etc/passwd"}),
    "/r/to-ftp": raw(302, headers={"Location": "ftp://127.0.0.1/p.argosmodel"}),
    "/r/drip": drip(b"HTTP/1.0 200 OK\r\nContent-Length: 100000\r\n\r\n"),
    "/r/drip-headers": drip(b"HTTP/1.0 200 OK\r\nX-Slow: "),
    "/r/ssh": lambda handler: handler.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n"),
    "/r/not-zip": raw(200, b"<html>Moved</html>"),
}


# --- setups ----------------------------------------------------------------------------------


def _package(project: Path, folder: str, from_code: str, to_code: str, name: str) -> None:
    zip_members(project / name, package_files(folder, from_code, to_code))


def codes(from_code: str, to_code: str, folder: str = "translate-en_ko-1_0"):
    return lambda project: _package(project, folder, from_code, to_code, "bad.argosmodel")


def bomb(project: Path) -> None:
    deflated_zip(project / "bad.argosmodel", {**GOOD, "p/model/pad.bin": bytes(30 * 1024**2)})


def liar(project: Path) -> None:
    lying_zip(project / "bad.argosmodel", 40 * 1024**2, declared=4096)


def many(project: Path) -> None:
    zip_members(project / "bad.argosmodel", {**GOOD, **{f"p/e/{i}": b"" for i in range(10_001)}})


def duplicate(project: Path) -> None:
    zip_members(project / "bad.argosmodel", {**GOOD, "p/model.bin": b"x", "p/model.bin/y": b"x"})


def engine_setting(line: str, archive: bool = False):
    def setup(project: Path) -> None:
        toml = project / "transflow.toml"
        toml.write_text(toml.read_text() + line + "\n")
        if archive:  # 2 MB that do not compress: over 0.001 GB, under the ratio limit
            files = package_files("translate-en_ko-1_1", "en", "ko")
            zip_members(
                project / "good.argosmodel",
                {**files, "translate-en_ko-1_1/pad.bin": os.urandom(2 * 1024**2)},
            )

    return setup


def index(*entries: dict, package: str | None = None):
    """project/index.json listing `entries` (en -> ko 1.0 unless they say otherwise); with
    `package` (`en-zh`), also project/pkg.argosmodel, a package of that pair."""
    base = {"from_code": "en", "to_code": "ko", "package_version": "1.0", "type": "translate"}

    def setup(project: Path) -> None:
        (project / "index.json").write_text(json.dumps([{**base, **e} for e in entries]))
        if package is not None:
            src, _, tgt = package.partition("-")
            _package(project, f"translate-{src}_{tgt}-1_0", src, tgt, "pkg.argosmodel")

    return setup


def nothing(project: Path) -> None:
    pass


def fetch(index_url: str = "{url}/index.json", pair: tuple[str, str] = ("en", "ko")):
    return ("models", "fetch", *pair, "--index", index_url)


ADD = ("models", "add", "bad.argosmodel")
LINK = "{url}/pkg.argosmodel"

CASES = [
    # D3: replacement by the pair in metadata.json; codes validated
    Fault("add-unknown-to-code", codes("en", "xx"), ADD, 2, ("bad.argosmodel", "to_code 'xx'")),
    Fault("add-path-in-to-code", codes("en", "../../x"), ADD, 2, ("to_code '../../x'",)),
    Fault("add-separator-in-from-code", codes("en/ko", "ko"), ADD, 2, ("from_code 'en/ko'",)),
    Fault("add-other-pair-in-installed-folder", codes("en", "zh"), ADD, 2,
          ("bad.argosmodel", "holds the installed en-ko package; this package is en-zh")),
    # D6: limits, from the central directory and while unpacking
    Fault("add-zip-bomb", bomb, ADD, 2, ("bad.argosmodel", "ratio", "max_package_ratio")),
    Fault("add-over-configured-size", engine_setting("max_package_gb = 0.001", archive=True),
          ("models", "add", "good.argosmodel"), 2, ("good.argosmodel", "max_package_gb")),
    Fault("add-size-header-lies", liar, ADD, 2, ("bad.argosmodel", "is corrupt")),
    Fault("add-too-many-entries", many, ADD, 2, ("bad.argosmodel", "10004 entries")),
    Fault("add-file-and-folder-clash", duplicate, ADD, 2, ("bad.argosmodel", "p/model.bin")),
    Fault("add-a-folder", nothing, ("models", "add", "sources"), 2, ("sources: is not a file",)),
    Fault("add-a-device", nothing, ("models", "add", "/dev/zero"), 2,
          ("/dev/zero: is not a file",)),
    Fault("add-missing-file", nothing, ("models", "add", "nope.argosmodel"), 2,
          ("nope.argosmodel: does not exist",)),
    Fault("config-max-package-gb-zero", engine_setting("max_package_gb = 0"), ADD, 2,
          ("transflow.toml:8", "max_package_gb")),
    Fault("config-max-package-ratio-text", engine_setting('max_package_ratio = "high"'), ADD, 2,
          ("transflow.toml:8", "max_package_ratio")),
    # D8: fetch hardened; D23, D24: what its messages say
    Fault("fetch-index-not-a-url", nothing, fetch("not a url"), 2, ("--index", "'not a url'")),
    Fault("fetch-index-ftp", nothing, fetch("ftp://127.0.0.1/i.json"), 2,
          ("--index", "is not an http:// or https:// URL")),
    Fault("fetch-content-length-not-a-number", index({"links": ["{url}/r/bad-length"]}),
          fetch(), 2, ("{url}/r/bad-length", "invalid Content-Length header ('abc')")),
    Fault("fetch-index-content-length-not-a-number", nothing,
          fetch("{url}/r/index-bad-length"), 2, ("{url}/r/index-bad-length", "Content-Length")),
    Fault("fetch-index-nested-deep", nothing, fetch("{url}/r/deep.json"), 2,
          ("{url}/r/deep.json", "nested more than 16 levels")),
    Fault("fetch-index-endless", nothing, fetch("{url}/r/endless.json"), 2,
          ("{url}/r/endless.json", "larger than 16 MB")),
    Fault("fetch-index-not-json", lambda p: (p / "index.json").write_text("<html>"), fetch(), 2,
          ("{url}/index.json", "is not valid")),
    Fault("fetch-index-links-a-file", index({"links": ["file:///etc/passwd"]}), fetch(), 2,
          ("{url}/index.json", "no http:// or https:// link", "file:///etc/passwd")),
    Fault("fetch-redirect-to-file", index({"links": ["{url}/r/to-file"]}), fetch(), 2,
          ("{url}/r/to-file", "HTTP 302", "file:///etc/passwd")),
    Fault("fetch-redirect-to-ftp", index({"links": ["{url}/r/to-ftp"]}), fetch(), 2,
          ("{url}/r/to-ftp redirects to ftp://127.0.0.1/p.argosmodel",)),
    Fault("fetch-slow-drip-body", index({"links": ["{url}/r/drip"]}), fetch(), 2,
          ("{url}/r/drip took more than 1 s",)),
    Fault("fetch-slow-drip-headers", nothing, fetch("{url}/r/drip-headers"), 2,
          ("{url}/r/drip-headers took more than 1 s",)),
    Fault("fetch-not-http", nothing, fetch("{url}/r/ssh"), 2,
          ("{url}/r/ssh did not answer in HTTP",)),
    Fault("fetch-index-404", nothing, fetch("{url}/missing.json"), 2,
          ("{url}/missing.json answered HTTP 404", "models add")),
    Fault("fetch-unreachable", nothing, fetch("http://127.0.0.1:9/i.json"), 2,
          ("cannot reach the Argos package index at http://127.0.0.1:9/i.json",)),
    Fault("fetch-corrupt-package", index({"links": ["{url}/r/not-zip"]}), fetch(), 2,
          ("{url}/r/not-zip: is not an Argos package",)),
    Fault("fetch-package-of-another-pair", index({"links": [LINK]}, package="en-zh"), fetch(),
          2, (f"{LINK}: holds the en-zh package, but the index lists it as en-ko",)),
    Fault("fetch-pair-without-links", index({"links": []}), fetch(), 2,
          ("lists en -> ko but no http:// or https:// link to download it (no links)",)),
    Fault("fetch-unknown-pair", index({"links": [LINK]}, {"to_code": "de", "links": [LINK]}),
          fetch(pair=("en", "fr")), 2,
          ("has no en -> fr package. The index has en -> de, ko and nothing -> fr.",)),
    Fault("fetch-sha256-mismatch", index({"links": [LINK], "sha256": "0" * 64}, package="en-ko"),
          fetch(), 2, (f"the download from {LINK} does not match the index's sha256",)),
    Fault("fetch-size-mismatch", index({"links": [LINK], "size": 5}, package="en-ko"), fetch(),
          2, (f"the package at {LINK} is",  "but the index lists 5")),
    Fault("fetch-index-bad-codes", index({"to_code": "../ko", "links": [LINK]},
                                         {"from_code": "e/n", "links": [LINK]}), fetch(), 2,
          ("has no en -> ko package",)),
]  # fmt: skip


def _packages_dir(tmp_path: Path, monkeypatch) -> Path:
    """ARGOS_PACKAGES_DIR with the en -> ko package every case finds installed."""
    pkgdir = tmp_path / "argos" / "packages"
    for name, data in package_files("translate-en_ko-1_0", "en", "ko").items():
        (pkgdir / name).parent.mkdir(parents=True, exist_ok=True)
        (pkgdir / name).write_bytes(data)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(pkgdir))
    return pkgdir


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_model_fault(case: Fault, tmp_path: Path, monkeypatch) -> None:
    pkgdir = _packages_dir(tmp_path, monkeypatch)
    monkeypatch.setattr(argos_index, "INDEX_DEADLINE", 1.0)
    monkeypatch.setattr(argos_index, "DOWNLOAD_DEADLINE", 1.0)
    root = tmp_path / "project"
    root.mkdir()
    server = PackageServer(root, ROUTES)
    before = tree(pkgdir.parent)
    try:
        url = lambda texts: tuple(t.replace("{url}", server.url) for t in texts)  # noqa: E731
        run_fault(replace(case, command=url(case.command), mentions=url(case.mentions)), root)
    finally:
        server.close()
    assert tree(pkgdir.parent) == before  # the installed package untouched, no scratch left


# --- signals: the download never outlives the process that made it ----------------------------


def _fetch_process(tmp_path: Path, server: PackageServer) -> subprocess.Popen[str]:
    """`python -m transflow models fetch en ko` from `server`, whose package drips forever.
    SIGTERM and SIGHUP start at their defaults in the child: a test run under `nohup` would
    hand it an ignored SIGHUP, which fetch rightly leaves ignored."""
    (server.root / "index.json").write_text(
        json.dumps([{"from_code": "en", "to_code": "ko", "links": ["{url}/r/drip-forever"]}])
    )
    return subprocess.Popen(
        [sys.executable, "-m", "transflow", "models", "fetch", "en", "ko",
         "--index", f"{server.url}/index.json"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_default_termination_signals,
    )  # fmt: skip


def _default_termination_signals() -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def _wait_for_download(pkgdir: Path, proc: subprocess.Popen[str]) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        found = list(pkgdir.parent.glob(".transflow-*-fetch-*/package.argosmodel"))
        if found:
            return found[0]
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"no download appeared: {proc.communicate()}")


@pytest.fixture
def dripping(tmp_path: Path, monkeypatch):
    pkgdir = _packages_dir(tmp_path, monkeypatch)
    root = tmp_path / "www"
    root.mkdir()
    route = drip(b"HTTP/1.0 200 OK\r\nContent-Length: 10000000\r\n\r\n")
    server = PackageServer(root, {"/r/drip-forever": route})
    yield pkgdir, server
    server.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_terminated_fetch_removes_its_download(
    dripping, tmp_path: Path, sig: signal.Signals
) -> None:
    pkgdir, server = dripping
    before = tree(pkgdir.parent)
    proc = _fetch_process(tmp_path, server)
    download = _wait_for_download(pkgdir, proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + sig, stderr
    assert "Traceback" not in stderr
    assert not download.parent.exists()
    assert tree(pkgdir.parent) == before


def test_a_killed_fetch_leaves_a_download_the_next_install_removes(
    dripping, tmp_path: Path
) -> None:
    pkgdir, server = dripping
    proc = _fetch_process(tmp_path, server)
    download = _wait_for_download(pkgdir, proc)
    proc.kill()  # SIGKILL: nothing runs, the scratch folder stays
    proc.communicate(timeout=30)
    assert download.exists()
    archive = zip_members(
        tmp_path / "en_zh.argosmodel", package_files("translate-en_zh-1_0", "en", "zh")
    )
    res = run_cli("models", "add", str(archive), cwd=tmp_path)
    assert res.code == 0, res.stderr
    assert not download.parent.exists()
    assert sorted(os.listdir(pkgdir)) == ["translate-en_ko-1_0", "translate-en_zh-1_0"]
