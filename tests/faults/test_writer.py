"""Fault cases of the writer, of paths inside the project and of OS errors (issue 11: D2, D5,
D9, D10, D13, D19, D25's temp files), and plain tests of the writer's rules.

Permission cases need a folder the process cannot write. chmod does that for a normal user;
root ignores it, so as root the folder is made immutable (`chattr +i`), which stops root too,
and the case is skipped where chattr cannot do that (another file system, no capability).
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import socket
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from transflow.project.errors import FileSystemError, TransflowError
from transflow.project.fsutil import TEMP_SUFFIX, WriteBatch, atomic_write_text, read_utf8

from ..conftest import SLUG_WIRE, Result, run_cli
from .harness import Fault, base_project, ids, run_fault, tree

SLUG = SLUG_WIRE
SOURCE = f"sources/{SLUG}.txt"
KO, ZH = f"translations/ko/{SLUG}.po", f"translations/zh/{SLUG}.po"
CATALOGS = frozenset({KO, ZH})

_immutable: list[Path] = []  # folders made immutable (as root), made mutable again after a test


@pytest.fixture(autouse=True)
def _undo_read_only() -> Iterator[None]:
    yield
    while _immutable:
        subprocess.run(["chattr", "-i", str(_immutable.pop())], check=False)


def read_only(folder: Path) -> None:
    """Make `folder` unwritable for this process, whoever it runs as (see the module doc)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return
    chattr = shutil.which("chattr")
    done = chattr and subprocess.run([chattr, "+i", str(folder)], capture_output=True)
    if not done or done.returncode != 0:
        pytest.skip("running as root, and chattr +i is not available to make a folder read-only")
    _immutable.append(folder)


# --- setups ------------------------------------------------------------------------------------


def edit_source(project: Path) -> None:
    """Change the article, so that extract has every catalog to rewrite."""
    with (project / SOURCE).open("a", encoding="utf-8") as fh:
        fh.write("\nA new paragraph was added. It has two sentences.\n")


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        for step in steps:
            step(project)

    return setup


def nothing(project: Path) -> None:
    del project


def link_output(project: Path) -> None:
    (project / "target.csv").write_text("old\n", encoding="utf-8")
    (project / "out.csv").symlink_to("target.csv")


def link_to_stdout(project: Path) -> None:
    (project / "stdout").symlink_to("/dev/stdout")  # a stand-in: /dev/stdout itself is shared


def fifo_output(project: Path) -> None:
    os.mkfifo(project / "out.fifo")


def socket_output(project: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(project / "out.sock"))


def device_output(project: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node")
    os.mknod(project / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))  # as /dev/full


def notes_file(project: Path) -> None:
    (project / "notes.txt").write_text("notes\n", encoding="utf-8")


def incoming_csv(project: Path) -> None:
    (project / "incoming.csv").write_text("en,ko\nsanctions,제재\n", encoding="utf-8")


def ko_catalog_is_folder(project: Path) -> None:
    (project / KO).unlink()
    (project / KO).mkdir()


def ko_catalog_is_link(project: Path) -> None:
    (project / KO).rename(project / "kept.po")
    (project / KO).symlink_to("../../kept.po")


def ko_catalog_is_fifo(project: Path) -> None:
    (project / KO).unlink()
    os.mkfifo(project / KO)


def translations_is_file(project: Path) -> None:
    shutil.rmtree(project / "translations")
    (project / "translations").write_text("not a folder\n", encoding="utf-8")


def zh_is_file(project: Path) -> None:
    shutil.rmtree(project / "translations" / "zh")
    (project / "translations" / "zh").write_text("not a folder\n", encoding="utf-8")


def zh_read_only(project: Path) -> None:
    read_only(project / "translations" / "zh")


def ko_is_linked_folder(project: Path) -> None:
    (project / "translations" / "ko").rename(project / "ko-shared")
    (project / "translations" / "ko").symlink_to("../ko-shared")


