"""The one handle on ``re``'s private parser: parse trees and character classes.

Every analysis of a contract pattern (lint's backtracking check, the validators' fixed shapes,
fusion and character programs, compat's and sample's string generation, the RE2 translation)
reads the tree Python's own compiler builds, so it reads each pattern exactly as ``re`` does.
``re._parser`` is private and may change between Python versions: this module is the only
place that touches it.
"""

from __future__ import annotations

import importlib
from typing import Any

_PARSER: Any = importlib.import_module("re._parser")
_CONSTANTS: Any = importlib.import_module("re._constants")

#: The ``high`` bound of an open-ended repeat (``*``, ``+``, ``{n,}``).
MAXREPEAT: int = _PARSER.MAXREPEAT
#: ``re.UNICODE``, which every ``str`` pattern carries.
UNICODE_FLAG = 32
#: Opcode names of repeats.
REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})

#: A parsed pattern: a sequence of ``(opcode, argument)`` items with ``.state`` (flags, groups).
Parsed = Any


def parse(pattern: str) -> Parsed:
    """The parse tree of ``pattern`` (raises ``re.error`` when ``re`` refuses it)."""
    return _PARSER.parse(pattern)


def items(tree: Any) -> list[tuple[str, Any]]:
    """The items of a (sub)tree with their opcodes as names (``"LITERAL"``, ``"IN"``, ...)."""
    return [(str(op), arg) for op, arg in tree]


def children(name: str, arg: Any) -> list[Any]:
    """The sub-sequences of one item: a repeat's body, a group's body, a branch's arms."""
    if name in REPEATS:
        return [arg[2]]
    if name == "SUBPATTERN":
        return [arg[-1]]
    if name == "BRANCH":
        return list(arg[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [arg[1]]
    if name == "ATOMIC_GROUP":
        return [arg]
    return []


#: Constant objects by name, for code that compares opcodes by identity (sample generation).
def constant(name: str) -> Any:
    return getattr(_CONSTANTS, name)


_CATEGORIES = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_SPACE": str.isspace,
}


def class_matches(members: Any, ch: str) -> bool:
    """Whether the ``IN`` class with ``members`` accepts ``ch`` (Unicode categories)."""
    negate, hit = False, False
    for name, arg in items(members):
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            hit = hit or ch == chr(arg)
        elif name == "RANGE":
            hit = hit or arg[0] <= ord(ch) <= arg[1]
        elif name == "CATEGORY":
            category = str(arg)
            positive = category.replace("_NOT_", "_")
            test = _CATEGORIES.get(positive)
            matched = True if test is None else bool(test(ch))
            hit = hit or (matched != (positive != category))
    return hit != negate


def class_members(op: str, value: Any) -> frozenset[int] | None:
    """The characters a ``LITERAL`` or ``IN`` item matches, or None for a class defined by what
    it leaves out or by a category (``NEGATE``, ``\\d``): those reach beyond ASCII."""
    if op == "LITERAL":
        return frozenset({int(value)})
    members: set[int] = set()
    for kind, member in value:
        if str(kind) == "LITERAL":
            members.add(int(member))
        elif str(kind) == "RANGE":
            members.update(range(int(member[0]), int(member[1]) + 1))
        else:
            return None
    return frozenset(members)
