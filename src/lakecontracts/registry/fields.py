"""The one walk over a contract's fields, each with its privacy tier and PII class.

A *field* is a named property of an object schema. Its name is dotted from where the walk
starts: ``device.os``; array items add ``[]`` (``legs[].amount``) and map values ``.*``
(``attrs.*.label``). Lint walks the file as written (every schema keyword, ``$ref`` not
entered), the gate and the catalog walk resolved schemas (local ``$ref`` followed) and the
dbt layout walks only through properties. Tier and PII come from :mod:`registry.tiers` (the
field's own ``x-privacy-tier``, else the contract's; its own ``x-pii``, else ``none``), so
no consumer reads those annotations itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lakecontracts.localref import follow_local
from lakecontracts.registry.naming import (
    SCHEMA_KEYWORDS,
    SCHEMA_LIST_KEYWORDS,
    SCHEMA_MAP_KEYWORDS,
)
from lakecontracts.registry.tiers import field_pii, field_tier, tier_inherited
from lakecontracts.registry.yamlsource import JsonPath

#: Follows a schema's ``$ref`` (given the field's dotted name for errors); None when it
#: cannot be followed.
Deref = Callable[[dict[str, Any], str], dict[str, Any] | None]

#: What the walk descends through. Containers name their children with a suffix.
PROPERTIES = frozenset({"properties"})
VALUES = frozenset({"properties", "items", "additionalProperties"})
EVERYWHERE = VALUES | set(SCHEMA_KEYWORDS) | set(SCHEMA_LIST_KEYWORDS) | set(SCHEMA_MAP_KEYWORDS)
SUFFIX = {"items": "[]", "additionalProperties": ".*"}


@dataclass(frozen=True)
class FieldSite:
    """One field: its names, where it is written and the facts every consumer shares."""

    name: str  # dotted from the walk's start: ``legs[].amount``
    key: str  # the property's own name: ``amount``
    path: JsonPath  # where its schema is written (through the fields, never into a $ref)
    schema: dict[str, Any]  # its schema, $ref followed when the walk follows references
    parent: dict[str, Any]  # the object schema that lists it
    required: bool  # listed in its parent's ``required``
    always: bool  # required at every level from the start, through properties only
    plain: bool  # reached through properties alone: the dotted name addresses one value
    tier: str  # registry.tiers.field_tier
    tier_inherited: bool
    pii: str  # registry.tiers.field_pii


def walk_fields(
    start: Any,
    *,
    contract_tier: str = "none",
    into: frozenset[str] = VALUES,
    deref: Deref | None = None,
    path: JsonPath = (),
) -> Iterator[FieldSite]:
    """Every field below ``start`` (itself not a field), parents before their children, in
    declared order. ``deref`` follows ``$ref`` (None: the schema as written); a reference
    already being walked is not entered again, so cycles end."""
    walk = _Walk(contract_tier, into, deref)
    target = walk.follow(start, "") if isinstance(start, dict) else None
    if target is not None:
        yield from walk.below(start, target, _Place("", path, True, True), frozenset())


def follow_local_refs(root: dict[str, Any]) -> Deref:
    """A :data:`Deref` through ``#/...`` references into ``root``; None for any other."""

    def deref(schema: dict[str, Any], name: str) -> dict[str, Any] | None:
        return follow_local(root, schema)[0]

    return deref


@dataclass(frozen=True)
class _Place:
    """Where the walk is: the dotted prefix, the written path and what holds so far."""

    name: str
    path: JsonPath
    always: bool
    plain: bool


@dataclass(frozen=True)
class _Walk:
    contract_tier: str
    into: frozenset[str]
    deref: Deref | None

    @property
    def every(self) -> bool:
        return self.into >= EVERYWHERE

    def follow(self, schema: dict[str, Any], name: str) -> dict[str, Any] | None:
        return schema if self.deref is None else self.deref(schema, name)

    def properties(
        self, node: dict[str, Any], at: _Place, refs: frozenset[str]
    ) -> Iterator[FieldSite]:
        props = node.get("properties")
        if not isinstance(props, dict):
            return
        required = node.get("required")
        listed = (
            {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
        )
        for key, sub in props.items():
            name = f"{at.name}.{key}" if at.name else key
            target = self.follow(sub, name) if isinstance(sub, dict) else None
            if target is None:
                continue
            here = _Place(
                name, (*at.path, "properties", key), at.always and key in listed, at.plain
            )
            yield self.site(key, here, target, node, key in listed)
            yield from self.below(sub, target, here, refs)

    def site(
        self, key: str, at: _Place, schema: dict[str, Any], parent: dict[str, Any], required: bool
    ) -> FieldSite:
        return FieldSite(
            name=at.name,
            key=key,
            path=at.path,
            schema=schema,
            parent=parent,
            required=required,
            always=at.always,
            plain=at.plain,
            tier=field_tier(schema, self.contract_tier),
            tier_inherited=tier_inherited(schema),
            pii=field_pii(schema),
        )

    def below(
        self, written: dict[str, Any], node: dict[str, Any], at: _Place, refs: frozenset[str]
    ) -> Iterator[FieldSite]:
        """The fields inside a schema: its properties, then those inside its sub-schemas."""
        ref = written.get("$ref") if self.deref is not None else None
        if isinstance(ref, str):
            if ref in refs:
                return  # a reference cycle: its fields are being walked already
            refs = refs | {ref}
        yield from self.properties(node, at, refs)
        for keyword, child, where in self.children(node):
            name = at.name + SUFFIX.get(keyword, "")
            target = self.follow(child, name)
            if target is not None:
                inner = _Place(name, (*at.path, *where), False, False)
                yield from self.below(child, target, inner, refs)

    def children(self, node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], JsonPath]]:
        """Sub-schemas of ``node`` other than its properties, as (keyword, schema, path)."""
        for keyword in _KEYWORD_ORDER:
            value = node.get(keyword)
            if keyword not in self.into or keyword == "properties":
                continue
            if keyword == "additionalProperties" and node.get("properties") and not self.every:
                continue  # an object with properties holds a struct, not a map
            if isinstance(value, dict) and keyword in SCHEMA_MAP_KEYWORDS:
                for name, sub in value.items():
                    if isinstance(sub, dict):
                        yield keyword, sub, (keyword, name)
            elif isinstance(value, dict):
                yield keyword, value, (keyword,)
            elif isinstance(value, list) and keyword in SCHEMA_LIST_KEYWORDS:
                for index, sub in enumerate(value):
                    if isinstance(sub, dict):
                        yield keyword, sub, (keyword, index)


#: The order sub-schemas are walked in (``items`` once, as a schema or a list of them).
_KEYWORD_ORDER = tuple(
    dict.fromkeys((*SCHEMA_KEYWORDS, *SCHEMA_LIST_KEYWORDS, *SCHEMA_MAP_KEYWORDS))
)
