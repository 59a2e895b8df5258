"""Argos Translate packages: find, validate, install and remove them.

transflow reads the same package folders as argostranslate so packages installed by
`argospm` are found, and installs where argostranslate looks so they work there too:

- `ARGOS_PACKAGES_DIR` (environment), else the same key in argostranslate's
  `$XDG_CONFIG_HOME/argos-translate/settings.json`, else
  `$XDG_DATA_HOME/argos-translate/packages` (`~/.local/share/argos-translate/packages`);
- plus an optional project folder, `[engine] models_dir` in transflow.toml (searched first).

A package is a folder holding `metadata.json` (`from_code`, `to_code`, `package_version`,
optional `target_prefix`), a CTranslate2 model in `model/` and `sentencepiece.model` (or
`bpe.model`). An `.argosmodel` file is that folder zipped (one top-level folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import FrameType
from typing import TYPE_CHECKING

from transflow.project.config import SCHEMA
from transflow.project.errors import LanguageError, ModelError
from transflow.project.languages import base_language, normalize_language

if TYPE_CHECKING:
    from transflow.project.project import Project


@dataclass(frozen=True)
class ArgosPackage:
    """An installed Argos translation package."""

    path: Path
    from_code: str
    to_code: str
    version: str
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""
    tokenizer: str = "sentencepiece"  # or "bpe"

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def provenance(self) -> str:
        """How PO provenance comments name it: `argos:en-ko@1.1`."""
        return f"argos:{self.pair}@{self.version}"


# --- where packages live ---------------------------------------------------------------------


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def argos_packages_dir() -> Path:
    """The folder argostranslate installs into and reads (its `settings.package_data_dir`)."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or _home() / ".config")
    settings_file = config_home / "argos-translate" / "settings.json"
    try:
        configured = json.loads(settings_file.read_text(encoding="utf-8")).get("ARGOS_PACKAGES_DIR")
    except (OSError, ValueError, AttributeError):
        configured = None
    if isinstance(configured, str) and configured:
        return Path(configured).expanduser()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or _home() / ".local" / "share")
    return data_home / "argos-translate" / "packages"


def project_models_dir(project: Project | None) -> Path | None:
    if project is None:
        return None
    folder = project.settings.get("engine", {}).get("models_dir")
    if not folder:
        return None
    path = Path(folder).expanduser()
    return path if path.is_absolute() else project.root / path


def package_dirs(project: Project | None = None) -> list[Path]:
    """Folders searched for packages, first match wins: the project's, then argostranslate's."""
    dirs = [d for d in (project_models_dir(project), argos_packages_dir()) if d is not None]
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


# --- reading packages --------------------------------------------------------------------------


def read_package(folder: Path) -> ArgosPackage:
    """Parse and check an installed package folder; ModelError says what is wrong."""
    meta_path = folder / "metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError("is not an Argos package: no metadata.json.", path=folder) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"cannot be read as JSON ({exc}).", path=meta_path) from None
    return _package_from_metadata(meta, folder, meta_path, lambda rel: (folder / rel).exists())


def _package_from_metadata(
    meta: object, folder: Path, where: str | Path, exists: Callable[[str], bool]
) -> ArgosPackage:
    """The package `meta` (parsed metadata.json, any JSON value) describes; `exists` says
    whether a file (relative to the package folder) is there."""
    if not isinstance(meta, dict):
        raise ModelError("must hold a JSON object.", path=where)
    kind = meta.get("type", "translate")
    if kind != "translate":
        raise ModelError(f"is a {kind!r} package, not a translation package.", path=where)
    codes: dict[str, str] = {}
    for k in ("from_code", "to_code"):
        value = meta.get(k)
        if isinstance(value, str) and value.strip():
            codes[k] = value.strip()
    bad = [k for k in ("from_code", "to_code") if k not in codes]
    if bad:
        raise ModelError(
            f"lacks {' and '.join(bad)} (the language codes of the package).", path=where
        )
    for key, code in codes.items():
        if not is_language_code(code):
            raise ModelError(
                f"has {key} {code!r}, which is not a language code.",
                path=where,
                hint="Argos packages name their languages with codes such as en, ko, zh or zt "
                "(traditional Chinese); this package is broken or not an Argos package. Get "
                "it again from its publisher.",
            )
    if not exists("model/model.bin"):
        raise ModelError(
            "has no CTranslate2 model (model/model.bin).", path=folder, hint=_REBUILD_HINT
        )
    if exists("sentencepiece.model"):
        tokenizer = "sentencepiece"
    elif exists("bpe.model"):
        tokenizer = "bpe"
    else:
        raise ModelError(
            "has no tokenizer (sentencepiece.model or bpe.model).",
            path=folder,
            hint=_REBUILD_HINT,
        )
    return ArgosPackage(
        path=folder,
        from_code=codes["from_code"],
        to_code=codes["to_code"],
        version=str(meta.get("package_version") or "0"),
        from_name=str(meta.get("from_name") or ""),
        to_name=str(meta.get("to_name") or ""),
        target_prefix=str(meta.get("target_prefix") or ""),
        tokenizer=tokenizer,
    )


