"""Deterministic strings that match a pattern: compat's candidates and fusion's witnesses.

Both read ``re``'s parse tree and check their result with ``re`` before returning it, so a
construct they cannot follow yields None rather than a wrong string.
"""

from __future__ import annotations

import re
from typing import Any

from lakecontracts.regex.tree import MAXREPEAT, class_matches, items, parse

_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
}


def regex_example(pattern: str, variant: int = 0) -> str | None:
    """A string ``re.search(pattern, ...)`` accepts (``variant`` lengthens repeats, picks other
    branches), or None."""
    try:
        parsed = parse(pattern)
    except re.error:
        return None
    try:
        text = _emit(parsed, variant)
    except _Unsupported:
        return None
    return text if re.search(pattern, text) else None


class _Unsupported(Exception):
    pass


def _emit(tree: Any, variant: int) -> str:
    out: list[str] = []
    for name, arg in items(tree):
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_char(arg, variant))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg
            count = low + variant
            if high != MAXREPEAT:
                count = min(count, high)
            out.append("".join(_emit(body, variant) for _ in range(count)))
        elif name == "SUBPATTERN":
            out.append(_emit(arg[-1], variant))
        elif name == "BRANCH":
            branches = arg[1]
            out.append(_emit(branches[variant % len(branches)], variant))
        elif name == "AT":
            continue
        elif name == "CATEGORY":
            out.append(_CATEGORY_CHARS.get(str(arg), "a"))
        else:
            raise _Unsupported(name)
    return "".join(out)


def _class_char(members: Any, variant: int) -> str:
    if any(name == "NEGATE" for name, _ in items(members)):
        pool = [c for c in "aZ0_-. x\u00e9" if class_matches(members, c)]
        return pool[variant % len(pool)] if pool else "\u00e9"
    candidates: list[str] = []
    for name, arg in items(members):
        if name == "LITERAL":
            candidates.append(chr(arg))
        elif name == "RANGE":
            candidates.extend(chr(c) for c in (arg[0], arg[1], (arg[0] + arg[1]) // 2))
        elif name == "CATEGORY":
            candidates.append(_CATEGORY_CHARS.get(str(arg), "a"))
    return candidates[variant % len(candidates)] if candidates else "a"


def shortest_witness(regex: str) -> str | None:
    """A short string ``regex`` fully matches (first choices, fewest repeats), or None."""
    try:
        text = _build(parse(regex))
    except (_Unsupported, re.error):
        return None
    return text if re.fullmatch(regex, text) else None


def _build(tree: Any) -> str:
    return "".join(_build_one(name, value) for name, value in items(tree))


def _build_one(op: str, value: Any) -> str:
    if op == "LITERAL":
        return chr(value)
    if op == "IN" and str(value[0][0]) in ("LITERAL", "RANGE"):
        first = value[0][1]
        return chr(first if isinstance(first, int) else first[0])
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _build(value[2]) * int(value[0])
    if op == "SUBPATTERN":
        return _build(value[3])
    if op == "BRANCH":
        return _build(value[1][0])
    raise _Unsupported(op)
