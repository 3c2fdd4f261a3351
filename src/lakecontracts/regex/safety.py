"""Regular-expression structure: backtracking shape and character classes.

Shared by lint (PATTERN_NOT_CATASTROPHIC) and the compatibility engine (strings that match a
pattern). Works on Python's own parse tree (:mod:`lakecontracts.regex.tree`), so it reads every
pattern the validators compile.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lakecontracts.regex.tree import MAXREPEAT, REPEATS, class_matches, parse

_REPEATS = REPEATS
#: Characters we reason about when comparing character sets (ASCII and Latin ranges).
_ALPHABET = frozenset(chr(i) for i in range(0x250))


@cache
def catastrophic_shape(pattern: str) -> str | None:
    """Why ``pattern`` has an exponential-backtracking shape, or None.

    Flags an unbounded repeat whose body holds another repeat (``(a+)+``, ``(\\w+\\s?)*``)
    unless each turn of the outer repeat must consume a separator the inner repeat cannot
    match (``(-[a-z0-9]+)*`` is linear), and an unbounded repeat over alternatives that can
    start with the same character (``(a|ab)*``).
    """
    return _scan(parse(pattern), MAXREPEAT)


def _scan(items: Any, maxrepeat: int) -> str | None:
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            _low, high, body = arg
            if high == maxrepeat or high > 32:
                inner = _inner_repeat_chars(body)
                if inner is not None and not _separated(body, inner):
                    return "a repeated group contains another repeat (nested quantifiers)"
                if _has_overlapping_branches(body):
                    return "a repeated group has alternatives that can match the same text"
            found = _scan(body, maxrepeat)
        elif name == "SUBPATTERN":
            found = _scan(arg[-1], maxrepeat)
        elif name == "BRANCH":
            found = next((f for b in arg[1] if (f := _scan(b, maxrepeat))), None)
        else:
            found = None
        if found:
            return found
    return None


def _inner_repeat_chars(items: Any) -> frozenset[str] | None:
    """Characters any repeat (max > 1) inside ``items`` can match; None when there is none."""
    found: frozenset[str] | None = None
    for op, arg in items:
        name = str(op)
        if name in _REPEATS and arg[1] > 1:
            found = (found or frozenset()) | _chars(arg[2])
        children = _children(name, arg)
        for child in children:
            nested = _inner_repeat_chars(child)
            if nested is not None:
                found = (found or frozenset()) | nested
    return found


def _children(name: str, arg: Any) -> list[Any]:
    if name in _REPEATS:
        return [arg[2]]
    if name == "SUBPATTERN":
        return [arg[-1]]
    if name == "BRANCH":
        return list(arg[1])
    return []


def _separated(body: Any, inner: frozenset[str]) -> bool:
    """True when the body must match a character that the inner repeats cannot."""
    for op, arg in body:
        name = str(op)
        if name == "SUBPATTERN" and _separated(arg[-1], inner):
            return True
        atom = _atom_chars(name, arg)
        if atom is not None and not (atom & inner):
            return True
    return False


def _chars(items: Any) -> frozenset[str]:
    result: frozenset[str] = frozenset()
    for op, arg in items:
        name = str(op)
        atom = _atom_chars(name, arg)
        if atom is not None:
            result |= atom
        elif name in _REPEATS or name in ("SUBPATTERN", "BRANCH"):
            for child in _children(name, arg):
                result |= _chars(child)
        elif name not in ("AT",):
            return _ALPHABET  # back-references and the like: assume anything
    return result


def _atom_chars(name: str, arg: Any) -> frozenset[str] | None:
    """The characters a single-character atom matches, or None for other nodes."""
    if name == "LITERAL":
        return frozenset({chr(arg)})
    if name == "NOT_LITERAL":
        return _ALPHABET - {chr(arg)}
    if name == "ANY":
        return _ALPHABET
    if name == "IN":
        return frozenset(ch for ch in _ALPHABET if class_matches(arg, ch))
    return None


def _has_overlapping_branches(body: Any) -> bool:
    for op, arg in body:
        name = str(op)
        if name == "SUBPATTERN":
            return _has_overlapping_branches(arg[-1])
        if name == "BRANCH":
            firsts = [_first_chars(branch) for branch in arg[1]]
            return any(a & b for i, a in enumerate(firsts) for b in firsts[i + 1 :])
    return False


def _first_chars(items: Any) -> frozenset[str]:
    for op, arg in items:
        name = str(op)
        atom = _atom_chars(name, arg)
        if atom is not None:
            return atom
        if name == "SUBPATTERN":
            return _first_chars(arg[-1])
        return _ALPHABET  # repeats, branches: be conservative
    return _ALPHABET  # an empty branch matches anything that follows
