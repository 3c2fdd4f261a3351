"""Fused string checks: one regular-expression call for many string properties of an object.

Each ``re`` call costs a fixed overhead on top of its scan, and an envelope has a dozen
format and pattern checks, so ``is_valid`` joins the values of an object's required,
regex-checked string properties with a separator and matches the result against the
pieces joined by the same separator. That is exact when no piece can match the separator:
then the separators in the joined text sit exactly where the pattern has them, so the
whole matches if and only if every value matches its own piece. A value containing the
separator, a non-string value (``str.join`` raises ``TypeError``) or a value the piece
rejects makes the fused match fail, and the per-property checks decide as before. Pieces
may accept fewer strings than the keyword (date-time without leap seconds): a fused
success is always a valid instance, a fused failure never decides anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lakecontracts.regex import tree
from lakecontracts.regex.examples import shortest_witness
from lakecontracts.validator import charprog
from lakecontracts.validator.builder import ModuleBuilder, fullmatch_body
from lakecontracts.validator.formats import FUSABLE_FORMATS

#: Joins the fused values; a NUL character, which no fused piece can match.
SEPARATOR = "\x00"

#: Keywords a fused property may use (annotations aside).
_ALLOWED = frozenset({"type", "format", "pattern"})

_UNICODE_FLAG = tree.UNICODE_FLAG

#: Opcodes that consume no character and need no check of their own.
_STRUCTURE = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT", "BRANCH"})


@dataclass(frozen=True)
class Field:
    """A fusable property: its regex piece and how its value joins in when absent or null."""

    name: str
    piece: str
    required: bool
    nullable: bool
    witness: str  # a string the piece accepts, standing in for an allowed missing/null value


def fusable(
    declared: dict[str, Any], required: set[str], validating: frozenset[str]
) -> list[Field]:
    """The properties of one object whose checks fuse into one match (at least two, or none)."""
    found = []
    for name, schema in declared.items():
        body, nullable = piece(schema, validating)
        example = None if body is None else shortest_witness(body)
        if body is not None and example is not None:
            found.append(Field(name, body, name in required, nullable, example))
    return found if len(found) > 1 else []


def piece(schema: Any, validating: frozenset[str]) -> tuple[str | None, bool]:
    """The regex deciding a string for ``schema`` (None if not fusable), and if null is allowed."""
    if not isinstance(schema, dict):
        return None, False
    kinds = schema.get("type")
    nullable = isinstance(kinds, list) and sorted(kinds) == ["null", "string"]
    if kinds != "string" and not nullable:
        return None, False
    used = validating.intersection(schema)
    if not used <= _ALLOWED or len(used) != 2:  # "type" plus exactly one of format/pattern
        return None, False
    if "format" in schema:
        body = FUSABLE_FORMATS.get(schema["format"]) if isinstance(schema["format"], str) else None
    else:
        body = pattern_piece(schema["pattern"])
    return (body if body is not None and separator_safe(body) else None), nullable


def pattern_piece(pattern: object) -> str | None:
    """The full-match regex of a contract ``pattern`` that ``re`` may run fused, or None.

    Only deterministic runs of classes (:mod:`charprog`), which ``re`` matches in linear
    time: a fused regex runs on ``re``, and any other pattern runs alone on RE2 or the
    bounded matcher (``builder.regex``).
    """
    body = fullmatch_body(pattern) if isinstance(pattern, str) else None
    return body if body is not None and charprog.program(body) is not None else None


def fused_matcher(module: ModuleBuilder, pieces: list[str], atomic: bool = False) -> str:
    """A module-level ``fullmatch`` for the values joined by ``SEPARATOR``.

    ``atomic`` makes each piece an atomic group (no backtracking into a piece once it
    matched), which saves ``re`` work. An atomic group only removes ways to match, so a
    success still proves every value matches its piece; a value the first way of matching
    leaves half-read fails the fused match, which only sends it to the exact checks.
    """
    module.imports.add("import re")
    group = "(?>" if atomic else "(?:"
    joined = SEPARATOR.join(f"{group}{body})" for body in pieces)
    return module.constant(f"re.compile({joined!r}).fullmatch")


def separator_safe(regex: str) -> bool:
    """True when ``regex`` can be fused: it never matches the separator and stands alone.

    Refused: anything able to match NUL, global or scoped flags, named groups,
    backreferences, lookarounds and anchors (each would change meaning when fused).
    """
    try:
        parsed = tree.parse(regex)
    except re.error:  # whatever re refuses is simply not fused
        return False
    if parsed.state.flags & ~_UNICODE_FLAG or parsed.state.groupdict:
        return False
    return _safe_items(list(parsed))


def _safe_items(items: list[tuple[Any, Any]]) -> bool:
    return all(_safe(str(op), value) for op, value in items)


def _safe(op: str, value: Any) -> bool:
    if op == "LITERAL":
        return bool(value != ord(SEPARATOR))
    if op == "IN":
        return not _class_matches_separator(value)
    if op in _STRUCTURE:
        branches = value[1] if op == "BRANCH" else [value[2]]
        return all(_safe_items(list(branch)) for branch in branches)
    if op == "SUBPATTERN":
        _group, add_flags, del_flags, body = value
        return not add_flags and not del_flags and _safe_items(list(body))
    return False  # ANY, NOT_LITERAL, AT, ASSERT, GROUPREF, ...: not provably safe


#: Character categories that never contain NUL.
_SAFE_CATEGORIES = frozenset({"CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_SPACE"})


def _class_matches_separator(items: list[tuple[Any, Any]]) -> bool:
    code = ord(SEPARATOR)
    negate, hit = False, False
    for op, value in items:
        kind = str(op)
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            hit = hit or value == code
        elif kind == "RANGE":
            hit = hit or value[0] <= code <= value[1]
        elif kind != "CATEGORY" or str(value) not in _SAFE_CATEGORIES:
            return True  # unknown member: assume the worst
    return hit != negate
