"""The Argos package index: find a package for a language pair and download it.

The index is argospm's JSON list of package metadata (`from_code`, `to_code`,
`package_version`, `links`, ...). The URL is `[engine] index_url` in transflow.toml (the
public index by default). A download is streamed to a temporary file, checked (the
Content-Length the server announced, `size`/`sha256` when the index gives them, the zip's
CRCs and the package layout) and only then installed with `models.install_archive`.

Without a network this fails at once with a message saying how to use `models add`.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from transflow.engines.argos.packages import ArgosPackage, argos_codes, install_archive, version_key
from transflow.project.errors import NetworkError

if TYPE_CHECKING:
    from http.client import HTTPResponse
    from urllib.response import addinfourl

TIMEOUT = 15  # seconds without data before a download is abandoned
USER_AGENT = "transflow (Argos package client)"


@dataclass
class IndexEntry:
    from_code: str
    to_code: str
    version: str
    links: list[str]
    size: int | None = None
    sha256: str | None = None
    raw: dict[str, object] = field(default_factory=dict)  # the index's JSON object

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def _offline_hint(source: str, target: str) -> str:
    return (
        "transflow itself works offline: on a machine with network access, download the "
        f"{source}->{target} .argosmodel file listed in the Argos package index, copy it here "
        "and install it with `transflow models add FILE.argosmodel`."
    )


def _open(url: str, source: str, target: str, what: str) -> HTTPResponse | addinfourl:
    """The response (`addinfourl` for a file: or data: URL); NetworkError when unreachable."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        # typeshed types urlopen's result as Any
        response: HTTPResponse | addinfourl = urllib.request.urlopen(request, timeout=TIMEOUT)
        return response
    except urllib.error.HTTPError as exc:
        raise NetworkError(
            f"the {what} at {url} answered HTTP {exc.code} ({exc.reason}).",
            hint=_offline_hint(source, target),
        ) from None
    except (TimeoutError, urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NetworkError(
            f"cannot reach the {what} at {url} ({reason}): no network?",
            hint=_offline_hint(source, target),
        ) from None


def read_index(url: str, source: str = "SRC", target: str = "TGT") -> list[IndexEntry]:
    with _open(url, source, target, "Argos package index") as response:
        data = response.read()
    try:
        items = json.loads(data.decode("utf-8"))
        if not isinstance(items, list):
            raise ValueError("expected a JSON list of packages")
    except (UnicodeDecodeError, ValueError) as exc:
        raise NetworkError(
            f"the Argos package index at {url} is not valid ({exc}).",
            hint="Check `[engine] index_url` in transflow.toml.",
        ) from None
    entries: list[IndexEntry] = []
    for item in items:
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        from_code, to_code = item.get("from_code"), item.get("to_code")
        links = item.get("links") or []
        if not isinstance(from_code, str) or not isinstance(to_code, str):
            continue
        if not isinstance(links, list):
            continue
        size = item.get("size")
        sha = item.get("sha256") or item.get("checksum")
        entries.append(
            IndexEntry(
                from_code=from_code,
                to_code=to_code,
                version=str(item.get("package_version") or "0"),
                links=[link for link in links if isinstance(link, str)],
                size=size if isinstance(size, int) else None,
                sha256=sha.lower() if isinstance(sha, str) else None,
                raw=item,
            )
        )
    return entries


def choose(entries: list[IndexEntry], source: str, target: str, url: str) -> IndexEntry:
    for src in argos_codes(source):
        for tgt in argos_codes(target):
            found = [e for e in entries if e.from_code == src and e.to_code == tgt and e.links]
            if found:
                return max(found, key=lambda e: version_key(e.version))
    from_here = sorted({e.to_code for e in entries if e.from_code in argos_codes(source)})
    into = sorted({e.from_code for e in entries if e.to_code in argos_codes(target)})
    hint = f"The index has {source} -> {', '.join(from_here) or 'nothing'}"
    hint += f" and {', '.join(into) or 'nothing'} -> {target}."
    if source != "en" and target != "en":
        hint += f" For a pivot through English fetch {source} en and en {target}."
    raise NetworkError(
        f"the Argos package index at {url} has no {source} -> {target} package.", hint=hint
    )


# (bytes done, bytes total or None) -> None
ProgressFn = Callable[[int, int | None], None]


def download(entry: IndexEntry, dest: Path, progress: ProgressFn | None = None) -> Path:
    """Stream the first working link to `dest`; check size and checksum."""
    errors: list[NetworkError] = []
    for link in entry.links:
        try:
            response = _open(link, entry.from_code, entry.to_code, "package download")
        except NetworkError as exc:
            errors.append(exc)
            continue
        with response:
            announced = response.headers.get("Content-Length")
            total = int(announced) if announced and announced.isdigit() else entry.size
            digest = hashlib.sha256()
            done = 0
            with open(dest, "wb") as out:
                while True:
                    try:
                        chunk = response.read(1024 * 256)
                    except (TimeoutError, OSError) as exc:
                        raise NetworkError(
                            f"the download from {link} broke off after {done} bytes ({exc}).",
                            hint=_offline_hint(entry.from_code, entry.to_code),
                        ) from None
                    if not chunk:
                        break
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
        expected = [n for n in (announced and int(announced), entry.size) if n]
        for size in expected:
            if done != size:
                raise NetworkError(
                    f"the download from {link} is incomplete: {done} of {size} bytes.",
                    hint="Run `transflow models fetch` again.",
                )
        if entry.sha256 and digest.hexdigest() != entry.sha256:
            raise NetworkError(
                f"the download from {link} does not match the index's sha256 "
                f"({digest.hexdigest()[:12]}... != {entry.sha256[:12]}...).",
                hint="Run `transflow models fetch` again; if it persists the index is wrong.",
            )
        return dest
    raise (
        errors[-1]
        if errors
        else NetworkError(f"the index lists no download link for {entry.pair}.")
    )


def fetch(
    source: str,
    target: str,
    index_url: str,
    dest_dir: Path | None = None,
    progress: ProgressFn | None = None,
) -> tuple[ArgosPackage, list[Path]]:
    """Download the newest source -> target package from the index and install it."""
    entry = choose(read_index(index_url, source, target), source, target, index_url)
    with tempfile.TemporaryDirectory(prefix="transflow-fetch-") as tmp:
        archive = download(entry, Path(tmp) / f"{entry.pair}.argosmodel", progress)
        return install_archive(archive, dest_dir)
