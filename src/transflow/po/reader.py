"""The one PO reader: line-numbered, strict about syntax, fast enough for 100k entries.

Every stage that only reads a catalog (check, status, publish, the translation memory,
review's list) reads it here; stages that change a catalog also run their file through
`parse` first (see `po.catalog.load_catalog`), so a file is accepted or refused by one set
of rules, with one set of messages naming the line: unterminated strings, bad escapes,
stray text, git merge-conflict markers, duplicate entries, a bad `Plural-Forms` header and
plural entries that do not match it (`po.plural`), as `msgfmt` refuses them; and a NUL
character, which a compiled catalog cannot hold (it ends a string in the .mo format).

An item keeps what readers use (msgctxt, msgid, msgstr, a plural entry's msgid_plural and
forms, flags, kind, line numbers) and its comment lines as written; the translator comment,
extracted comment, occurrences and previous msgid are read from those on demand, with
polib's meaning (a differential test holds the two together). Obsolete (`#~`) entries are
skipped.

Two parsers, one result: `_fast_parse` matches whole entries with one regex (the common
shape: no plurals, LF line ends) and hands anything else to `_strict_parse`, the reference
line parser, which also produces every error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from transflow.po.conventions import kind_in
from transflow.po.plural import plural_count
from transflow.project.errors import CatalogError, TransflowError
from transflow.project.fsutil import decode_utf8, read_bytes

PO_UTF8_HINT = "transflow reads and writes UTF-8 PO files; convert it with `msgconv -t UTF-8`."
_SYNTAX_HINT = (
    "Each line must be a comment, a keyword (msgid, msgstr, ...) or a quoted string; "
    "fix it in a PO editor or restore it from git."
)
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
# a run of numeric escapes (bytes of the file's UTF-8, as msgfmt reads them) or one other
_ESCAPE = re.compile(r"(?:\\(?:[0-7]{1,3}|x[0-9a-fA-F]+))+|\\(.)")
_NUMERIC = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]+))")
# the inside of a quoted PO string: no bare quote, only the escapes msgfmt knows
_BODY = re.compile(r'(?:[^"\\]|\\[\\"abfnrtv]|\\[0-7]{1,3}|\\x[0-9a-fA-F]+)*')
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(".*)')
# an escape that makes a NUL, not itself escaped: \0, \00, \000 (octal) or \x0... (hex)
_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\(?:000|00(?![0-7])|0(?![0-7])|x0+(?![0-9a-fA-F]))")


def _escaped(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return _ESCAPES.get(match.group(1), match.group(1))
    data = bytes(
        (int(octal, 8) if octal else int(hexa, 16)) & 0xFF  # a byte, as C and msgfmt keep it
        for octal, hexa in _NUMERIC.findall(match.group())
    )
    return data.decode("utf-8", "replace")


def _unescape(body: str) -> str:
    return _ESCAPE.sub(_escaped, body) if "\\" in body else body


@dataclass(slots=True)
class POItem:
    """One active entry as read from the file."""

    msgid: str
    msgstr: str  # msgstr[0] for a plural entry
    msgctxt: str | None
    flags: tuple[str, ...]
    line: int  # line of the msgstr keyword: where a finding about the translation points
    msgid_line: int
    kind: str = ""  # from the `#. type: paragraph` comment transflow writes
    start_line: int = 0  # the entry's first line (its first comment), as polib's linenum
    comments: str = ""  # the entry's comment lines as written, each ending in "\n"
    msgid_plural: str = ""  # a plural entry's plural source ("" for the usual entry)
    forms: tuple[str, ...] = ()  # a plural entry's msgstr[0], msgstr[1], ... in order
    form_lines: tuple[int, ...] = ()  # the line of each msgstr[i]

    @property
    def plural(self) -> bool:
        return bool(self.msgid_plural)

    @property
    def msgstr_plural(self) -> dict[int, str]:
        """The plural forms by index, as polib's `POEntry.msgstr_plural`."""
        return dict(enumerate(self.forms))

    def _lines(self, prefix: str) -> list[str]:
        return [line for line in self.comments.split("\n") if line.startswith(prefix)]

    @property
    def comment(self) -> str:
        """The extracted comment (`#.` lines), as polib's `POEntry.comment`."""
        return "\n".join(line[3:] for line in self._lines("#.") if line[2:].strip())

    @property
    def tcomment(self) -> str:
        """The translator comment (`# ` lines), as polib's `POEntry.tcomment`."""
        rows: list[str] = []
        for line in self.comments.split("\n"):
            if line == "#" or line.startswith(("# ", "##")) or line[:2] == "#\t":
                text = line.lstrip("#")
                text = text[1:] if text.startswith(" ") else text
                if rows or text:  # as polib: empty lines before the first text are dropped
                    rows.append(text)
        return "\n".join(rows)

    @property
    def occurrences(self) -> list[tuple[str, str]]:
        """(file, line) pairs of the `#:` lines; line is "" when there is none."""
        found = []
        for line in self._lines("#:"):
            for token in line[2:].split():
                name, sep, number = token.rpartition(":")
                found.append((name, number) if sep and number.isdigit() else (token, ""))
        return found

    @property
    def previous_msgid(self) -> str | None:
        """The source this translation was made for (`#| msgid`), when it changed since."""
        if "#|" not in self.comments:
            return None
        parts: list[str] | None = None
        for line in self._lines("#|"):
            rest = line[2:].strip()
            if rest.startswith("msgid "):
                parts = [rest[6:].strip()]
            elif rest.startswith('"') and parts is not None:
                parts.append(rest)
            elif parts is not None:
                break
        if parts is None:
            return None
        return "".join(_unescape(p[1:-1]) for p in parts)


