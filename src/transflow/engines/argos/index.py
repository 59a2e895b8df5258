"""The Argos package index: find a package for a language pair and download it.

The index is argospm's JSON list of package metadata (`from_code`, `to_code`,
`package_version`, `links`, ...). The URL is `[engine] index_url` in transflow.toml (the
public index by default; a `file://` URL reads a local copy). A download is streamed to a
scratch folder beside the package folder, checked (the Content-Length the server announced,
`size`/`sha256` when the index gives them) and then installed with
`packages.install_archive`, which checks the zip, its limits and the package layout.

What a broken or hostile index or server cannot do: make transflow follow a link that is not
http(s) (a `file://` link in the index, or a redirect to one); send an index larger than
MAX_INDEX_BYTES or nested deeper than MAX_INDEX_DEPTH; send more bytes than it announced,
than the index lists or than `[engine] max_package_gb`; keep transflow waiting: TIMEOUT
seconds without data, or INDEX_DEADLINE / DOWNLOAD_DEADLINE in all, end a request. Every
message names the URL.

Without a network this fails within seconds (CONNECT_TIMEOUT bounds the name lookup and the
connection, which a firewall that drops packets would otherwise stretch to TIMEOUT per
address of the host) with a message saying how to use `models add`.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import json
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transflow.engines.argos.packages import (
    ArchiveLimits,
    ArgosPackage,
    argos_codes,
    argos_packages_dir,
    install_archive,
    is_language_code,
    scratch,
    version_key,
)
from transflow.project.errors import ModelError, NetworkError

if TYPE_CHECKING:
    from urllib.response import addinfourl

TIMEOUT = 15  # seconds without data before a request is abandoned
CONNECT_TIMEOUT = 5  # seconds to resolve a host and connect, all its addresses together
INDEX_DEADLINE = 60  # seconds for the whole index (the public one is about 50 KB)
DOWNLOAD_DEADLINE = 3600  # seconds for a whole package (published ones: 100 MB to 1 GB)
MAX_INDEX_BYTES = 16 * 1024**2
MAX_INDEX_DEPTH = 16  # an index nests 3 deep: a list of objects holding lists of links
CHUNK = 256 * 1024
USER_AGENT = "transflow (Argos package client)"
_WEB = ("http", "https")


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

    @property
    def web_links(self) -> list[str]:
        """The links transflow may follow: http:// and https:// only."""
        return [link for link in self.links if url_problem(link) is None]


def url_problem(url: str, *, local: bool = False) -> str | None:
    """What makes `url` no place to download from (`is not an http:// or https:// URL`), or
    None. With `local`, a `file://` URL naming a regular file is fine too (a local index)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "is not a URL"
    if parts.scheme in _WEB:
        return None if parts.hostname else "has no host name"
    if local and parts.scheme == "file":
        path = Path(urllib.request.url2pathname(parts.path))
        return None if path.is_file() else "names no file"
    return "is not an http:// or https:// URL" + (" (or a file:// one)" if local else "")


def _offline_hint(source: str, target: str) -> str:
    return (
        "transflow itself works offline: on a machine with network access, download the "
        f"{source}->{target} .argosmodel file listed in the Argos package index, copy it here "
        "and install it with `transflow models add FILE.argosmodel`."
    )


# --- one request: http(s) only, a deadline, a cap ------------------------------------------------


class _Deadline:
    """An overall limit on a request: when it passes, the request's sockets are shut down,
    so a read blocked on a server that sends a byte now and then returns at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def check(self, url: str, what: str, hint: str) -> None:
        """NetworkError if the deadline has passed."""
        if self.expired:
            raise NetworkError(
                f"the {what} at {url} took more than {self.seconds:g} s in all; gave up.",
                hint="The server sends too slowly; try again later. " + hint,
            )


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _connect(
    address: tuple[str, int], timeout: float = TIMEOUT, source: tuple[str, int] | None = None
) -> socket.socket:
    """`socket.create_connection` within CONNECT_TIMEOUT in all: the name lookup, which no
    socket timeout bounds, and every address of the host (so a dead resolver or a firewall
    that drops packets fails in seconds, not TIMEOUT per address). An attempt given up on
    ends in the background, closing what it opens."""
    done: list[socket.socket | BaseException] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            sock: socket.socket | BaseException = socket.create_connection(address, timeout, source)
        except OSError as exc:
            sock = exc
        with lock:
            done.append(sock)
            if len(done) > 1 and isinstance(sock, socket.socket):
                sock.close()  # given up on already

    thread = threading.Thread(target=attempt, daemon=True, name="transflow-connect")
    thread.start()
    thread.join(CONNECT_TIMEOUT)
    with lock:
        if not done:
            done.append(TimeoutError())  # tells a late connection to close itself
            raise TimeoutError(f"no connection to {address[0]} within {CONNECT_TIMEOUT:g} s")
    result = done[0]
    if isinstance(result, BaseException):
        raise result
    return result


