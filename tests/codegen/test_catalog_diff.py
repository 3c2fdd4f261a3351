"""Payload fields flattened for the catalog, and the structural diff between versions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from lakecontracts.codegen.catalog.diff import FieldChange, diff_fields
from lakecontracts.codegen.catalog.fields import FieldRow, payload_fields
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent, resolve_all
from tests.conftest import EXAMPLE_REGISTRY


@pytest.fixture(scope="module")
def events() -> dict[str, ResolvedEvent]:
    return {e.contract.key: e for e in resolve_all(Registry.open(EXAMPLE_REGISTRY))}


def with_payload(event: ResolvedEvent, payload: dict[str, Any]) -> ResolvedEvent:
    schema = {**event.schema, "properties": {**event.schema["properties"], "payload": payload}}
    schema["definitions"] = {"money": {"type": "integer", "minimum": 0, "maximum": 100}}
    return replace(event, schema=schema)


def row(name: str, **changes: Any) -> FieldRow:
    base = FieldRow(name, "string", True, False, "internal", True, "none", "", ())
    return replace(base, **changes)


def test_nested_fields_are_flattened_with_dotted_names_and_athena_types(
    events: dict[str, ResolvedEvent],
) -> None:
    payload = {
        "type": "object",
        "required": ["order"],
        "properties": {
            "order": {
                "type": "object",
                "required": ["total"],
                "properties": {
                    "total": {"$ref": "#/definitions/money"},
                    "email_sha256": {
                        "type": "string",
                        "x-pii": "pseudonymous",
                        "x-privacy-tier": "restricted",
                    },
                },
            },
            "lines": {
                "type": "array",
                "items": {"type": "object", "properties": {"sku": {"enum": ["a", "b"]}}},
            },
            "tags": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
        },
    }
    fields = payload_fields(with_payload(events["booking.leg_created@2"], payload))
    by_name = {f.name: f for f in fields}
    assert [f.name for f in fields] == [
        "order",
        "order.total",
        "order.email_sha256",
        "lines",
        "lines[].sku",
        "tags",
    ]
    assert by_name["order"].type == "struct"
    assert by_name["order.total"].type == "int"
    assert by_name["order.total"].required and not by_name["order.email_sha256"].required
    assert by_name["lines"].type == "array<struct>"
    assert by_name["lines[].sku"].enum == ('"a"', '"b"')
    assert by_name["tags"].type == "map<string,string>"
    secret = by_name["order.email_sha256"]
    assert (secret.tier, secret.tier_inherited, secret.pii) == ("restricted", False, "pseudonymous")
    assert (by_name["order"].tier, by_name["order"].tier_inherited) == ("internal", True)


def test_example_leg_created_v1_to_v2(events: dict[str, ResolvedEvent]) -> None:
    v1, v2 = events["booking.leg_created@1"], events["booking.leg_created@2"]
    diff = diff_fields(1, payload_fields(v1), 2, payload_fields(v2))
    assert [f.name for f in diff.added] == ["amount_minor", "starts_on", "ends_on"]
    assert [f.name for f in diff.removed] == ["price"]
    assert set(diff.changed) == {
        FieldChange("currency", "required", "no", "yes"),
        FieldChange("currency", "nullable", "yes", "no"),
        FieldChange(
            "status",
            "enum",
            '"pending", "booked", "cancelled"',
            '"pending", "confirmed", "cancelled"',
        ),
    }


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (row("a"), row("a", type="bigint"), ("type", "string", "bigint")),
        (row("a"), row("a", required=False), ("required", "yes", "no")),
        (row("a"), row("a", enum=('"x"',)), ("enum", "(any value)", '"x"')),
        (row("a"), row("a", tier="restricted"), ("privacy tier", "internal", "restricted")),
        (row("a"), row("a", pii="pseudonymous"), ("PII class", "none", "pseudonymous")),
    ],
)
def test_each_aspect_change_is_reported_old_to_new(
    old: FieldRow, new: FieldRow, expected: tuple[str, str, str]
) -> None:
    diff = diff_fields(1, [old], 2, [new])
    assert diff.changed == (FieldChange("a", *expected),)
    assert not diff.added and not diff.removed


def test_identical_versions_have_an_empty_diff() -> None:
    fields = [row("a"), row("b", type="int")]
    diff = diff_fields(1, fields, 2, list(fields))
    assert diff.empty
    assert not diff_fields(1, fields, 2, fields[:1]).empty