@dataclass
class POData:
    path: Path
    items: list[POItem]
    headers: dict[str, str]

    @property
    def language(self) -> str | None:
        return self.headers.get("Language") or None

    @property
    def source_language(self) -> str | None:
        return self.headers.get("X-Source-Language") or None


def _syntax(path: Path, number: int, what: str) -> CatalogError:
    return CatalogError(f"syntax error: {what}.", path=path, line=number, hint=_SYNTAX_HINT)


def _own_comments(comments: str) -> str:
    """The comment lines that belong to the entry below them: those after the last line of
    an obsolete (`#~`) entry, which keeps the comments above it."""
    if not (comments.startswith("#~") or "\n#~" in comments):
        return comments
    last = ("\n" + comments).rindex("\n#~")  # a `#~` inside a `#|` line is no obsolete line
    return comments[last:].partition("\n")[2]


def _flags(comments: str) -> tuple[str, ...]:
    flags: tuple[str, ...] = ()
    for line in comments.split("\n"):
        if line.startswith("#,"):
            flags += tuple(f.strip() for f in line[2:].split(",") if f.strip())
    return flags


def _kind(comments: str) -> str:
    return kind_in(line[3:] for line in comments.split("\n") if line.startswith("#. "))


def _headers(msgstr: str, headers: dict[str, str]) -> None:
    for row in msgstr.split("\n"):
        key, sep, value = row.partition(":")
        if sep:
            headers[key.strip()] = value.strip()


def _check_duplicates(items: list[POItem], path: Path) -> None:
    if len({(i.msgctxt, i.msgid) for i in items}) == len(items):
        return
    seen: dict[tuple[str | None, str], int] = {}
    for item in items:
        key = (item.msgctxt, item.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate entry for msgid {item.msgid[:60]!r} (first at line {seen[key]}).",
                path=path,
                line=item.msgid_line,
                hint="Remove one of them (msguniq can help), then run again.",
            )
        seen[key] = item.msgid_line