def editions_read_only(project: Path) -> None:
    (project / "editions").mkdir()
    read_only(project / "editions")


def editions_is_file(project: Path) -> None:
    (project / "editions").write_text("not a folder\n", encoding="utf-8")


def published(project: Path) -> None:
    assert run_cli("publish", "--draft", cwd=project).code == 0


def edition_is_link(project: Path) -> None:
    published(project)
    edition = project / "editions" / "ko" / f"{SLUG}.md"
    edition.rename(project / "kept.md")
    edition.symlink_to("../../kept.md")


def edition_md_is_folder(project: Path) -> None:
    published(project)
    (project / "editions" / "ko" / "stray.md").mkdir()


def prune_in_read_only_folder(project: Path) -> None:
    """An edition to prune in editions/zh, which cannot be changed, and one to write in ko."""
    other = project / "sources" / "second-story.txt"
    other.write_text("second-story\n\nSecond Story\n\nIt rained.\n", encoding="utf-8")
    assert run_cli("extract", cwd=project).code == 0
    published(project)
    other.unlink()
    edit_source(project)
    assert run_cli("extract", cwd=project).code == 0
    read_only(project / "editions" / "zh")


def memory_to_reuse_zh_read_only(project: Path) -> None:
    """A second article repeating the first's sentences, which are reviewed in ko and zh:
    `translate --memory-only` fills both of its catalogs; translations/zh cannot be changed."""
    from transflow.po.catalog import load_catalog, save_catalog

    second = (project / SOURCE).read_text(encoding="utf-8").replace(SLUG, "second-story", 1)
    (project / "sources" / "second-story.txt").write_text(second, encoding="utf-8")
    assert run_cli("extract", cwd=project).code == 0
    for lang in ("ko", "zh"):
        path = project / "translations" / lang / f"{SLUG}.po"
        po = load_catalog(path)
        for entry in po:
            entry.msgstr = f"[{lang}] {entry.msgid}"
        save_catalog(po, path)
    read_only(project / "translations" / "zh")


def glossary_read_only(project: Path) -> None:
    read_only(project / "glossary")


def glossary_csv_is_folder(project: Path) -> None:
    (project / "glossary" / "extra.csv").mkdir()


def glossary_csv_is_fifo(project: Path) -> None:
    os.mkfifo(project / "glossary" / "extra.csv")


def source_is_fifo(project: Path) -> None:
    os.mkfifo(project / "sources" / "pipe.txt")


def config_is_folder(project: Path) -> None:
    (project / "transflow.toml").unlink()
    (project / "transflow.toml").mkdir()


LONG_SLUG = "a" * 245  # D10: a 245-character source file name (a Markdown slug is its name)
TOO_LONG_SLUG = "b" * 252  # its catalog (.po) fits 255 bytes, its HTML edition does not


