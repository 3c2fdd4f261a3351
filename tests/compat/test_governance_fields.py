"""The gate's tier and PII rules see every payload field the shared walk yields: array items
and map values too, located where the contract writes them."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from lakecontracts.gate.pair import REVISION, VersionPair
from lakecontracts.gate.rules.governance import pii_class_changed, privacy_tier_lowered
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolve import resolve_schema
from tests.conftest import EXAMPLE_REGISTRY

MAP_OF_CONTACTS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "email_sha256": {
                "type": "string",
                "x-pii": "pseudonymous",
                "x-privacy-tier": "restricted",
            }
        },
    },
}


def _pair(change: dict[str, Any]) -> VersionPair:
    registry = Registry.open(EXAMPLE_REGISTRY)
    contract = next(iter(registry.contracts()))
    old = resolve_schema(contract, registry.config)
    old["properties"]["payload"]["properties"]["contacts"] = MAP_OF_CONTACTS
    new = copy.deepcopy(old)
    label = new["properties"]["payload"]["properties"]["contacts"]["additionalProperties"]
    label["properties"]["email_sha256"].update(change)
    config = registry.config
    mode = "BACKWARD"
    return VersionPair(
        REVISION, contract, contract, old, new, config, config, mode, mode, date.today()
    )


def test_a_map_value_field_whose_pii_class_changes_is_found_where_it_is_written() -> None:
    (problem,) = pii_class_changed(_pair({"x-pii": "none"}))
    assert "field contacts.*.email_sha256: PII class changed from pseudonymous to none" in (
        problem.message
    )
    assert problem.doc_path == (
        "payload", "properties", "contacts", "additionalProperties",
        "properties", "email_sha256", "x-pii",
    )  # fmt: skip


def test_a_map_value_field_whose_tier_is_lowered_is_found() -> None:
    (problem,) = privacy_tier_lowered(_pair({"x-privacy-tier": "internal"}))
    assert "contacts.*.email_sha256: privacy tier lowered from restricted to internal" in (
        problem.message
    )
    assert problem.doc_path[-2:] == ("email_sha256", "x-privacy-tier")


def test_unchanged_fields_raise_nothing() -> None:
    pair = _pair({})
    assert list(pii_class_changed(pair)) == [] and list(privacy_tier_lowered(pair)) == []
