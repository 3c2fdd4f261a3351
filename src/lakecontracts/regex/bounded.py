"""Matching programs for the step-bounded matcher: ``re``'s parse tree as plain tuples.

Patterns RE2 cannot run (lookarounds, back-references, atomic groups, possessive repeats,
``\\b``, Python's ``$``, Unicode categories) run in generated validators on a small
backtracking matcher (``_rx_*`` in ``validator/prelude.py``) that counts its steps
and gives up, failing the value, when a budget runs out. :func:`program` writes the tree as
nested tuples of strings, integers and booleans, so the generated module embeds it as a
literal and never needs ``re``'s parser at run time. Node forms:

``("set", negate, ranges, categories)`` one character; ``("alt", arms)``;
``("rep", low, high, mode, body)`` (high -1: no maximum; mode ``"greedy"``, ``"lazy"``,
``"possessive"``); ``("group", index, body)``; ``("atomic", body)``;
``("look", behind_width, negate, body)`` (behind_width -1: lookahead);
``("ref", index)``; ``("if", index, yes, no)``; ``("at", kind)``.
"""

from __future__ import annotations

import re
from typing import Any

from lakecontracts.regex.tree import MAXREPEAT, UNICODE_FLAG, items, parse

Program = tuple[Any, ...]

_MODES = {"MAX_REPEAT": "greedy", "MIN_REPEAT": "lazy", "POSSESSIVE_REPEAT": "possessive"}
_ANCHORS = {
    "AT_BEGINNING": "start",
    "AT_BEGINNING_STRING": "start",
    "AT_END": "end_or_final_newline",
    "AT_END_STRING": "end",
    "AT_BOUNDARY": "boundary",
    "AT_NON_BOUNDARY": "not_boundary",
}
_CATEGORIES = {
    "CATEGORY_DIGIT": "d",
    "CATEGORY_NOT_DIGIT": "D",
    "CATEGORY_WORD": "w",
    "CATEGORY_NOT_WORD": "W",
    "CATEGORY_SPACE": "s",
    "CATEGORY_NOT_SPACE": "S",
}


class _NoProgram(Exception):
    """A construct the bounded matcher does not implement (flags, for instance)."""


def program(pattern: str) -> tuple[Program, int] | None:
    """The matching program of ``pattern`` and its number of groups, or None."""
    try:
        parsed = parse(pattern)
        if parsed.state.flags & ~UNICODE_FLAG:
            return None
        return _sequence(parsed), int(parsed.state.groups)
    except (re.error, _NoProgram):
        return None


def _sequence(tree: Any) -> Program:
    return tuple(_node(name, arg) for name, arg in items(tree))


def _node(name: str, arg: Any) -> Program:
    if name == "LITERAL":
        return ("set", False, ((arg, arg),), ())
    if name == "NOT_LITERAL":
        return ("set", True, ((arg, arg),), ())
    if name == "ANY":
        return ("set", True, ((10, 10),), ())
    if name == "IN":
        return _class(arg)
    if name == "CATEGORY":
        return ("set", False, (), (_category(arg),))
    if name in _MODES:
        high = -1 if arg[1] == MAXREPEAT else int(arg[1])
        return ("rep", int(arg[0]), high, _MODES[name], _sequence(arg[2]))
    if name == "SUBPATTERN":
        group, add_flags, del_flags, body = arg
        if add_flags or del_flags:
            raise _NoProgram("scoped flags")
        return ("group", int(group or 0), _sequence(body))
    if name == "BRANCH":
        return ("alt", tuple(_sequence(arm) for arm in arg[1]))
    if name == "ATOMIC_GROUP":
        return ("atomic", _sequence(arg))
    if name in ("ASSERT", "ASSERT_NOT"):
        direction, body = arg
        width = -1 if direction == 1 else int(body.getwidth()[0])
        return ("look", width, name == "ASSERT_NOT", _sequence(body))
    if name == "GROUPREF":
        return ("ref", int(arg))
    if name == "GROUPREF_EXISTS":
        group, yes, no = arg
        return ("if", int(group), _sequence(yes), _sequence(no) if no else ())
    if name == "AT" and str(arg) in _ANCHORS:
        return ("at", _ANCHORS[str(arg)])
    raise _NoProgram(name)


def _class(members: Any) -> Program:
    negate, ranges, categories = False, [], []
    for name, arg in items(members):
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            ranges.append((int(arg), int(arg)))
        elif name == "RANGE":
            ranges.append((int(arg[0]), int(arg[1])))
        elif name == "CATEGORY":
            categories.append(_category(arg))
        else:
            raise _NoProgram(name)
    return ("set", negate, tuple(ranges), tuple(categories))


def _category(arg: Any) -> str:
    found = _CATEGORIES.get(str(arg))
    if found is None:
        raise _NoProgram(str(arg))
    return found