def markdown_source(slug: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        text = "---\ntitle: Long\n---\n\n# Long\n\nThe court ruled on Monday.\n"
        (project / "sources" / f"{slug}.md").write_text(text, encoding="utf-8")

    return setup


def extracted_markdown_source(slug: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        markdown_source(slug)(project)
        assert run_cli("extract", cwd=project).code == 0

    return setup


def slug_longer_than_a_name(project: Path) -> None:
    wire = f"{'c' * 300}\n\nA Title\n\nOne sentence here.\n"
    (project / "sources" / "long.txt").write_text(wire, encoding="utf-8")


STALE = f".{SLUG}.po.{{pid}}.abcd1234{TEMP_SUFFIX}"
NO_PROCESS = 99_999_999  # above PID_MAX_LIMIT (2**22): never a running process
RUNNING = 1  # init: always running


def temp_files(project: Path) -> None:
    """What a killed run left in translations/ko, beside a running one's and the user's own."""
    ko = project / "translations" / "ko"
    (ko / STALE.format(pid=NO_PROCESS)).write_text('msgid "half', encoding="utf-8")
    (ko / STALE.format(pid=RUNNING)).write_text("a running process's", encoding="utf-8")
    (ko / ".notes.tmp").write_text("the user's own", encoding="utf-8")


def init_folder_with_sources_file(project: Path) -> None:
    (project / "new").mkdir()
    (project / "new" / "sources").write_text("not a folder\n", encoding="utf-8")


# --- checks ------------------------------------------------------------------------------------


def outside_is_untouched(name: str) -> Callable[[Path, Result], None]:
    def check(project: Path, result: Result) -> None:
        assert not (project.parent / name).exists()

    return check


def only_stale_temp_removed(project: Path, result: Result) -> None:
    left = sorted(p.name for p in (project / "translations" / "ko").iterdir())
    assert left == [".notes.tmp", STALE.format(pid=RUNNING), f"{SLUG}.po"], left


def no_temp_files(project: Path, result: Result) -> None:
    assert not [p for p in project.rglob(f"*{TEMP_SUFFIX}")]


def stdout_is_the_export(project: Path, result: Result) -> None:
    assert result.stdout.startswith("en,ko,zh"), result.stdout


def init_leaves_nothing_and_runs_again(project: Path, result: Result) -> None:
    new = project / "new"
    assert sorted(p.name for p in new.iterdir()) == ["sources"]
    (new / "sources").unlink()
    again = run_cli("init", "new", cwd=project)
    assert again.code == 0, again.stderr
    assert (new / "transflow.toml").is_file() and (new / "sources").is_dir()


def written_into_the_linked_folder(project: Path, result: Result) -> None:
    assert (project / "translations" / "ko").is_symlink()
    assert "new paragraph" in (project / "ko-shared" / f"{SLUG}.po").read_text(encoding="utf-8")


EXPORT = ("glossary", "export")
IMPORT = ("glossary", "import", "incoming.csv")
ADD = ("glossary", "add", "sanctions", "-t", "ko=제재")
DRAFT = ("publish", "--draft")
LONG_CATALOGS = frozenset({f"translations/{lang}/{LONG_SLUG}.po" for lang in ("ko", "zh")})
LONG_EDITIONS = frozenset(
    {"editions", "editions/index.html", "editions/drafts.html"}
    | {f"editions/{lang}" for lang in ("en", "ko", "zh")}
    | {f"editions/{lang}/index.html" for lang in ("en", "ko", "zh")}
    | {f"editions/{lang}/{s}.{ext}" for lang in ("en", "ko", "zh") for s in (SLUG, LONG_SLUG)
       for ext in ("md", "html")}
)  # fmt: skip

CASES = [
    # D2: the writer writes regular files only, never through a link or a special file
    Fault("export-output-symlink", link_output, (*EXPORT, "-o", "out.csv"), 2,
          ("out.csv", "symbolic link", "target.csv")),
    Fault("export-output-link-to-dev-stdout", link_to_stdout, (*EXPORT, "-o", "stdout"), 2,
          ("stdout", "/dev/stdout", "`-`")),
    Fault("export-output-proc-self-fd", nothing, (*EXPORT, "-o", "/proc/self/fd/1"), 2,
          ("/proc/self/fd/1", "symbolic link", "`-`")),
    Fault("export-output-fifo", fifo_output, (*EXPORT, "-o", "out.fifo"), 2,
          ("out.fifo", "FIFO")),
    Fault("export-output-socket", socket_output, (*EXPORT, "-o", "out.sock"), 2,
          ("out.sock", "socket")),
    Fault("export-output-device", device_output, (*EXPORT, "-o", "full"), 2,
          ("full", "device", "`-`")),
    Fault("export-output-dash-is-stdout", nothing, (*EXPORT, "-o", "-"), 0,
          check=stdout_is_the_export),
    Fault("extract-catalog-symlink", both(ko_catalog_is_link, edit_source), ("extract",), 2,
          (KO, "symbolic link")),
    Fault("extract-catalog-fifo", both(ko_catalog_is_fifo, edit_source), ("extract",), 2,
          (KO, "FIFO")),
    Fault("extract-into-symlinked-language-folder", both(ko_is_linked_folder, edit_source),
          ("extract",), 0, changes=frozenset({f"ko-shared/{SLUG}.po", ZH}),
          check=written_into_the_linked_folder),
    Fault("publish-edition-symlink", edition_is_link, DRAFT, 2,
          (f"editions/ko/{SLUG}.md", "symbolic link")),
    # D9: a folder, or a file, where the other must be
    Fault("export-output-folder", nothing, (*EXPORT, "-o", "glossary"), 2,
          ("glossary", "folder")),
    Fault("export-output-through-a-file", notes_file, (*EXPORT, "-o", "notes.txt/x.csv"), 2,
          ("notes.txt", "a folder must be")),
    Fault("extract-catalog-is-folder", both(ko_catalog_is_folder, edit_source), ("extract",),
          2, (KO, "folder")),
    Fault("paths-translations-is-file", both(translations_is_file, edit_source), ("extract",),
          2, ("translations", "a folder must be", "[paths]")),
    Fault("extract-language-folder-is-file", both(zh_is_file, edit_source), ("extract",), 2,
          ("translations/zh", "a folder must be")),
    Fault("publish-editions-is-file", editions_is_file, DRAFT, 2,
          ("editions", "a folder must be")),
    Fault("publish-out-is-file", notes_file, (*DRAFT, "--out", "notes.txt"), 2,
          ("notes.txt", "--out")),
    Fault("glossary-csv-is-folder", glossary_csv_is_folder, ("glossary", "list"), 2,
          ("glossary/extra.csv",)),
    Fault("glossary-csv-is-fifo", glossary_csv_is_fifo, ("check",), 2,  # and does not hang
          ("glossary/extra.csv",)),
    Fault("source-is-fifo-is-skipped", source_is_fifo, ("extract",), 0),
    Fault("config-is-folder", config_is_folder, ("status",), 2, ("transflow.toml",)),
    Fault("unforeseen-os-error-names-the-path", edition_md_is_folder, DRAFT, 2,
          ("editions/ko/stray.md", "folder")),
    # D9: permissions; every catalog or none
    Fault("extract-language-folder-read-only", both(zh_read_only, edit_source), ("extract",),
          2, ("translations/zh", "cannot write")),
    Fault("publish-editions-read-only", editions_read_only, DRAFT, 2,
          ("editions", "cannot write")),
    Fault("translate-memory-only-language-folder-read-only", memory_to_reuse_zh_read_only,
          ("translate", "--memory-only"), 2, ("translations/zh/second-story.po", "cannot write")),
    Fault("publish-prune-in-read-only-folder", prune_in_read_only_folder,
          (*DRAFT, "--prune", "--lang", "ko"), 2, ("editions/zh/", "cannot remove")),
    Fault("glossary-add-folder-read-only", glossary_read_only, ADD, 2,
          ("glossary/newsroom.csv", "cannot write")),
    # D10: long names
    Fault("extract-source-name-245-chars", markdown_source(LONG_SLUG), ("extract",), 0,
          changes=LONG_CATALOGS, check=no_temp_files),
    Fault("publish-source-name-245-chars", extracted_markdown_source(LONG_SLUG), DRAFT, 0,
          changes=LONG_EDITIONS, check=no_temp_files),
    Fault("extract-slug-longer-than-a-file-name", both(slug_longer_than_a_name, edit_source),
          ("extract",), 2, ("c" * 300, "too long")),
    Fault("publish-edition-name-too-long", extracted_markdown_source(TOO_LONG_SLUG), DRAFT, 2,
          (TOO_LONG_SLUG + ".html", "too long")),
    Fault("export-output-name-too-long", nothing, (*EXPORT, "-o", "x" * 300 + ".csv"), 2,
          ("x" * 300, "too long")),
    # D5: options naming a glossary file stay in the glossary folder
    Fault("import-into-parent-folder", incoming_csv, (*IMPORT, "--into", "../escaped-into.csv"),
          2, ("--into", "../escaped-into.csv"), check=outside_is_untouched("escaped-into.csv")),
    Fault("import-into-absolute-path", incoming_csv, (*IMPORT, "--into", "/tmp/escaped.csv"), 2,
          ("--into", "/tmp/escaped.csv")),
    Fault("import-into-subfolder", incoming_csv, (*IMPORT, "--into", "sub/terms.csv"), 2,
          ("--into", "sub/terms.csv")),
    Fault("add-file-parent-folder", nothing, (*ADD, "--file", "../../escaped-add.csv"), 2,
          ("--file", "../../escaped-add.csv"),
          check=outside_is_untouched("escaped-add.csv")),
    Fault("add-file-absolute-path", nothing, (*ADD, "--file", "/tmp/escaped.csv"), 2,
          ("--file", "/tmp/escaped.csv")),
    # D19: an export over a file the project reads needs --force
    Fault("export-over-glossary", nothing, (*EXPORT, "-f", "tbx", "-o", "glossary/newsroom.csv"),
          2, ("glossary/newsroom.csv", "--force")),
    Fault("export-over-glossary-forced", nothing,
          (*EXPORT, "-o", "glossary/newsroom.csv", "--force"), 0,
          changes=frozenset({"glossary/newsroom.csv"})),
    Fault("export-new-csv-in-glossary", nothing, (*EXPORT, "-o", "glossary/all.csv"), 2,
          ("glossary/all.csv", "--force")),
    Fault("export-over-settings", nothing, (*EXPORT, "-o", "transflow.toml"), 2,
          ("transflow.toml", "--force")),
    Fault("export-into-translations", nothing, (*EXPORT, "-o", "translations/terms.csv"), 2,
          ("translations/terms.csv", "--force")),
    Fault("export-into-translation-memory", nothing, (*EXPORT, "-o", "tm/ko/terms.csv"), 2,
          ("tm/ko/terms.csv", "--force")),
    Fault("export-into-new-folder", nothing, (*EXPORT, "-o", "exports/terms.csv"), 0,
          changes=frozenset({"exports", "exports/terms.csv"})),
    # D25: what a killed run left is cleaned by the next; nothing else is
    Fault("stale-temp-files-cleaned", both(temp_files, edit_source), ("extract",), 0,
          changes=CATALOGS | {f"translations/ko/{STALE.format(pid=NO_PROCESS)}"},
          check=only_stale_temp_removed),
    # D13: init
    Fault("init-on-a-file", notes_file, ("init", "notes.txt"), 2, ("notes.txt", "not a folder")),
    Fault("init-sources-is-file", init_folder_with_sources_file, ("init", "new"), 2,
          ("new/sources", "a folder must be"), check=init_leaves_nothing_and_runs_again),
    Fault("init-through-a-file", notes_file, ("init", "notes.txt/news"), 2,
          ("notes.txt", "a folder must be")),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_fault(tmp_path: Path, case: Fault) -> None:
    run_fault(case, tmp_path)


# --- the writer's rules, one by one ------------------------------------------------------------


def in_child(work: Callable[[], object], max_file_size: int | None = None) -> object:
    """What `work()` returns (JSON), run in a forked child, under a file size limit of
    `max_file_size` bytes when given: writing past it fails with EFBIG, as a full disk fails
    with ENOSPC (Python ignores the SIGXFSZ that would otherwise kill the process)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        try:
            if max_file_size is not None:
                hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
                resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_size, hard))
            answer = {"value": work()}
        except BaseException as exc:  # reported to the parent, which fails the test
            answer = {"error": repr(exc)}
        with os.fdopen(write, "w") as out:
            json.dump(answer, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as got:
        answer = json.load(got)
    os.waitpid(pid, 0)
    assert "error" not in answer, answer["error"]
    return answer["value"]


@pytest.mark.parametrize("command", [("extract",), DRAFT], ids=["extract", "publish"])
def test_a_full_disk_changes_nothing(tmp_path: Path, command: tuple[str, ...]) -> None:
    """A file system that refuses more bytes half-way (D9: extract wrote ko, then crashed on
    zh; publish left an empty editions/ko): exit 2 naming the file, and the project as it was:
    no catalog, no edition folder, no temp file."""
    project = base_project(tmp_path)
    edit_source(project)
    sentences = " ".join(f"The court heard witness number {n} on Monday." for n in range(60))
    long_article = f"zz-long-article\n\nA Long Article\n\n{sentences}\n"
    (project / "sources" / "zz-long-article.txt").write_text(long_article, encoding="utf-8")
    before = tree(project)

    def run() -> tuple[int, str]:
        result = run_cli(*command, cwd=project)
        return result.code, result.stdout + result.stderr

    # the first article's files (catalogs, Markdown editions) are smaller than 3000 bytes,
    # the long article's catalogs and every HTML page larger: the disk fills half-way
    code, output = in_child(run, max_file_size=3000)
    assert code == 2, output
    assert "larger than this system allows" in output and "ulimit" in output, output
    assert tree(project) == before


def test_a_failed_batch_leaves_no_file_temp_file_or_folder(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_text("old\n", encoding="utf-8")

    def run() -> str:
        batch = WriteBatch()
        batch.write_text(old, "new\n")
        batch.write_text(tmp_path / "new" / "deeper" / "small.txt", "small\n")
        batch.write_text(tmp_path / "big.txt", "x" * 5000)
        batch.remove(tmp_path / "removed.txt")
        try:
            batch.commit()
        except FileSystemError as exc:
            return exc.render()
        return "no error"

    (tmp_path / "removed.txt").write_text("kept\n", encoding="utf-8")
    before = tree(tmp_path)
    message = in_child(run, max_file_size=1000)
    assert isinstance(message, str) and message.startswith(str(tmp_path / "big.txt")), message
    assert tree(tmp_path) == before


def test_a_file_that_holds_the_bytes_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    assert atomic_write_text(path, "same\n") is True
    first = path.stat()
    assert atomic_write_text(path, "same\n") is False
    again = path.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)


@pytest.mark.parametrize("at", [0, 1 << 20, 3 << 20])  # first chunk, a chunk's edge, the last
def test_a_large_file_is_compared_to_the_last_byte(tmp_path: Path, at: int) -> None:
    text = "x" * ((3 << 20) + 1)
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert atomic_write_text(path, text) is False
    changed = text[:at] + "y" + text[at + 1 :]
    assert atomic_write_text(path, changed) is True
    assert path.read_text(encoding="utf-8") == changed


def test_a_rewritten_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)
    atomic_write_text(path, "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    atomic_write_text(tmp_path / "b.po", "new\n")
    assert stat.S_IMODE((tmp_path / "b.po").stat().st_mode) == 0o644


def test_a_name_of_255_bytes_is_written(tmp_path: Path) -> None:
    """Its temp file's name is cut to fit (D10), even inside a multi-byte character."""
    name = "x" + "é" * 125 + ".pot"  # 255 bytes in UTF-8, cut at 200 inside an é
    assert len(name.encode()) == 255
    assert atomic_write_text(tmp_path / name, "text\n") is True
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    "make",
    [os.mkfifo, lambda path: path.mkdir()],
    ids=["fifo", "folder"],
)
def test_reading_a_special_file_is_an_error_not_a_hang(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    path = tmp_path / "glossary.csv"
    make(path)
    with pytest.raises(FileSystemError, match="not a regular file"):
        read_utf8(path, TransflowError, "unused")


def test_an_os_error_reads_as_what_went_wrong_and_what_to_do() -> None:
    exc = OSError(errno.ENOSPC, "No space left on device", "/srv/news/editions/ko/a.html")
    message = FileSystemError.from_os_error(exc).render()
    assert message == (
        "/srv/news/editions/ko/a.html: cannot write: no space left on the device. "
        "Free some space (`df -h .`), then run the command again."
    )
