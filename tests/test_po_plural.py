"""The Plural-Forms header: refused exactly where GNU msgfmt refuses it (issue 11, D15)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from transflow.po.plural import plural_count

HEADERS = [
    "nplurals=1; plural=0;",
    "nplurals=2; plural=(n != 1);",
    "nplurals=2; plural=n>1;",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
    "nplurals=2; plural=!(n==1);",
    "nplurals=2; plural=n - 1 > 0;",  # unsigned: 0 - 1 is huge, so n = 0 gives form 1
    "nplurals = 2; plural = n != 1;",  # `nplurals =`: msgfmt finds no count, checks nothing
    "nplurals=  2 ;plural=  n!=1 ;",
    "nplurals=x; plural=0;",
    "nplurals=; plural=0;",
    "nplurals=0; plural=0;",
    "nplurals=1; plural=n+;",
    "nplurals=1; plural=;",
    "nplurals=1; plural=-1;",  # no unary minus in gettext's grammar
    "nplurals=2; plural=n/0;",
    "nplurals=2; plural=n%(n-n);",
    "nplurals=2; plural=n>1?2:0;",
    "nplurals=2; plural=(n != 1;",
    "nplurals=2; plural=n != 1)",
    "nplurals=2; plural=n ? 1;",
    "nplurals=2; plural=n = 1;",
    "nplurals=2; plural=m != 1;",
    "nplurals=2; plural=n & 1;",
    "nplurals=2; plural=n != 1; garbage",
    "nplurals=1;",
    "plural=n>1;",
    "garbage",
]


def _msgfmt_accepts(tmp_path: Path, header: str) -> bool:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt is not installed (`make setup` installs GNU gettext)")
    path = tmp_path / "x.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {header}\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        encoding="utf-8",
    )
    proc = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
    )
    return proc.returncode == 0


@pytest.mark.parametrize("header", HEADERS)
def test_a_header_is_refused_where_msgfmt_refuses_it(tmp_path: Path, header: str) -> None:
    try:
        plural_count(header)
        ours = True
    except ValueError:
        ours = False
    assert ours == _msgfmt_accepts(tmp_path, header)


def test_the_count_and_what_is_checked() -> None:
    assert plural_count("nplurals=3; plural=(n%10==1 ? 0 : n%10==2 ? 1 : 2);") == 3
    assert plural_count("nplurals = 2; plural = n != 1;") is None
    with pytest.raises(ValueError, match="gives form 2"):
        plural_count("nplurals=2; plural=n>1?2:0;")
    with pytest.raises(ValueError, match="divide by zero"):
        plural_count("nplurals=2; plural=n/0;")
    with pytest.raises(ValueError, match="nested too deeply"):
        plural_count("nplurals=2; plural=" + "(" * 400 + "n" + ")" * 400 + ";")
    with pytest.raises(ValueError, match="longer than"):
        plural_count("nplurals=2; plural=" + "n+" * 600 + "1;")
