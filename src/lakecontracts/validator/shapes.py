"""Fixed-shape strings checked by one ``bytes.translate`` and one comparison instead of a regex.

A regex such as a UUID's or ``[0-9a-f]{64}`` is a fixed sequence of character classes: one
class per position, no alternatives, no variable repeats. For such strings, mapping every
byte to the code of its class and comparing the result with the expected codes (a template)
decides the same question as the regex, at C speed per byte and without the ``re`` engine's
per-character dispatch.

Within one group every class is either equal to or disjoint from every other, so each byte
has at most one code; bytes outside every class map to ``REJECT`` and the separator to
``SEPARATOR_CODE``, neither of which appears at a class position of a template. Values are
joined with ``fusion.SEPARATOR`` (at positions fixed by the lengths) and encoded to ASCII
with non-ASCII characters dropped: such a text is shorter than the template, so it fails
(every class is ASCII), and the full check decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lakecontracts.regex import tree
from lakecontracts.regex.tree import class_members
from lakecontracts.validator.fusion import SEPARATOR

#: Code of a byte no class of the group accepts; code of the separator.
REJECT = ord("!")
SEPARATOR_CODE = ord("|")
#: Codes handed to classes, in order (printable, distinct from the two above).
_CODES = [c for c in range(ord("0"), ord("~") + 1) if c not in (REJECT, SEPARATOR_CODE)]
_PRINTABLE = frozenset(range(0x20, 0x7F))

Shape = tuple[frozenset[int], ...]


def fixed_shape(regex: str) -> Shape | None:
    """The class of each position when ``regex`` fully matches only strings of one shape."""
    try:
        parsed = tree.parse(regex)
    except re.error:
        return None
    if parsed.state.flags & ~32:  # only re.UNICODE, which str patterns always carry
        return None
    try:
        shape = _sequence(list(parsed))
    except _NotFixed:
        return None
    return tuple(shape) if shape else None


class _NotFixed(Exception):
    """Alternatives, variable repeats, categories, anchors, non-ASCII: not a fixed shape."""


def _sequence(items: list[tuple[Any, Any]]) -> list[frozenset[int]]:
    shape: list[frozenset[int]] = []
    for op, value in items:
        shape += _item(str(op), value)
    return shape


def _item(op: str, value: Any) -> list[frozenset[int]]:
    if op in ("LITERAL", "IN"):
        members = class_members(op, value)
        if members is None:
            raise _NotFixed("a class reaching beyond ASCII")
        return [_checked(members)]
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and value[0] == value[1]:
        return _sequence(list(value[2])) * int(value[0])
    if op == "SUBPATTERN" and not value[1] and not value[2]:
        return _sequence(list(value[3]))
    raise _NotFixed(op)


def _checked(members: frozenset[int]) -> frozenset[int]:
    if not members <= _PRINTABLE or ord(SEPARATOR) in members:
        raise _NotFixed("non-printable or non-ASCII member")
    return members


@dataclass
class ShapeGroup:
    """Fixed-shape values checked by one translation: the table and the expected codes."""

    codes: dict[frozenset[int], int] = field(default_factory=dict)
    members: list[tuple[str, Shape]] = field(default_factory=list)  # (variable, shape)

    def accepts(self, shape: Shape) -> bool:
        """Every class of ``shape`` equals or is disjoint from every class of the group."""
        fresh = set(shape) - set(self.codes)
        if len(self.codes) + len(fresh) > len(_CODES):
            return False
        return all(a == b or not a & b for a in set(shape) for b in set(self.codes) | fresh)

    def add(self, variable: str, shape: Shape) -> None:
        for members in shape:
            if members not in self.codes:
                self.codes[members] = _CODES[len(self.codes)]
        self.members.append((variable, shape))

    def table(self) -> bytes:
        table = bytearray([REJECT] * 256)
        table[ord(SEPARATOR)] = SEPARATOR_CODE
        for members, code in self.codes.items():
            for byte in members:
                table[byte] = code
        return bytes(table)

    def template(self) -> bytes:
        parts = [bytes(self.codes[members] for members in shape) for _, shape in self.members]
        return bytes([SEPARATOR_CODE]).join(parts)


def group_shapes(fields: list[tuple[str, Shape]]) -> list[ShapeGroup]:
    """Fixed-shape values in as few groups as the overlaps between their classes allow."""
    groups: list[ShapeGroup] = []
    for variable, shape in fields:
        group = next((g for g in groups if g.accepts(shape)), None)
        if group is None:
            group = ShapeGroup()
            groups.append(group)
        group.add(variable, shape)
    return groups