_REBUILD_HINT = "Download the package again; an .argosmodel holds model/, metadata.json and a "
_REBUILD_HINT += "SentencePiece or BPE model in one top-level folder."


@dataclass(frozen=True)
class PackageProblem:
    """A folder in a package directory that is not a usable package (shown by `models list`)."""

    path: Path
    message: str


def installed_packages(
    project: Project | None = None,
) -> tuple[list[ArgosPackage], list[PackageProblem]]:
    """Every usable package in `package_dirs(project)`, and the folders that are not."""
    found: list[ArgosPackage] = []
    problems: list[PackageProblem] = []
    for directory in package_dirs(project):
        if not directory.is_dir():
            continue
        try:
            folders = sorted(directory.iterdir())
        except OSError as exc:
            problems.append(PackageProblem(directory, f"{directory}: cannot be read ({exc})."))
            continue
        for folder in folders:
            if not folder.is_dir() or folder.name.startswith("."):
                continue
            try:
                found.append(read_package(folder))
            except ModelError as exc:
                problems.append(PackageProblem(folder, exc.render()))
    return found, problems


# --- language codes ---------------------------------------------------------------------------

# Argos codes that are not the BCP 47 base language.
_ARGOS_CODES = {"zh-Hant": "zt", "zh-TW": "zt", "zh-HK": "zt", "zh-MO": "zt", "pt-BR": "pb"}
# The shape of a language tag: letters, then subtags; never a separator, a dot or a space.
_TAG_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def is_language_code(code: str) -> bool:
    """Whether a package or index may name a language with `code`: an Argos-only code (zt,
    pb) or a BCP 47 tag Babel knows. Codes end up in folder names and messages, so the shape
    is checked first: `../../x` or `en/ko` never reach Babel."""
    if not _TAG_SHAPE.fullmatch(code):
        return False
    if code in _ARGOS_CODES.values():
        return True
    try:
        normalize_language(code)
    except LanguageError:
        return False
    return True


def argos_codes(tag: str) -> list[str]:
    """Package codes that serve a project language, best first (`zh-Hant` -> zt, zh)."""
    codes: list[str] = []
    if tag in _ARGOS_CODES:
        codes.append(_ARGOS_CODES[tag])
    for code in (tag.lower(), base_language(tag)):
        if code not in codes:
            codes.append(code)
    return codes


def find_package(packages: list[ArgosPackage], source: str, target: str) -> ArgosPackage | None:
    """The package for source -> target (project tags or Argos codes); newest version wins."""
    for src in argos_codes(source):
        for tgt in argos_codes(target):
            matches = [p for p in packages if p.from_code == src and p.to_code == tgt]
            if matches:
                # package_dirs order first (project folder wins), then the newest version
                return max(matches, key=lambda p: (-_dir_rank(p, packages), version_key(p.version)))
    return None


def version_key(version: str) -> tuple[int, ...]:
    """`1.10` > `1.9`: compare the numeric parts (Argos versions are dotted numbers)."""
    return tuple(int(n) for n in re.findall(r"\d+", version))


def _dir_rank(pkg: ArgosPackage, packages: list[ArgosPackage]) -> int:
    parents: list[Path] = []
    for p in packages:
        if p.path.parent not in parents:
            parents.append(p.path.parent)
    return parents.index(pkg.path.parent)


# --- limits ----------------------------------------------------------------------------------

MAX_ENTRIES = 10_000  # a package holds a few dozen files; more is a bomb of empty files


