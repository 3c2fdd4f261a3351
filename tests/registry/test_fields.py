"""The one payload-field walk: names, paths, requiredness, tier and PII, references."""

from __future__ import annotations

from typing import Any

from lakecontracts.registry.fields import (
    EVERYWHERE,
    PROPERTIES,
    follow_local_refs,
    walk_fields,
)

PAYLOAD: dict[str, Any] = {
    "type": "object",
    "required": ["amount", "legs"],
    "properties": {
        "amount": {
            "type": "object",
            "required": ["currency"],
            "properties": {"currency": {"type": "string"}, "minor": {"type": "integer"}},
        },
        "legs": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"email": {"type": "string", "x-pii": "email"}},
            },
        },
        "attrs": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {"label": {"type": "string", "x-privacy-tier": "restricted"}},
            },
        },
        "money": {"$ref": "#/$defs/money"},
    },
    "$defs": {"money": {"type": "object", "properties": {"cents": {"type": "integer"}}}},
}


def test_names_paths_and_order() -> None:
    root = {"properties": {"payload": PAYLOAD}, "$defs": PAYLOAD["$defs"]}
    sites = list(
        walk_fields(
            PAYLOAD, contract_tier="internal", deref=follow_local_refs(root), path=("payload",)
        )
    )
    assert [s.name for s in sites] == [
        "amount",
        "amount.currency",
        "amount.minor",
        "legs",
        "legs[].email",
        "attrs",
        "attrs.*.label",
        "money",
        "money.cents",
    ]
    by_name = {s.name: s for s in sites}
    assert by_name["legs[].email"].path == (
        "payload",
        "properties",
        "legs",
        "items",
        "properties",
        "email",
    )
    label = ("payload", "properties", "attrs", "additionalProperties", "properties", "label")
    assert by_name["attrs.*.label"].path == label
    assert by_name["money.cents"].schema == {"type": "integer"}  # the $ref is followed


def test_tier_and_pii_follow_the_one_rule() -> None:
    by_name = {s.name: s for s in walk_fields(PAYLOAD, contract_tier="internal")}
    email, label = by_name["legs[].email"], by_name["attrs.*.label"]
    assert (email.pii, email.tier, email.tier_inherited) == ("email", "internal", True)
    assert (label.pii, label.tier, label.tier_inherited) == ("none", "restricted", False)


def test_required_plain_and_always() -> None:
    by_name = {s.name: s for s in walk_fields(PAYLOAD)}
    assert by_name["amount.currency"].always and by_name["amount.currency"].plain
    assert not by_name["amount.minor"].required and not by_name["amount.minor"].always
    assert not by_name["legs[].email"].plain
    assert not by_name["legs[].email"].always  # array items are never always present


def test_properties_only_stops_at_containers() -> None:
    names = [s.name for s in walk_fields(PAYLOAD, into=PROPERTIES)]
    assert names == ["amount", "amount.currency", "amount.minor", "legs", "attrs", "money"]


def test_as_written_walk_reaches_every_schema_but_not_into_refs() -> None:
    sites = list(walk_fields(PAYLOAD, into=EVERYWHERE, path=("payload",)))
    paths = {s.path for s in sites}
    assert ("payload", "$defs", "money", "properties", "cents") in paths
    assert not any(s.name == "money.cents" for s in sites)


def test_reference_cycles_end() -> None:
    tree = {"type": "object", "properties": {"child": {"$ref": "#/$defs/tree"}}}
    root = {"$defs": {"tree": tree}, "properties": {"payload": tree}}
    names = [s.name for s in walk_fields(tree, deref=follow_local_refs(root))]
    assert names == ["child", "child.child"]


def test_unresolvable_references_and_odd_shapes_are_skipped() -> None:
    payload = {
        "required": [[], 3, "a"],
        "properties": {"a": {"$ref": "#/nowhere"}, "b": "not a schema", "c": {}},
    }
    assert [s.name for s in walk_fields(payload, deref=follow_local_refs({}))] == ["c"]
