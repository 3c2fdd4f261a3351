"""The lakeformation target: requests valid for botocore's model; tags, grants as registered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.aws.lakeformation import (
    ACCOUNT_ID,
    OPERATIONS,
    build_policy,
    principal_arn,
    render_lakeformation,
    row_filter_expression,
)
from lakecontracts.registry.registry import Registry
from tests.aws_constraints import request_problems
from tests.lakehouse_fixtures import COLUMN_TIER_EDITS, edited_registry, generation_input

POLICY = build_policy(generation_input())


def _column_tags(policy: dict[str, list[Any]], database: str, table: str) -> dict[str, Any]:
    tags = {}
    for request in policy["AddLFTagsToResource"]:
        ref = request["Resource"].get("TableWithColumns")
        if ref and (ref["DatabaseName"], ref["Name"]) == (database, table):
            pairs = {p["TagKey"]: p["TagValues"][0] for p in request["LFTags"]}
            tags.update({name: pairs for name in ref["ColumnNames"]})
    return tags


def _table_tags(policy: dict[str, list[Any]], database: str, table: str) -> dict[str, str]:
    for request in policy["AddLFTagsToResource"]:
        ref = request["Resource"].get("Table")
        if ref and (ref["DatabaseName"], ref["Name"]) == (database, table):
            return {p["TagKey"]: p["TagValues"][0] for p in request["LFTags"]}
    raise AssertionError(f"no table assignment for {database}.{table}")


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_request_is_valid_for_the_botocore_model(operation: str) -> None:
    assert POLICY[operation], f"no {operation} requests"
    for request in POLICY[operation]:
        assert request_problems("lakeformation", operation, request) == []


@pytest.mark.parametrize(
    ("operation", "request_", "expected"),
    [
        ("CreateLFTag", {"TagKey": "tier!", "TagValues": ["a"]}, "does not match"),
        ("CreateLFTag", {"TagKey": "k" * 129, "TagValues": ["a"]}, "above max 128"),
        ("CreateLFTag", {"TagKey": "k", "TagValues": [str(i) for i in range(51)]}, "above max 50"),
        (
            "GrantPermissions",
            {
                "Principal": {"DataLakePrincipalIdentifier": "arn"},
                "Resource": {"Database": {"Name": "d"}},
                "Permissions": ["READ"],
            },
            "not in enum",
        ),
        ("CreateDataCellsFilter", {"TableData": {"Name": "f"}}, "Missing required parameter"),
    ],
)
def test_the_constraint_checker_rejects_what_botocore_skips(
    operation: str, request_: dict[str, Any], expected: str
) -> None:
    assert any(
        expected in problem for problem in request_problems("lakeformation", operation, request_)
    )


def test_tag_definitions_come_from_the_registry() -> None:
    registry = generation_input().registry
    tags = {r["TagKey"]: r["TagValues"] for r in POLICY["CreateLFTag"]}
    assert tags["privacy_tier"] == list(registry.config.privacy_tiers)
    assert tags["domain"] == sorted({c.domain for c in registry.contracts()})
    assert tags["layer"] == ["bronze", "silver", "gold"]
    assert tags["pii"] == ["none", "pseudonymous"]  # `direct` is forbidden, never tagged
    assert tags["row_filter_city"] == ["exempt", "filtered"]


@pytest.mark.parametrize(
    ("database", "table", "tier", "domain", "filtered"),
    [
        (
            "bronze_events",
            "documents__identity_verified__v1",
            "restricted",
            "documents",
            "filtered",
        ),
        ("bronze_events", "booking__leg_created__v2", "internal", "booking", "filtered"),
        ("silver", "fact_bookings", "internal", "booking", "filtered"),
        ("silver", "fact_listing_views", "internal", "funnel", "filtered"),
        ("silver", "fact_payments", "confidential", "payments", "exempt"),
        ("silver", "dim_dsar_tombstones", "restricted", "privacy", "exempt"),
    ],
)
def test_table_tags(database: str, table: str, tier: str, domain: str, filtered: str) -> None:
    assert _table_tags(POLICY, database, table) == {
        "privacy_tier": tier,
        "domain": domain,
        "row_filter_city": filtered,
    }


def test_column_tags_take_field_tier_and_pii_and_cover_every_column() -> None:
    bounces = _column_tags(POLICY, "silver", "fact_email_bounces")
    assert bounces["recipient_sha256"] == {"privacy_tier": "confidential", "pii": "pseudonymous"}
    assert bounces["occurred_at"] == {"privacy_tier": "confidential", "pii": "none"}
    bronze = _column_tags(POLICY, "bronze_events", "documents__identity_verified__v1")
    assert list(bronze) == ["meta", "context", "ingest", "dt", "hour", "payload"]
    assert bronze["payload"] == {"privacy_tier": "restricted", "pii": "pseudonymous"}


def test_a_field_tier_below_or_above_the_contract_tier_tags_the_column(tmp_path: Path) -> None:
    policy = build_policy(generation_input(edited_registry(tmp_path, COLUMN_TIER_EDITS)))
    columns = _column_tags(policy, "silver", "fact_bookings")
    assert columns["confirmed_via"]["privacy_tier"] == "confidential"
    assert columns["booking_id"]["privacy_tier"] == "internal"
    assert _table_tags(policy, "silver", "fact_bookings")["privacy_tier"] == "internal"
    payload = _column_tags(policy, "bronze_events", "booking__booking_confirmed__v1")["payload"]
    assert payload["privacy_tier"] == "confidential"  # the struct holds a confidential leaf


def test_grants_per_workspace() -> None:
    grants: dict[str, list[dict[str, Any]]] = {}
    for grant in POLICY["GrantPermissions"]:
        grants.setdefault(grant["Principal"]["DataLakePrincipalIdentifier"], []).append(grant)
    assert set(grants) == {
        principal_arn(w) for w in ("Executive", "Finance", "Metabase", "Ops", "Support", "Trust")
    }
    metabase = {
        g["Resource"]["LFTagPolicy"]["ResourceType"]: g for g in grants[principal_arn("Metabase")]
    }
    expression = {
        e["TagKey"]: e["TagValues"]
        for e in metabase["TABLE"]["Resource"]["LFTagPolicy"]["Expression"]
    }
    assert expression == {
        "layer": ["silver"],
        "privacy_tier": ["public", "internal"],
        "pii": ["none"],
    }
    assert metabase["TABLE"]["Permissions"] == ["DESCRIBE", "SELECT"]
    assert metabase["DATABASE"]["Permissions"] == ["DESCRIBE"]
    ops_filters = [
        g["Resource"]["DataCellsFilter"]["TableName"]
        for g in grants[principal_arn("Ops")]
        if "DataCellsFilter" in g["Resource"]
    ]
    assert ops_filters == ["fact_bookings", "fact_listing_views"]
    assert principal_arn("Ops") == f"arn:aws:iam::{ACCOUNT_ID}:role/lakehouse-ops"


def test_cell_filters_restrict_city_per_workspace() -> None:
    filters = {
        (f["TableData"]["Name"], f["TableData"]["TableName"]): f["TableData"]
        for f in POLICY["CreateDataCellsFilter"]
    }
    assert set(filters) == {
        ("lakehouse-ops__city", "fact_bookings"),
        ("lakehouse-ops__city", "fact_listing_views"),
        ("lakehouse-support__city", "fact_bookings"),
        ("lakehouse-support__city", "fact_listing_views"),
    }
    ops = filters[("lakehouse-ops__city", "fact_bookings")]
    assert ops["RowFilter"] == {"FilterExpression": "city IN ('lisbon','porto','madrid')"}
    support = filters[("lakehouse-support__city", "fact_listing_views")]
    assert support["RowFilter"] == {"FilterExpression": "city IN ('lisbon')"}


def test_bronze_filters_reach_into_the_envelope_context(tmp_path: Path) -> None:
    policy = build_policy(generation_input(edited_registry(tmp_path, COLUMN_TIER_EDITS)))
    bronze = [
        f["TableData"]
        for f in policy["CreateDataCellsFilter"]
        if f["TableData"]["DatabaseName"] == "bronze_events"
    ]
    internal = [
        c.event.replace(".", "__") + f"__v{c.v}"
        for c in Registry.open(tmp_path / "contracts").contracts()
        if c.privacy_tier == "internal"
    ]
    assert sorted(f["TableName"] for f in bronze) == sorted(internal)
    assert {f["RowFilter"]["FilterExpression"] for f in bronze} == {"context.city IN ('lisbon')"}
    confirmed = next(f for f in bronze if f["TableName"] == "booking__booking_confirmed__v1")
    assert "payload" not in confirmed["ColumnNames"]  # confidential since the edit


def test_row_filter_values_are_quoted() -> None:
    assert row_filter_expression("city", ["o'porto", "lisbon"]) == "city IN ('o''porto','lisbon')"


def test_render_is_deterministic_and_one_file_per_operation() -> None:
    first = render_lakeformation(generation_input())
    second = render_lakeformation(generation_input())
    assert first == second
    assert sorted(first) == sorted(f"{op}.json" for op in OPERATIONS)
    for data in first.values():
        assert data.endswith(b"\n")
        assert json.dumps(json.loads(data), indent=2, sort_keys=True).encode() + b"\n" == data