@dataclass(frozen=True)
class ArchiveLimits:
    """How far an `.argosmodel` may unpack (`[engine] max_package_gb`, `max_package_ratio`),
    checked from the zip's central directory before anything is extracted. Published
    packages unpack to well under 1 GB and barely compress (model weights: about 1.1:1)."""

    max_bytes: int
    max_ratio: float

    @classmethod
    def from_config(cls, project: Project | None) -> ArchiveLimits:
        """The project's limits; outside a project, the defaults of the settings schema."""
        defaults = {key: default for key, (_, default) in SCHEMA["engine"].items()}
        engine = project.settings["engine"] if project is not None else defaults
        return cls(int(engine["max_package_gb"] * 1024**3), float(engine["max_package_ratio"]))


def _size(count: float) -> str:
    """A byte count for a message: `512 bytes`, `2.7 MB`, `8.0 GB`."""
    if count < 1024:
        return f"{count:.0f} bytes"
    for unit in ("KB", "MB", "GB"):
        count /= 1024
        if count < 1024 or unit == "GB":
            break
    return f"{count:.1f} {unit}"


def _check_limits(
    infos: list[zipfile.ZipInfo], archive_size: int, limits: ArchiveLimits, where: str
) -> None:
    """Refuse what would unpack to too much, judged by the sizes the archive declares."""
    if len(infos) > MAX_ENTRIES:
        raise ModelError(
            f"holds {len(infos)} entries, more than the {MAX_ENTRIES} any package needs; "
            "refusing to install it.",
            path=where,
            hint=_REBUILD_HINT,
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_bytes:
        raise ModelError(
            f"would unpack to {_size(total)}, more than the limit of "
            f"{_size(limits.max_bytes)}; refusing to install it.",
            path=where,
            hint="If it is a genuine package, raise `[engine] max_package_gb` in transflow.toml.",
        )
    ratio = total / max(archive_size, 1)
    if ratio > limits.max_ratio:
        raise ModelError(
            f"would unpack to {_size(total)} from {_size(archive_size)}, a compression ratio "
            f"of {ratio:.0f}:1 (the limit is {limits.max_ratio:g}:1; model weights barely "
            "compress): a zip bomb, or not a translation model. Refusing to install it.",
            path=where,
            hint="If it is a genuine package, raise `[engine] max_package_ratio` in "
            "transflow.toml.",
        )


# --- checking an archive -----------------------------------------------------------------------


def _check_member(info: zipfile.ZipInfo, where: str) -> PurePosixPath:
    name = info.filename
    mode = (info.external_attr >> 16) & 0o170000
    if mode == stat.S_IFLNK:
        raise ModelError(f"holds a symbolic link ({name!r}); refusing to install.", path=where)
    if mode not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ModelError(f"holds a special file ({name!r}); refusing to install.", path=where)
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ModelError(
            f"holds an absolute or non-portable path ({name!r}); refusing to install.",
            path=where,
        )
    parts = PurePosixPath(name).parts
    if any(part in ("..", "") for part in parts) or not parts:
        raise ModelError(
            f"holds a path that escapes its folder ({name!r}); refusing to install.",
            path=where,
        )
    return PurePosixPath(name)


def _corrupt(where: str, exc: Exception) -> ModelError:
    return ModelError(
        f"is corrupt: not a valid zip archive ({exc}).", path=where, hint="Download it again."
    )


def inspect_archive(
    archive: Path, limits: ArchiveLimits | None = None, name: str | None = None
) -> tuple[str, ArgosPackage]:
    """Check an `.argosmodel` from its central directory, extracting nothing but
    metadata.json: (top-level folder, package). `name` is how messages call the archive
    (the URL of a download; its path by default). Entry CRCs are checked while unpacking."""
    where = name or str(archive)
    limits = limits or ArchiveLimits.from_config(None)
    try:
        info = archive.stat()
    except FileNotFoundError:
        raise ModelError("does not exist.", path=where) from None
    except OSError as exc:
        raise ModelError(f"cannot be read ({exc.strerror or exc}).", path=where) from None
    if not stat.S_ISREG(info.st_mode):
        raise ModelError(
            "is not a file (an .argosmodel is a zip archive).", path=where, hint=_REBUILD_HINT
        )
    if not zipfile.is_zipfile(archive):
        raise ModelError(
            "is not an Argos package (.argosmodel files are zip archives).", path=where
        )
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            _check_limits(infos, info.st_size, limits, where)
            names = [_check_member(i, where) for i in infos]
            _check_layout(names, infos, where)
            top = names[0].parts[0]
            members = {n.relative_to(top).as_posix() for n in names if len(n.parts) > 1}
            try:
                meta = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
            except KeyError:
                raise ModelError(
                    f"has no {top}/metadata.json.", path=where, hint=_REBUILD_HINT
                ) from None
            except (UnicodeDecodeError, ValueError) as exc:
                raise ModelError(
                    f"{top}/metadata.json is not valid JSON ({exc}).", path=where
                ) from None
            package = _package_from_metadata(
                meta, Path(top), f"{where}:{top}/metadata.json", members.__contains__
            )
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _corrupt(where, exc) from None
    except OSError as exc:
        raise ModelError(f"cannot be read ({exc.strerror or exc}).", path=where) from None
    return top, package


def _check_layout(names: list[PurePosixPath], infos: list[zipfile.ZipInfo], where: str) -> None:
    """One visible top-level folder; no entry twice, none both a file and a folder."""
    tops = {n.parts[0] for n in names}
    if len(tops) != 1 or any(
        len(n.parts) == 1 and not i.is_dir() for n, i in zip(names, infos, strict=True)
    ):
        raise ModelError(
            f"must hold exactly one top-level folder (found {len(tops)}: "
            f"{', '.join(sorted(tops)[:5])}).",
            path=where,
            hint=_REBUILD_HINT,
        )
    top = tops.pop()
    if top.startswith("."):
        raise ModelError(f"has a hidden top-level folder {top!r}.", path=where)
    folders = {parent for n in names for parent in n.parents}
    seen: set[PurePosixPath] = set()
    clash = None
    for n, i in zip(names, infos, strict=True):
        if not i.is_dir() and (n in seen or n in folders):
            clash = n
            break
        seen.add(n)
    if clash is not None:
        raise ModelError(
            f"holds {clash} twice (or as a file and a folder); refusing to install.",
            path=where,
            hint=_REBUILD_HINT,
        )


# --- installing and removing ---------------------------------------------------------------------


def install_archive(
    archive: Path,
    dest_dir: Path | None = None,
    *,
    limits: ArchiveLimits | None = None,
    name: str | None = None,
    pair: str | None = None,
) -> tuple[ArgosPackage, list[Path]]:
    """Install an `.argosmodel` into `dest_dir` (argostranslate's folder by default).

    Checked first (`inspect_archive`, within `limits`), unpacked into a scratch folder
    beside `dest_dir`, read again, then moved into place with one rename, so a failed or
    interrupted install leaves no half-package. The packages of the same language pair, as
    their metadata.json says (never as their folder names say), are replaced; a folder of the
    same name holding anything else is left alone and the install refused. `pair` (`en-ko`),
    when given, is the pair the package must be (fetch: what the index listed); `name` is
    how messages call the archive. Returns the package and the folders it replaced.
    """
    where = name or str(archive)
    top, package = inspect_archive(archive, limits, where)
    if pair is not None and package.pair != pair:
        raise ModelError(
            f"holds the {package.pair} package, but the index lists it as {pair}; nothing "
            "was installed.",
            path=where,
            hint="The package index is wrong: report it to whoever publishes it.",
        )
    dest_dir = Path(dest_dir or argos_packages_dir())
    final = dest_dir / top
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        same_pair = [p.path for p in installed_packages_in(dest_dir) if p.pair == package.pair]
        if os.path.lexists(final) and final not in same_pair:
            raise _occupied(final, package, where)
        with scratch(dest_dir, "install") as staging:
            _extract(archive, staging, where)
            read_package(staging / top)
            backup = staging / ".previous"  # `top` is never hidden, so never this name
            if os.path.lexists(final):
                os.replace(final, backup)
            try:
                os.replace(staging / top, final)
            except BaseException:
                if os.path.lexists(backup):
                    os.replace(backup, final)
                raise
            for other in same_pair:
                if other != final:
                    _remove_folder(other)
    except OSError as exc:
        raise ModelError(
            f"cannot be installed into {dest_dir} ({exc.strerror or exc}); nothing was installed.",
            path=where,
            hint="Make that folder writable, with room for the package, or set "
            "ARGOS_PACKAGES_DIR to another folder.",
        ) from None
    return read_package(final), same_pair


def _occupied(final: Path, package: ArgosPackage, where: str) -> ModelError:
    """The error for a folder in the way that is not a package of the same pair."""
    try:
        holds = f"the installed {read_package(final).pair} package"
    except ModelError as exc:
        holds = f"something that is not a package ({exc.message.rstrip('.')})"
    return ModelError(
        f"unpacks into {final.name}, but {final} holds {holds}; this package is "
        f"{package.pair}, so nothing was installed.",
        path=where,
        hint=f"Move or remove {final} first if it should go (`transflow models remove` "
        "removes a package by its language pair).",
    )


def _extract(archive: Path, staging: Path, where: str) -> None:
    """Unpack into `staging`. zipfile yields no more than an entry's declared size and checks
    its CRC at the end, so an entry whose header lies about its size fails here rather than
    filling the disk: the declared sizes are what `ArchiveLimits` allowed."""
    try:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                target = staging / _check_member(info, where)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "xb") as out:
                    shutil.copyfileobj(src, out, 1024 * 1024)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _corrupt(where, exc) from None