def _check_form(
    keyword: str, index: str | None, fields: dict[str, list[str]], path: Path, number: int
) -> None:
    """A plural entry (msgid, msgid_plural) has msgstr[0], msgstr[1], ... in order; any other
    entry one msgstr, as msgfmt requires."""
    plural = "msgid_plural" in fields
    if keyword == "msgid_plural" and list(fields) not in (["msgid"], ["msgctxt", "msgid"]):
        raise _syntax(path, number, "msgid_plural must follow the msgid")
    if keyword == "msgstr" and plural:
        raise _syntax(path, number, "a plural entry (msgid_plural) takes msgstr[0], msgstr[1], ...")
    if index is None:
        return
    if not plural:
        raise _syntax(path, number, f"{keyword} without msgid_plural")
    expected = sum(1 for key in fields if key.startswith("msgstr["))
    if int(index) != expected:
        raise _syntax(path, number, f"{keyword} where msgstr[{expected}] belongs")


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _check_nul(text: str, path: Path) -> None:
    """A NUL character, raw or escaped in a string, is refused: the compiled catalog ends a
    string there (it also separates plural forms), and it would land raw in published HTML."""
    found = text.find("\0")
    if found < 0 and ("\\0" in text or "\\x0" in text):
        for match in _NUL_ESCAPE.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if not text[line_start : match.start()].lstrip().startswith("#"):
                found = match.start()
                break
    if found >= 0:
        raise CatalogError(
            "holds a NUL character (U+0000), which no catalog can carry: the compiled .mo "
            "file ends a string there.",
            path=path,
            line=_line_at(text, found),
            hint="Delete it from that line (an editor may show nothing there), then run again.",
        )


def _plural_hint(language: str | None) -> str:
    """What a Plural-Forms header should say, with Babel's rule for the catalog's language."""
    from transflow.project.languages import normalize_language, plural_forms

    hint = "msgfmt needs `Plural-Forms: nplurals=N; plural=EXPRESSION;` in the header"
    try:
        tag = normalize_language((language or "").replace("_", "-"))
    except TransflowError:
        return hint + "."
    return f"{hint}; for {tag}: `Plural-Forms: {plural_forms(tag)}`."


def _check_plurals(data: POData, text: str) -> None:
    """The Plural-Forms header is valid, and every plural entry has as many forms as it says."""
    try:
        count = plural_count(data.headers.get("Plural-Forms", ""))
    except ValueError as exc:
        found = text.find("Plural-Forms:")
        raise CatalogError(
            f"invalid Plural-Forms header: {exc}.",
            path=data.path,
            line=_line_at(text, found) if found >= 0 else None,
            hint=_plural_hint(data.language),
        ) from None
    if "msgid_plural" not in text:
        return
    for item in data.items:
        if not item.msgid_plural:
            continue
        if count is None:
            raise CatalogError(
                "a plural entry (msgid_plural), but the header has no valid Plural-Forms.",
                path=data.path,
                line=item.msgid_line,
                hint=_plural_hint(data.language),
            )
        if len(item.forms) != count:
            forms = "msgstr[0]" + (f" to msgstr[{count - 1}]" if count > 1 else "")
            raise CatalogError(
                f"{len(item.forms)} plural form(s), but the Plural-Forms header says "
                f"nplurals={count}.",
                path=data.path,
                line=item.line,
                hint=f"Give the entry {forms}, or fix the header: {_plural_hint(data.language)}",
            )


# --- the reference parser -----------------------------------------------------------------------


