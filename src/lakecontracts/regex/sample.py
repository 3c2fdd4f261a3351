"""Strings matching a regular expression, drawn from a seeded random generator.

Walks the parse tree of Python's own regex compiler (:mod:`lakecontracts.regex.tree`), so the
pattern is read exactly as the validator reads it. Covers what contract patterns use: literals,
classes and ranges, categories (``\\d``, ``\\w``, ``\\s``), ``.``, groups, alternation, bounded and
unbounded repeats and anchors. Anything else raises :class:`UsageError`; every result is
checked against the pattern before it is returned.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from typing import Any

from lakecontracts.errors import UsageError
from lakecontracts.regex import tree as _tree

_UNBOUNDED_EXTRA = 8  # how far past the minimum an open-ended repeat (*, +, {n,}) goes
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_DIGIT": string.ascii_letters,
    "CATEGORY_NOT_WORD": " -.",
    "CATEGORY_NOT_SPACE": string.ascii_letters + string.digits,
}
_PRINTABLE = string.ascii_letters + string.digits + " -_.:"


def sample_matching(pattern: str, rng: random.Random) -> str:
    """A string that ``re.search(pattern, ...)`` accepts."""
    try:
        parsed = _tree.parse(pattern)
    except re.error as exc:
        raise UsageError(f"pattern {pattern!r} does not compile: {exc}") from None
    for _ in range(20):
        text = _sequence(parsed, rng)
        if re.search(pattern, text):
            return text
    raise UsageError(
        f"cannot produce a string matching {pattern!r}",
        hint="sample supports literals, classes, groups, alternation, repeats and anchors",
    )


def _sequence(items: Any, rng: random.Random) -> str:
    return "".join(_item(op, arg, rng) for op, arg in items)


def _item(op: Any, arg: Any, rng: random.Random) -> str:
    handler = _HANDLERS.get(str(op))
    if handler is None:
        raise UsageError(f"sample cannot generate regex construct {op}")
    return handler(arg, rng)


def _literal(arg: Any, rng: random.Random) -> str:
    return chr(arg)


def _not_literal(arg: Any, rng: random.Random) -> str:
    return rng.choice([c for c in _PRINTABLE if ord(c) != arg])


def _any(arg: Any, rng: random.Random) -> str:
    return rng.choice(_PRINTABLE)


def _in(arg: Any, rng: random.Random) -> str:
    chars = ""
    negate = False
    for op, value in _tree.items(arg):
        if op == "NEGATE":
            negate = True
        elif op == "LITERAL":
            chars += chr(value)
        elif op == "RANGE":
            chars += "".join(map(chr, range(value[0], min(value[1], value[0] + 255) + 1)))
        elif op == "CATEGORY":
            chars += _CATEGORY_CHARS.get(str(value), "")
    if negate:
        chars = "".join(c for c in _PRINTABLE if c not in chars)
    if not chars:
        raise UsageError("sample cannot generate an empty character class")
    return rng.choice(chars)


def _repeat(arg: Any, rng: random.Random) -> str:
    low, high, items = arg
    high = low + _UNBOUNDED_EXTRA if high == _tree.MAXREPEAT else high
    return "".join(_sequence(items, rng) for _ in range(rng.randint(low, high)))


def _subpattern(arg: Any, rng: random.Random) -> str:
    return _sequence(arg[-1], rng)


def _branch(arg: Any, rng: random.Random) -> str:
    return _sequence(rng.choice(arg[1]), rng)


def _at(arg: Any, rng: random.Random) -> str:
    return ""


def _category(arg: Any, rng: random.Random) -> str:
    return rng.choice(_CATEGORY_CHARS[str(arg)])


_HANDLERS: dict[str, Callable[[Any, random.Random], str]] = {
    "LITERAL": _literal,
    "NOT_LITERAL": _not_literal,
    "ANY": _any,
    "IN": _in,
    "MAX_REPEAT": _repeat,
    "MIN_REPEAT": _repeat,
    "SUBPATTERN": _subpattern,
    "BRANCH": _branch,
    "AT": _at,
    "CATEGORY": _category,
}