def installed_packages_in(directory: Path) -> list[ArgosPackage]:
    """The readable packages directly in `directory` (broken folders are skipped)."""
    found: list[ArgosPackage] = []
    if directory.is_dir():
        for folder in sorted(directory.iterdir()):
            if folder.is_dir() and not folder.name.startswith("."):
                try:
                    found.append(read_package(folder))
                except ModelError:
                    pass
    return found


def _remove_folder(folder: Path) -> None:
    """Move a package out of its folder in one rename (it disappears at once for every
    reader), then delete it; a link is removed, never what it points to."""
    with scratch(folder.parent, "remove") as trash:
        os.replace(folder, trash / folder.name)


def remove_packages(project: Project | None, source: str, target: str) -> list[ArgosPackage]:
    """Remove every installed package for source -> target; ModelError if there is none."""
    packages, _ = installed_packages(project)
    gone = [p for p in packages if find_package([p], source, target) is not None]
    if not gone:
        raise ModelError(
            f"no installed package translates {source} -> {target}.",
            hint=f"Installed pairs: {installed_pairs_text(packages)}. See `transflow models list`.",
        )
    for package in gone:
        try:
            _remove_folder(package.path)
        except OSError as exc:
            raise ModelError(
                f"cannot be removed ({exc.strerror or exc}).",
                path=package.path,
                hint="Make its folder writable, or remove it by hand.",
            ) from None
    return gone