class _HTTPConnection(http.client.HTTPConnection):
    """A connection whose socket its request's deadline can shut."""

    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self._create_connection = _connect

    def connect(self) -> None:
        super().connect()
        self.deadline.watch(self.sock)


class _HTTPSConnection(http.client.HTTPSConnection):
    """A TLS connection whose socket its request's deadline can shut."""

    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self._create_connection = _connect

    def connect(self) -> None:
        super().connect()
        self.deadline.watch(self.sock)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, deadline=self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPSConnection, deadline=self.deadline), req)


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects to http(s) URLs only (urllib's own handler also follows ftp://)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if url_problem(newurl) is not None:
            raise NetworkError(
                f"{req.full_url} redirects to {newurl}, which is not an http:// or https:// "
                "URL; transflow follows no other kind of link."
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open(
    url: str, what: str, deadline: _Deadline, hint: str
) -> http.client.HTTPResponse | addinfourl:
    """The response (`addinfourl` for a local index); NetworkError naming `url` otherwise.
    Callers have checked `url` with `url_problem`; redirects are checked here."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _HTTPHandler(deadline),
        _HTTPSHandler(deadline),
        urllib.request.FileHandler(),
        _WebRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        # typeshed types the opener's result as Any
        response: http.client.HTTPResponse | addinfourl = opener.open(request, timeout=TIMEOUT)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise NetworkError(
            f"the {what} at {url} answered HTTP {exc.code} ({exc.reason}).", hint=hint
        ) from None
    except http.client.HTTPException as exc:
        deadline.check(url, what, hint)
        raise NetworkError(
            f"the {what} at {url} did not answer in HTTP ({type(exc).__name__}: {exc}).",
            hint=hint,
        ) from None
    except (OSError, ValueError) as exc:  # URLError is an OSError
        deadline.check(url, what, hint)
        reason = getattr(exc, "reason", exc)
        raise NetworkError(
            f"cannot reach the {what} at {url} ({reason}): no network?", hint=hint
        ) from None
    return response


def _announced_length(
    response: http.client.HTTPResponse | addinfourl, url: str, what: str
) -> int | None:
    """The Content-Length header as a number; NetworkError when it is not one."""
    raw = response.headers.get("Content-Length")
    if raw is None:
        return None
    if not re.fullmatch(r"\s*[0-9]+\s*", raw):
        raise NetworkError(
            f"the {what} at {url} came with an invalid Content-Length header ({raw!r}).",
            hint="The server, or a proxy on the way, is broken: try again later.",
        )
    return int(raw)


def _body(
    response: http.client.HTTPResponse | addinfourl,
    url: str,
    what: str,
    deadline: _Deadline,
    limit: tuple[int, str],
    hint: str,
) -> Iterator[bytes]:
    """The body in chunks, refused past `limit` (bytes, and what sets them for the message)
    or the deadline; a broken connection is a NetworkError naming `url`."""
    done = 0
    while True:
        try:
            chunk = response.read(CHUNK)
        except (OSError, http.client.HTTPException) as exc:
            deadline.check(url, what, hint)
            raise NetworkError(
                f"the {what} from {url} broke off after {done} bytes ({exc}).", hint=hint
            ) from None
        deadline.check(url, what, hint)  # a shut socket reads as the end of the body
        if not chunk:
            return
        done += len(chunk)
        if done > limit[0]:
            raise NetworkError(
                f"the {what} at {url} is larger than {limit[1]}; refusing it.", hint=hint
            )
        yield chunk


# --- the index -------------------------------------------------------------------------------


def read_index(url: str, source: str = "SRC", target: str = "TGT") -> list[IndexEntry]:
    """The translation packages an index lists, those with valid language codes."""
    problem = url_problem(url, local=True)
    if problem:
        raise NetworkError(
            f"the Argos package index URL {url!r} {problem}.",
            hint="Set `[engine] index_url` in transflow.toml (or --index) to an http:// or "
            "https:// URL.",
        )
    what, hint = "Argos package index", _offline_hint(source, target)
    cap = (MAX_INDEX_BYTES, f"{MAX_INDEX_BYTES // 1024**2} MB, far more than any package index")
    with _Deadline(INDEX_DEADLINE) as deadline, _open(url, what, deadline, hint) as response:
        announced = _announced_length(response, url, what)
        if announced is not None and announced > cap[0]:
            raise NetworkError(f"the {what} at {url} is larger than {cap[1]}; refusing it.")
        data = b"".join(_body(response, url, what, deadline, cap, hint))
    entries: list[IndexEntry] = []
    for item in _parse_index(data, url):
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        from_code, to_code = item.get("from_code"), item.get("to_code")
        links = item.get("links") or []
        if not isinstance(from_code, str) or not isinstance(to_code, str):
            continue
        if not is_language_code(from_code) or not is_language_code(to_code):
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
                size=size if isinstance(size, int) and not isinstance(size, bool) else None,
                sha256=sha.lower() if isinstance(sha, str) else None,
                raw=item,
            )
        )
    return entries


# Strings, and every run of characters that is neither a bracket nor a quote.
_NOT_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+')


def _nesting(text: str) -> int:
    """How deep JSON text nests (counted up to MAX_INDEX_DEPTH + 1): json.loads recurses
    once per level, so a deep enough document would raise RecursionError."""
    depth = deepest = 0
    for char in _NOT_NESTING.sub("", text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_INDEX_DEPTH:
                break
        elif char in "]}":
            depth -= 1
    return deepest


def _parse_index(data: bytes, url: str) -> list[object]:
    try:
        text = data.decode("utf-8")
        if _nesting(text) > MAX_INDEX_DEPTH:
            raise ValueError(f"nested more than {MAX_INDEX_DEPTH} levels deep")
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("expected a JSON list of packages")
    except (UnicodeDecodeError, ValueError) as exc:
        raise NetworkError(
            f"the Argos package index at {url} is not valid ({exc}).",
            hint="Check `[engine] index_url` in transflow.toml (or --index).",
        ) from None
    return items


def choose(entries: list[IndexEntry], source: str, target: str, url: str) -> IndexEntry:
    """The newest entry for source -> target that can be downloaded; NetworkError saying
    what the index has instead."""
    for src in argos_codes(source):
        for tgt in argos_codes(target):
            found = [e for e in entries if e.from_code == src and e.to_code == tgt]
            usable = [e for e in found if e.web_links]
            if usable:
                return max(usable, key=lambda e: version_key(e.version))
            if found:
                links = sorted({link for e in found for link in e.links})
                raise NetworkError(
                    f"the Argos package index at {url} lists {src} -> {tgt} but no http:// or "
                    f"https:// link to download it ({', '.join(links[:3]) or 'no links'}).",
                    hint="transflow follows no other kind of link. "
                    + _offline_hint(source, target),
                )
    from_here = sorted({e.to_code for e in entries if e.from_code in argos_codes(source)})
    into = sorted({e.from_code for e in entries if e.to_code in argos_codes(target)})
    hint = f"The index has {source} -> {', '.join(from_here) or 'nothing'}"
    hint += f" and {', '.join(into) or 'nothing'} -> {target}."
    if source != "en" and target != "en":
        hint += f" For a pivot through English fetch {source} en and en {target}."
    raise NetworkError(
        f"the Argos package index at {url} has no {source} -> {target} package.", hint=hint
    )


# --- the package -----------------------------------------------------------------------------

# (bytes done, bytes total or None) -> None
ProgressFn = Callable[[int, int | None], None]


def download(
    entry: IndexEntry,
    dest: Path,
    progress: ProgressFn | None = None,
    limits: ArchiveLimits | None = None,
) -> str:
    """Stream the first working link of `entry` to `dest`; check size and checksum.
    Returns the link it came from."""
    limits = limits or ArchiveLimits.from_config(None)
    errors: list[NetworkError] = []
    for link in entry.web_links:
        with _Deadline(DOWNLOAD_DEADLINE) as deadline:
            try:
                hint = _offline_hint(entry.from_code, entry.to_code)
                response = _open(link, "package download", deadline, hint)
            except NetworkError as exc:
                errors.append(exc)
                continue
            with response:
                _save(response, link, entry, dest, limits, deadline, progress)
        return link
    raise (
        errors[-1]
        if errors
        else NetworkError(f"the index lists no http(s) download link for {entry.pair}.")
    )


def _save(
    response: http.client.HTTPResponse | addinfourl,
    link: str,
    entry: IndexEntry,
    dest: Path,
    limits: ArchiveLimits,
    deadline: _Deadline,
    progress: ProgressFn | None,
) -> None:
    what, hint = "package download", _offline_hint(entry.from_code, entry.to_code)
    announced = _announced_length(response, link, what)
    if announced is not None and entry.size is not None and announced != entry.size:
        raise NetworkError(
            f"the package at {link} is {announced} bytes, but the index lists {entry.size}.",
            hint="Run `transflow models fetch` again; if it persists the index is wrong.",
        )
    total = announced if announced is not None else entry.size
    limit = (limits.max_bytes, f"the limit of {limits.max_bytes / 1024**3:g} GB")
    if total is not None and total > limit[0]:
        raise NetworkError(
            f"the package at {link} is {total} bytes, more than {limit[1]}; refusing it.",
            hint="If it is a genuine package, raise `[engine] max_package_gb` in transflow.toml.",
        )
    if total is not None:
        limit = (total, f"the {total} bytes announced")
    digest = hashlib.sha256()
    done = 0
    with open(dest, "wb") as out:
        for chunk in _body(response, link, what, deadline, limit, hint):
            out.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    if total is not None and done != total:
        raise NetworkError(
            f"the download from {link} is incomplete: {done} of {total} bytes.",
            hint="Run `transflow models fetch` again.",
        )
    if entry.sha256 and digest.hexdigest() != entry.sha256:
        raise NetworkError(
            f"the download from {link} does not match the index's sha256 "
            f"({digest.hexdigest()[:12]}... != {entry.sha256[:12]}...).",
            hint="Run `transflow models fetch` again; if it persists the index is wrong.",
        )


def fetch(
    source: str,
    target: str,
    index_url: str,
    dest_dir: Path | None = None,
    progress: ProgressFn | None = None,
    limits: ArchiveLimits | None = None,
) -> tuple[ArgosPackage, list[Path]]:
    """Download the newest source -> target package from the index and install it. The
    download goes to a scratch folder beside `dest_dir`, removed on any exit."""
    limits = limits or ArchiveLimits.from_config(None)
    dest_dir = Path(dest_dir or argos_packages_dir())
    entry = choose(read_index(index_url, source, target), source, target, index_url)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        with scratch(dest_dir, "fetch") as folder:
            archive = folder / "package.argosmodel"
            link = download(entry, archive, progress, limits)
            return install_archive(archive, dest_dir, limits=limits, name=link, pair=entry.pair)
    except OSError as exc:
        raise ModelError(
            f"cannot download the {entry.pair} package into {dest_dir} "
            f"({exc.strerror or exc}); nothing was installed.",
            hint="Make that folder writable, with room for the package, or set "
            "ARGOS_PACKAGES_DIR to another folder.",
        ) from None