def _strict_parse(text: str, path: Path) -> POData:
    items: list[POItem] = []
    headers: dict[str, str] = {}
    comments: list[str] = []
    start = 0  # first line of the entry being read
    fields: dict[str, list[str]] = {}
    lines_of: dict[str, int] = {}
    current = ""
    obsolete = False

    def finish() -> None:
        nonlocal comments, fields, lines_of, current, start
        if "msgid" in fields:
            key = "msgstr" if "msgstr" in fields else "msgstr[0]"
            if key not in lines_of:
                raise _syntax(path, lines_of["msgid"], "msgid without msgstr")
            msgid, msgstr = "".join(fields["msgid"]), "".join(fields[key])
            ctxt = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
            forms = [f"msgstr[{i}]" for i in range(len(fields)) if f"msgstr[{i}]" in fields]
            if not msgid and ctxt is None:
                _headers(msgstr, headers)
            else:
                own = "".join(line + "\n" for line in comments)
                items.append(
                    POItem(
                        msgid, msgstr, ctxt, _flags(own), lines_of[key], lines_of["msgid"],
                        _kind(own), start, own, "".join(fields.get("msgid_plural", [])),
                        tuple("".join(fields[f]) for f in forms),
                        tuple(lines_of[f] for f in forms),
                    )
                )  # fmt: skip
        elif fields:
            raise _syntax(path, min(lines_of.values()), "msgctxt without msgid")
        comments, fields, lines_of, current, start = [], {}, {}, "", 0

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line[0] == "#":
            if current.startswith("msgstr"):
                finish()
            if line.startswith("#~"):
                comments, start = [], 0  # the comments above an obsolete entry are its own
                obsolete = True
                continue
            obsolete = False
            comments.append(line)
            start = start or number
            continue
        if line[0] == '"':
            if obsolete:
                continue
            if not current:
                raise _syntax(path, number, "a string outside an entry")
            if len(line) < 2 or line[-1] != '"' or _BODY.fullmatch(line[1:-1]) is None:
                raise _syntax(path, number, "unterminated string or invalid escape sequence")
            fields[current].append(_unescape(line[1:-1]))
            continue
        obsolete = False
        match = _KEYWORD.fullmatch(line)
        if match is None:
            if line.startswith(("<<<<<<<", "=======", ">>>>>>>")):
                raise CatalogError(
                    "holds a git merge-conflict marker.",
                    path=path,
                    line=number,
                    hint="Resolve the conflict (keep one translation), then run again.",
                )
            raise _syntax(path, number, f"unexpected {line[:40]!r}")
        keyword, index, string = match.groups()
        if len(string) < 2 or string[-1] != '"' or _BODY.fullmatch(string[1:-1]) is None:
            raise _syntax(path, number, "unterminated string or invalid escape sequence")
        if fields and (
            keyword == "msgctxt"
            or keyword == "msgid"
            and ("msgctxt" not in fields or "msgid" in fields)
        ):
            finish()
        if keyword in fields:
            raise _syntax(path, number, f"a second {keyword} in one entry")
        _check_form(keyword, index, fields, path, number)
        current = keyword
        fields[keyword] = [_unescape(string[1:-1])]
        lines_of[keyword] = number
        start = start or number
    finish()
    _check_duplicates(items, path)
    return POData(path, items, headers)


# --- the fast path ------------------------------------------------------------------------------

# Quoted lines are matched loosely, as `"[^\n]*"`, which re runs in one tight C loop (the exact
# escape grammar in the regex cost twice the time): an inside holding no quote and no backslash
# (almost every line) is plainly valid; anything else must match _BODY, or the file goes to the
# strict parser, which names the line.
_LINE = r'"[^\n]*"\n'
_FAST_ENTRY = re.compile(
    r"^(?:("  # 1: the head, counted for line numbers: gap, comments, msgctxt
    r"((?:(?:#[^\n]*\n)*+[ \t]*\n)*+)"  # 2: the gap: blank lines, and comments above them
    r"((?:#\. type: (\w+)\n)?(?:#[^\n]*\n)*+)"  # 3: the entry's comments; 4: the usual kind
    rf"(?:msgctxt ((?:{_LINE})+))?)"  # 5
    rf'msgid (?:"([^\n]*)"\n(?!")|((?:{_LINE})+))'  # 6: a one-line msgid's inside; 7: lines
    rf'msgstr (?:"([^\n]*)"\n(?!")|((?:{_LINE})+))'  # 8, 9: the same for msgstr
    r"|((?s:.+)))",  # 10: no entry here: the rest of the file (blank lines and comments only)
    re.M,
)
_GAP = re.compile(r"(?:[ \t]*\n|#[^\n]*\n)*")


