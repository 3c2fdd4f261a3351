"""Regular-expression structure: backtracking shape and character classes.

Used by lint (PATTERN_NOT_CATASTROPHIC): the validators run such patterns on RE2 or a bounded
matcher, but every other consumer of the JSON Schema (jsonschema, Athena, downstream readers)
may backtrack on them. Works on Python's own parse tree (:mod:`lakecontracts.regex.tree`), so
it reads every pattern the validators compile.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lakecontracts.regex.tree import MAXREPEAT, REPEATS, children, class_matches, parse

_REPEATS = REPEATS
#: Characters we reason about when comparing character sets (ASCII and Latin ranges).
_ALPHABET = frozenset(chr(i) for i in range(0x250))


@cache
def catastrophic_shape(pattern: str) -> str | None:
    """Why ``pattern`` has a super-linear backtracking shape, or None.

    Flags a repeat that can turn more than once whose body holds a variable repeat
    (``(a+)+``, ``(\\w+\\s?)*``, ``(a+){1,32}``, ``(.*a){20}``) unless each turn must consume a
    separator the inner repeat cannot match (``(-[a-z0-9]+)*`` is linear); a repeat over
    alternatives that can start with the same character (``(a|ab)*``); and adjacent
    open-ended repeats that can match the same characters (``a*a*b``, ``\\w+\\d+``). Looks
    inside groups, alternatives and lookarounds (``(?=(a+)+$)``).
    """
    return _scan(parse(pattern), MAXREPEAT)


def _scan(items: Any, maxrepeat: int) -> str | None:
    adjacent = _adjacent_repeats(items, maxrepeat)
    if adjacent:
        return adjacent
    for op, arg in items:
        name = str(op)
        if name in _REPEATS and arg[1] > 1:
            body = arg[2]
            inner = _inner_repeat_chars(body)
            if inner is not None and not _separated(body, inner):
                return "a repeated group contains another repeat (nested quantifiers)"
            if _has_overlapping_branches(body):
                return "a repeated group has alternatives that can match the same text"
        found = next((f for child in children(name, arg) if (f := _scan(child, maxrepeat))), None)
        if found:
            return found
    return None


def _adjacent_repeats(items: Any, maxrepeat: int) -> str | None:
    """Two open-ended repeats in a row (nothing required between them) sharing characters."""
    previous: frozenset[str] = frozenset()
    for op, arg in items:
        name = str(op)
        if name in _REPEATS and arg[1] == maxrepeat:
            current = _chars(arg[2])
            if _first_chars(arg[2]) & previous:
                return "adjacent open-ended repeats can match the same text (a*a*...)"
            previous = (previous | current) if arg[0] == 0 else current
        elif name in _REPEATS and arg[0] == 0:
            continue  # an optional piece does not separate the repeats around it
        elif name != "AT":
            previous = frozenset()
    return None


def _inner_repeat_chars(items: Any) -> frozenset[str] | None:
    """Characters any variable repeat inside ``items`` can match; None when there is none."""
    found: frozenset[str] | None = None
    for op, arg in items:
        name = str(op)
        if name in _REPEATS and arg[0] != arg[1]:
            found = (found or frozenset()) | _chars(arg[2])
        for child in children(name, arg):
            nested = _inner_repeat_chars(child)
            if nested is not None:
                found = (found or frozenset()) | nested
    return found


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
            for child in children(name, arg):
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
