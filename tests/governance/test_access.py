"""Who sees what, read from the generated Lake Formation policy (never from registry.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts.codegen.aws.lakeformation import render_lakeformation
from lakecontracts.codegen.governed_tables import GovernedTable, governed_tables
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.errors import JsonInputError
from lakecontracts.governance.access import AccessPolicy, TableView, workspace_view
from tests.lakehouse_fixtures import COLUMN_TIER_EDITS, edited_registry, generation_input

ALL = "*"
OPS_CITIES = "city IN ('lisbon','porto','madrid')"
SUPPORT_CITIES = "city IN ('lisbon')"


def load_policy(inp: GenerationInput, folder: Path) -> AccessPolicy:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in render_lakeformation(inp).items():
        (folder / name).write_bytes(data)
    return AccessPolicy.load(folder)


@pytest.fixture(scope="module")
def policy(tmp_path_factory: pytest.TempPathFactory) -> AccessPolicy:
    return load_policy(generation_input(), tmp_path_factory.mktemp("lf"))


@pytest.fixture(scope="module")
def tables() -> dict[str, GovernedTable]:
    inp = generation_input()
    return {t.name: t for t in governed_tables(inp.registry.config, inp.events)}


# workspace, database, table, columns (ALL, or a tuple; () = invisible), row filter
CASES = [
    ("Trust", "bronze_events", "documents__identity_verified__v1", ALL, None),
    ("Trust", "silver", "dim_dsar_tombstones", ALL, None),
    ("Trust", "silver", "fact_bookings", ALL, None),
    ("Ops", "bronze_events", "booking__booking_confirmed__v1", (), None),
    ("Ops", "silver", "fact_bookings", ALL, OPS_CITIES),
    ("Ops", "silver", "fact_listing_views", ALL, OPS_CITIES),
    ("Ops", "silver", "fact_payments", ALL, None),
    ("Ops", "silver", "fact_email_bounces", ALL, None),
    ("Ops", "silver", "fact_identity_verifications", (), None),
    ("Ops", "silver", "dim_dsar_tombstones", (), None),
    ("Finance", "silver", "fact_payouts", ALL, None),
    ("Finance", "silver", "fact_bookings", ALL, None),
    ("Finance", "silver", "dim_dsar_tombstones", (), None),
    ("Finance", "bronze_events", "payments__payout_paid__v1", (), None),
    ("Support", "silver", "fact_bookings", ALL, SUPPORT_CITIES),
    ("Support", "silver", "fact_searches", ALL, None),
    ("Support", "silver", "fact_payments", (), None),
    ("Support", "bronze_events", "funnel__search_performed__v1", (), None),
    ("Metabase", "silver", "fact_bookings", ALL, None),
    ("Metabase", "silver", "dim_user_public", ALL, None),
    ("Metabase", "silver", "fact_email_bounces", (), None),
    ("Metabase", "silver", "fact_logins", (), None),
    ("Metabase", "bronze_events", "funnel__listing_viewed__v1", (), None),
    ("Executive", "silver", "fact_bookings", (), None),
    ("Executive", "bronze_events", "booking__booking_confirmed__v1", (), None),
    ("Nobody", "silver", "fact_bookings", (), None),
]


@pytest.mark.parametrize(("workspace", "database", "table", "columns", "rows"), CASES)
def test_who_sees_what(
    policy: AccessPolicy,
    tables: dict[str, GovernedTable],
    workspace: str,
    database: str,
    table: str,
    columns: str | tuple[str, ...],
    rows: str | None,
) -> None:
    if isinstance(columns, str):
        assert columns == ALL
    expected = (
        columns
        if isinstance(columns, tuple)
        else tuple(sorted(c.name for c in tables[table].columns))
    )
    assert workspace_view(policy, workspace, database, table) == TableView(expected, rows)


WORKSPACES = ("Executive", "Ops", "Trust", "Finance", "Support", "Metabase")
MAX_TIER = {"Executive": 1, "Ops": 2, "Trust": 3, "Finance": 2, "Support": 1, "Metabase": 1}
TIERS = ("public", "internal", "confidential", "restricted")


@pytest.mark.parametrize("workspace", WORKSPACES)
def test_no_column_reaches_a_workspace_above_its_tier(
    policy: AccessPolicy, tables: dict[str, GovernedTable], workspace: str
) -> None:
    for table in tables.values():
        view = workspace_view(policy, workspace, table.database, table.name)
        for name in view.columns:
            column = table.column(name)
            assert column is not None
            assert TIERS.index(column.tier) <= MAX_TIER[workspace], (workspace, table.name, name)


def test_restricted_columns_reach_trust_only(
    policy: AccessPolicy, tables: dict[str, GovernedTable]
) -> None:
    readers = {
        workspace
        for table in tables.values()
        for workspace in WORKSPACES
        for name in workspace_view(policy, workspace, table.database, table.name).columns
        if table.column(name) is not None and table.column(name).tier == "restricted"  # type: ignore[union-attr]
    }
    assert readers == {"Trust"}


def test_metabase_sees_silver_sanitized_only(
    policy: AccessPolicy, tables: dict[str, GovernedTable]
) -> None:
    seen = 0
    for table in tables.values():
        view = workspace_view(policy, "Metabase", table.database, table.name)
        if view.visible:
            assert table.layer == "silver" and view.row_filter is None
        for name in view.columns:
            column = table.column(name)
            assert column is not None and column.pii == "none"
            assert column.tier in ("public", "internal")
            seen += 1
    assert seen > 0


def test_column_tier_edits_hide_single_columns(tmp_path: Path) -> None:
    inp = generation_input(edited_registry(tmp_path, COLUMN_TIER_EDITS))
    policy = load_policy(inp, tmp_path / "lf")
    every = tuple(
        sorted(
            (
                "booking_id",
                "listing_id",
                "leg_count",
                "total_amount_minor",
                "currency",
                "confirmed_via",
                "user_id",
                "city",
                "occurred_at",
                "dt",  # the partition, governed like bronze's
            )
        )
    )
    without = tuple(c for c in every if c != "confirmed_via")
    assert workspace_view(policy, "Ops", "silver", "fact_bookings") == TableView(every, OPS_CITIES)
    assert workspace_view(policy, "Support", "silver", "fact_bookings") == TableView(
        without, SUPPORT_CITIES
    )
    assert workspace_view(policy, "Metabase", "silver", "fact_bookings") == TableView(without, None)
    bronze = workspace_view(policy, "Support", "bronze_events", "booking__booking_confirmed__v1")
    assert bronze == TableView(
        ("context", "dt", "hour", "ingest", "meta"), "context.city IN ('lisbon')"
    )


def test_grants_combine_as_a_union() -> None:
    table = {"DatabaseName": "db", "Name": "t"}
    principal = {"DataLakePrincipalIdentifier": "role"}
    policy = AccessPolicy(
        {
            "AddLFTagsToResource": [
                {
                    "Resource": {"TableWithColumns": {**table, "ColumnNames": ["a", "b", "c"]}},
                    "LFTags": [{"TagKey": "k", "TagValues": ["x"]}],
                },
                {
                    "Resource": {"TableWithColumns": {**table, "ColumnNames": ["c"]}},
                    "LFTags": [{"TagKey": "k", "TagValues": ["y"]}],
                },
            ],
            "CreateDataCellsFilter": [
                {
                    "TableData": {
                        "DatabaseName": "db",
                        "TableName": "t",
                        "Name": "f1",
                        "RowFilter": {"FilterExpression": "a = 1"},
                        "ColumnWildcard": {"ExcludedColumnNames": ["b"]},
                    }
                },
                {
                    "TableData": {
                        "DatabaseName": "db",
                        "TableName": "t",
                        "Name": "f2",
                        "RowFilter": {"FilterExpression": "a = 2"},
                        "ColumnNames": ["b"],
                    }
                },
            ],
            "GrantPermissions": [
                {
                    "Principal": principal,
                    "Resource": {"DataCellsFilter": {**_filter_ref("f1")}},
                    "Permissions": ["SELECT"],
                },
                {
                    "Principal": principal,
                    "Resource": {"DataCellsFilter": {**_filter_ref("f2")}},
                    "Permissions": ["DESCRIBE"],  # no SELECT: shows nothing
                },
            ],
        }
    )
    assert policy.view("role", "db", "t") == TableView(("a", "c"), "a = 1")
    policy.grants[1]["Permissions"] = ["SELECT"]
    assert policy.view("role", "db", "t") == TableView(("a", "b", "c"), "(a = 1) OR (a = 2)")
    policy.grants.append(
        {
            "Principal": principal,
            "Resource": {
                "LFTagPolicy": {
                    "ResourceType": "TABLE",
                    "Expression": [{"TagKey": "k", "TagValues": ["y"]}],
                }
            },
            "Permissions": ["SELECT"],
        }
    )
    assert policy.view("role", "db", "t") == TableView(("a", "b", "c"), None)
    assert policy.view("other", "db", "t") == TableView((), None)


def _filter_ref(name: str) -> dict[str, str]:
    return {"TableCatalogId": "1", "DatabaseName": "db", "TableName": "t", "Name": name}


def test_missing_or_malformed_policy_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(JsonInputError, match="no Lake Formation policy file"):
        AccessPolicy.load(tmp_path)
    load_policy(generation_input(), tmp_path)
    (tmp_path / "GrantPermissions.json").write_text('{"not": "a list"}')
    with pytest.raises(JsonInputError, match="JSON list of request objects"):
        AccessPolicy.load(tmp_path)
    (tmp_path / "GrantPermissions.json").write_text("[]")
    (tmp_path / "AddLFTagsToResource.json").write_text('[{"Resource": {}}]')
    with pytest.raises(JsonInputError, match="malformed Lake Formation request"):
        AccessPolicy.load(tmp_path)
