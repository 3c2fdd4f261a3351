"""Strings matching a regular expression, drawn from a seeded random generator.

Walks the parse tree of Python's own regex compiler (``re._parser``), so the pattern is read
exactly as the validator reads it. Covers what contract patterns use: literals, classes and
ranges, categories (``\\d``, ``\\w``, ``\\s``), ``.``, groups, alternation, bounded and
unbounded repeats and anchors. Anything else raises :class:`UsageError`; every result is
checked against the pattern before it is returned.
"""

from __future__ import annotations

import importlib
import random
import re
import string
from collections.abc import Callable
from typing import Any

from lakecontracts.errors import UsageError

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_UNBOUNDED_EXTRA = 8  # how far past the minimum an open-ended repeat (*, +, {n,}) goes
_CATEGORY_CHARS = {
    _c.CATEGORY_DIGIT: string.digits,
    _c.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    _c.CATEGORY_SPACE: " ",
    _c.CATEGORY_NOT_DIGIT: string.ascii_letters,
    _c.CATEGORY_NOT_WORD: " -.",
    _c.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}
_PRINTABLE = string.ascii_letters + string.digits + " -_.:"


def sample_matching(pattern: str, rng: random.Random) -> str:
    """A string that ``re.search(pattern, ...)`` accepts."""
    try:
        tree = _parser.parse(pattern)
    except re.error as exc:
        raise UsageError(f"pattern {pattern!r} does not compile: {exc}") from None
    for _ in range(20):
        text = _sequence(tree, rng)
        if re.search(pattern, text):
            return text
    raise UsageError(
        f"cannot produce a string matching {pattern!r}",
        hint="sample supports literals, classes, groups, alternation, repeats and anchors",
    )


def _sequence(items: Any, rng: random.Random) -> str:
    return "".join(_item(op, arg, rng) for op, arg in items)


def _item(op: Any, arg: Any, rng: random.Random) -> str:
    handler = _HANDLERS.get(op)
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
    for op, value in arg:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            chars += chr(value)
        elif op is _c.RANGE:
            chars += "".join(map(chr, range(value[0], min(value[1], value[0] + 255) + 1)))
        elif op is _c.CATEGORY:
            chars += _CATEGORY_CHARS.get(value, "")
    if negate:
        chars = "".join(c for c in _PRINTABLE if c not in chars)
    if not chars:
        raise UsageError("sample cannot generate an empty character class")
    return rng.choice(chars)


def _repeat(arg: Any, rng: random.Random) -> str:
    low, high, items = arg
    high = low + _UNBOUNDED_EXTRA if high is _c.MAXREPEAT else high
    return "".join(_sequence(items, rng) for _ in range(rng.randint(low, high)))


def _subpattern(arg: Any, rng: random.Random) -> str:
    return _sequence(arg[-1], rng)


def _branch(arg: Any, rng: random.Random) -> str:
    return _sequence(rng.choice(arg[1]), rng)


def _at(arg: Any, rng: random.Random) -> str:
    return ""


def _category(arg: Any, rng: random.Random) -> str:
    return rng.choice(_CATEGORY_CHARS[arg])


_HANDLERS: dict[Any, Callable[[Any, random.Random], str]] = {
    _c.LITERAL: _literal,
    _c.NOT_LITERAL: _not_literal,
    _c.ANY: _any,
    _c.IN: _in,
    _c.MAX_REPEAT: _repeat,
    _c.MIN_REPEAT: _repeat,
    _c.SUBPATTERN: _subpattern,
    _c.BRANCH: _branch,
    _c.AT: _at,
    _c.CATEGORY: _category,
}
