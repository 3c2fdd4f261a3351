"""The RE2 spelling of a Python pattern, so that RE2 can run it in linear time.

RE2 (``google-re2``) guarantees time linear in the input for every pattern it accepts, so a
pattern it runs cannot backtrack catastrophically. It has no lookarounds, back-references,
atomic groups or possessive repeats, and its ``\\b``, ``$`` and class escapes are not
Python's; :func:`to_re2` translates from ``re``'s parse tree (literals written as code points,
groups made non-capturing) and returns None for anything whose meaning would change, which
then runs on the bounded matcher (:mod:`lakecontracts.regex.bounded`).
"""

from __future__ import annotations

import re
from typing import Any

from lakecontracts.regex.tree import MAXREPEAT, UNICODE_FLAG, items, parse

#: RE2 refuses counted repeats above this.
_MAX_COUNT = 1000
#: Zero-width assertions with the same meaning in both engines (``^``/``\\A``, ``\\Z``).
_ANCHORS = {"AT_BEGINNING": "\\A", "AT_BEGINNING_STRING": "\\A", "AT_END_STRING": "\\z"}


class _NoTranslation(Exception):
    """The construct has no RE2 spelling with the same meaning."""


def to_re2(pattern: str) -> str | None:
    """An RE2 pattern matching exactly the strings ``pattern`` matches, or None."""
    try:
        parsed = parse(pattern)
        if parsed.state.flags & ~UNICODE_FLAG:
            return None
        return _sequence(parsed)
    except (re.error, _NoTranslation):
        return None


def _sequence(tree: Any) -> str:
    return "".join(_item(name, arg) for name, arg in items(tree))


def _item(name: str, arg: Any) -> str:
    if name == "LITERAL":
        return _char(arg)
    if name == "NOT_LITERAL":
        return f"[^{_char(arg)}]"
    if name == "ANY":
        return "[^\\n]"  # without DOTALL, Python's "." is every character but a newline
    if name == "IN":
        return _class(arg)
    if name == "SUBPATTERN":
        _group, add_flags, del_flags, body = arg
        if add_flags or del_flags:
            raise _NoTranslation("scoped flags")
        return f"(?:{_sequence(body)})"
    if name == "BRANCH":
        return "(?:" + "|".join(_sequence(arm) for arm in arg[1]) + ")"
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        return _repeat(arg, lazy=name == "MIN_REPEAT")
    if name == "AT" and str(arg) in _ANCHORS:
        return _ANCHORS[str(arg)]
    raise _NoTranslation(name)  # lookarounds, back-references, atomic, possessive, \b, $


def _repeat(arg: Any, lazy: bool) -> str:
    low, high, body = int(arg[0]), int(arg[1]), arg[2]
    if low > _MAX_COUNT or (high != MAXREPEAT and high > _MAX_COUNT):
        raise _NoTranslation("a count RE2 refuses")
    bounds = f"{{{low},}}" if high == MAXREPEAT else f"{{{low},{high}}}"
    return f"(?:{_sequence(body)}){bounds}{'?' if lazy else ''}"


def _class(members: Any) -> str:
    parts: list[str] = []
    for name, arg in items(members):
        if name == "NEGATE":
            parts.insert(0, "^")
        elif name == "LITERAL":
            parts.append(_char(arg))
        elif name == "RANGE":
            parts.append(f"{_char(arg[0])}-{_char(arg[1])}")
        else:
            raise _NoTranslation("a Unicode category in a class")
    return "[" + "".join(parts) + "]"


def _char(code: int) -> str:
    return f"\\x{{{code:x}}}"
