"""The `Plural-Forms` header as GNU gettext reads it: `nplurals=N; plural=EXPRESSION;`.

msgfmt refuses a catalog whose header holds a bad count or a bad expression (even one with no
plural entry), and one whose plural entries do not have exactly `nplurals` forms; the reader
(`po.reader`) refuses the same files through this module. The expression is parsed with the
grammar of gettext's `plural.y` (C operators on one variable `n`, no unary minus) and
evaluated for n = 0..1000 in unsigned 64-bit arithmetic, as msgfmt's check does: every value
must be a form index below `nplurals`, and no division by zero.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from functools import lru_cache

_TOKEN = re.compile(r"[ \t]*(?:(\d+)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()n])|([;\n]|$)|(.))")
_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]
_MASK = (1 << 64) - 1  # msgfmt computes in unsigned long
CHECKED_UP_TO = 1000  # msgfmt evaluates the expression for n = 0..1000
LONGEST = 1000  # characters; CLDR's longest rule (Arabic) takes about 100
_ARITHMETIC: dict[str, Callable[[int, int], int | bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
    "<=": operator.le, ">=": operator.ge, "+": operator.add, "-": operator.sub,
    "*": operator.mul, "/": operator.floordiv, "%": operator.mod,
}  # fmt: skip


Node = tuple  # ("n",), ("num", value), ("!", node), (op, left, right), ("?", cond, yes, no)


class _Parser:
    """Recursive descent over plural.y's grammar, lowest precedence first."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        position = 0
        while True:
            match = _TOKEN.match(text, position)
            assert match is not None  # the last alternative takes any character
            number, operator, end, other = match.groups()
            if other is not None:
                raise ValueError(f"unexpected {other!r} in the plural expression")
            if end is not None:
                break
            self.tokens.append(number or operator)
            position = match.end()
        self.position = 0

    def peek(self) -> str:
        return self.tokens[self.position] if self.position < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        if not token:
            raise ValueError("the plural expression ends too early")
        self.position += 1
        return token

    def whole(self) -> Node:
        node = self.conditional()
        if self.peek():
            raise ValueError(f"unexpected {self.peek()!r} in the plural expression")
        return node

    def conditional(self) -> Node:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.take()
        yes = self.conditional()
        if self.take() != ":":
            raise ValueError("'?' without ':' in the plural expression")
        return ("?", condition, yes, self.conditional())

    def binary(self, level: int) -> Node:
        if level == len(_BINARY):
            return self.unary()
        node = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            node = (self.take(), node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        token = self.take()
        if token == "!":
            return ("!", self.unary())
        if token == "n":
            return ("n",)
        if token.isdigit():
            return ("num", int(token) & _MASK)
        if token == "(":
            node = self.conditional()
            if self.take() != ")":
                raise ValueError("unbalanced parenthesis in the plural expression")
            return node
        raise ValueError(f"unexpected {token!r} in the plural expression")


def _evaluate(node: Node, n: int) -> int:
    op = node[0]
    if op == "n":
        return n
    if op == "num":
        return int(node[1])
    if op == "!":
        return int(not _evaluate(node[1], n))
    if op == "?":
        return _evaluate(node[2] if _evaluate(node[1], n) else node[3], n)
    left = _evaluate(node[1], n)
    if op == "||":
        return int(bool(left) or bool(_evaluate(node[2], n)))
    if op == "&&":
        return int(bool(left) and bool(_evaluate(node[2], n)))
    right = _evaluate(node[2], n)
    if op in ("/", "%") and right == 0:
        raise ZeroDivisionError
    return int(_ARITHMETIC[op](left, right)) & _MASK


@lru_cache(maxsize=64)
def plural_count(value: str) -> int | None:
    """`nplurals` of a Plural-Forms header value; None when it names no `nplurals=` or no
    `plural=` (msgfmt then checks nothing, unless the catalog has plural entries). Raises
    ValueError saying what msgfmt refuses."""
    count_at, expression_at = value.find("nplurals="), value.find("plural=")
    if count_at < 0 or expression_at < 0:
        return None
    digits = re.match(r"\s*(\d*)", value[count_at + len("nplurals=") :])
    if digits is None or not digits.group(1):
        raise ValueError("nplurals is not a number")
    nplurals = int(digits.group(1))
    expression = re.split(r"[;\n]", value[expression_at + len("plural=") :], maxsplit=1)[0]
    if len(expression) > LONGEST:
        raise ValueError(f"the plural expression is longer than {LONGEST} characters")
    try:
        node = _Parser(expression).whole()
        largest = max(_evaluate(node, n) for n in range(CHECKED_UP_TO + 1))
    except ZeroDivisionError:
        raise ValueError("the plural expression can divide by zero") from None
    except RecursionError:
        raise ValueError("the plural expression is nested too deeply") from None
    if largest >= nplurals:
        raise ValueError(
            f"nplurals={nplurals}, but the plural expression gives form {largest} "
            f"(forms are numbered from 0 to nplurals-1)"
        )
    return nplurals
