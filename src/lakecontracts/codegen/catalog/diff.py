"""A structural diff of two versions' payload fields, for the catalog.

Fields are matched by dotted name once; each compared aspect is one row in :data:`ASPECTS`.
This says *what* changed, not whether it breaks readers: that verdict belongs to the
compatibility engine (issue #3), which may later supply these rows instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lakecontracts.codegen.catalog.fields import FieldRow


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


#: Aspect name -> how to read it from a field, as shown in the catalog.
ASPECTS: tuple[tuple[str, Callable[[FieldRow], str]], ...] = (
    ("type", lambda f: f.type),
    ("required", lambda f: _yes_no(f.required)),
    ("nullable", lambda f: _yes_no(f.nullable)),
    ("enum", lambda f: ", ".join(f.enum) if f.enum else "(any value)"),
    ("privacy tier", lambda f: f.tier),
    ("PII class", lambda f: f.pii),
)


@dataclass(frozen=True)
class FieldChange:
    """One aspect of one field that differs between two versions."""

    name: str
    aspect: str
    old: str
    new: str


@dataclass(frozen=True)
class FieldDiff:
    """What changed from ``old_v`` to ``new_v``."""

    old_v: int
    new_v: int
    added: tuple[FieldRow, ...]
    removed: tuple[FieldRow, ...]
    changed: tuple[FieldChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_fields(
    old_v: int, old: Sequence[FieldRow], new_v: int, new: Sequence[FieldRow]
) -> FieldDiff:
    """Added and changed fields in the new version's order, removed ones in the old order."""
    before = {f.name: f for f in old}
    after = {f.name: f for f in new}
    return FieldDiff(
        old_v=old_v,
        new_v=new_v,
        added=tuple(f for f in new if f.name not in before),
        removed=tuple(f for f in old if f.name not in after),
        changed=tuple(
            change for f in new if f.name in before for change in _changes(before[f.name], f)
        ),
    )


def _changes(old: FieldRow, new: FieldRow) -> list[FieldChange]:
    return [
        FieldChange(new.name, aspect, read(old), read(new))
        for aspect, read in ASPECTS
        if read(old) != read(new)
    ]