def installed_pairs_text(packages: list[ArgosPackage]) -> str:
    pairs = sorted({p.pair for p in packages})
    return ", ".join(pairs) if pairs else "none"


# --- scratch folders -----------------------------------------------------------------------------

_SCRATCH_NAME = re.compile(r"\.transflow-(\d+)-")


@contextmanager
def scratch(dest_dir: Path, what: str) -> Iterator[Path]:
    """A scratch folder for work on the package folder `dest_dir` (unpacking, a download, a
    removal), deleted on any exit: an error, Ctrl-C, SIGTERM or SIGHUP. One that a killed
    process (SIGKILL, a crash) left is deleted by a later call once that process is gone.

    It lives beside `dest_dir`, not in it, because argostranslate fails on any folder there
    without a metadata.json; in it only when the parent is on another filesystem (a rename
    could not move a package across) or cannot be written.
    """
    area = _work_area(dest_dir)
    _clean_stale(area)
    folder = Path(tempfile.mkdtemp(prefix=f".transflow-{os.getpid()}-{what}-", dir=area))
    try:
        with _exit_on_termination():
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _work_area(dest_dir: Path) -> Path:
    parent = dest_dir.parent
    try:
        same_device = parent.stat().st_dev == dest_dir.stat().st_dev
    except OSError:
        return dest_dir
    return parent if same_device and os.access(parent, os.W_OK) else dest_dir


def _clean_stale(area: Path) -> None:
    """Delete the scratch folders in `area` whose process no longer runs."""
    try:
        entries = list(area.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _SCRATCH_NAME.match(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not _running(match[1]):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: someone else's process
        return True
    return True


@contextmanager
def _exit_on_termination() -> Iterator[None]:
    """Make SIGTERM and SIGHUP raise SystemExit (128 + the signal, as a shell reports it) so
    `finally` blocks run; only in the main thread, and only where no handler is set."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            previous[sig] = signal.signal(sig, _raise_exit)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _raise_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)