class _NeedsStrict(Exception):
    """Something the fast path leaves to the strict parser."""


def _checked(body: str) -> str:
    """The text of a quoted line's inside that holds a quote or a backslash."""
    if _BODY.fullmatch(body) is None:
        raise _NeedsStrict
    return _unescape(body)


def _joined(lines: str) -> str:
    """The text of quoted lines (`"a"\n"b"\n` -> "ab")."""
    if "\\" not in lines and lines.count('"') == 2 * lines.count("\n"):
        # the usual wrapped string: quotes only at the ends of lines, no escapes
        return lines[1:-2].replace('"\n"', "")
    parts = [row[1:-1] for row in lines[:-1].split("\n")]
    return "".join([_checked(p) if '"' in p or "\\" in p else p for p in parts])


def _fast_parse(text: str, path: Path) -> POData | None:
    """The common case (no plurals, LF line ends, comments right above their entry, no
    trailing blanks on comment lines); None when the file needs the strict parser."""
    if "\r" in text or "msgid_plural" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"
    # the last alternative takes the rest of the file wherever no entry starts, so findall
    # never skips text (nor rescans it line by line): only the tail is left to check
    entries = _FAST_ENTRY.findall(text)
    if entries and entries[-1][-1] and _GAP.fullmatch(entries.pop()[-1]) is None:
        return None
    items: list[POItem] = []
    append = items.append
    headers: dict[str, str] = {}
    line = 1  # where the next entry's head starts
    try:
        for head, gap, comments, kind, ctxt, msgid, id_lines, msgstr, str_lines, _ in entries:
            if "#" in gap and "#" in _own_comments(gap):
                raise _NeedsStrict  # a comment, then a blank line, then its entry
            start = line + gap.count("\n")
            msgid_line = line + head.count("\n")
            if id_lines:
                msgstr_line = msgid_line + id_lines.count("\n")
                msgid = _joined(id_lines)
            else:
                msgstr_line = msgid_line + 1
                if '"' in msgid or "\\" in msgid:
                    msgid = _checked(msgid)
            if str_lines:
                line = msgstr_line + str_lines.count("\n")
                msgstr = _joined(str_lines)
            else:
                line = msgstr_line + 1
                if '"' in msgstr or "\\" in msgstr:
                    msgstr = _checked(msgstr)
            flags: tuple[str, ...] = ()
            if comments:
                if " \n" in comments or "\t\n" in comments:
                    raise _NeedsStrict  # trailing blanks, which the strict parser drops
                if "#~" in comments:
                    own = _own_comments(comments)
                    start += comments.count("\n") - own.count("\n")
                    comments, kind = own, ""
                if "#," in comments:
                    flags = _flags(comments)
                if not kind and "#. type:" in comments:
                    kind = _kind(comments)
            context: str | None = None
            if ctxt:
                context = _joined(ctxt)
            elif not msgid:
                _headers(msgstr, headers)
                continue
            append(
                POItem(
                    msgid, msgstr, context, flags, msgstr_line, msgid_line, kind, start, comments
                )
            )  # fmt: skip
    except _NeedsStrict:
        return None
    _check_duplicates(items, path)
    return POData(path, items, headers)


def parse(text: str, path: Path) -> POData:
    """The items and headers of a PO file's text; raises CatalogError naming the line."""
    _check_nul(text, path)
    data = _fast_parse(text, path) or _strict_parse(text, path)
    _check_plurals(data, text)
    return data


def read_po(path: Path, raw: bytes | None = None) -> POData:
    """The PO file at `path`; `raw`: its bytes when the caller has read them already (the
    check cache keys a catalog's findings by the hash of the very bytes they came from)."""
    if raw is None:
        raw = read_bytes(path)
    return parse(decode_utf8(raw, path, CatalogError, PO_UTF8_HINT), path)
