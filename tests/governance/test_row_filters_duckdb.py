"""Row filters from the generated policy, executed as WHERE clauses in DuckDB on fixture rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.aws.lakeformation import render_lakeformation, row_filter_expression
from lakecontracts.codegen.governed_tables import GovernedTable, governed_tables
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.sql.dialects import DIALECTS
from lakecontracts.governance.access import AccessPolicy, workspace_view
from tests.lakehouse_fixtures import COLUMN_TIER_EDITS, edited_registry, generation_input

duckdb = pytest.importorskip("duckdb")
DUCK = DIALECTS["duckdb"]
CITIES = ["lisbon", "porto", "madrid", "paris", "Lisbon", None, "o'porto", "lisbon "]


def _policy(inp: GenerationInput, folder: Path) -> AccessPolicy:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in render_lakeformation(inp).items():
        (folder / name).write_bytes(data)
    return AccessPolicy.load(folder)


def _table(inp: GenerationInput, name: str) -> GovernedTable:
    return next(t for t in governed_tables(inp.registry.config, inp.events) if t.name == name)


def _create(con: Any, table: GovernedTable, rows: list[dict[str, Any]]) -> None:
    columns = ", ".join(
        f"{DUCK.quote(c.name)} {DUCK.type_sql(c.column.type)}" for c in table.columns
    )
    con.execute(f"CREATE TABLE {DUCK.quote(table.name)} ({columns})")
    names = [c.name for c in table.columns]
    marks = ", ".join("?" for _ in names)
    con.executemany(
        f"INSERT INTO {DUCK.quote(table.name)} VALUES ({marks})",
        [[row.get(name) for name in names] for row in rows],
    )


def _select(con: Any, table: str, columns: tuple[str, ...], where: str | None) -> list[Any]:
    projection = ", ".join(DUCK.quote(c) for c in columns)
    sql = f"SELECT {projection} FROM {DUCK.quote(table)} WHERE {where or 'TRUE'}"
    return list(con.execute(sql).fetchall())


@pytest.mark.parametrize(
    ("workspace", "expected"),
    [
        ("Ops", {"lisbon", "porto", "madrid"}),
        ("Support", {"lisbon"}),
        ("Trust", set(CITIES)),
        ("Finance", set(CITIES)),
        ("Metabase", set(CITIES)),
    ],
)
def test_silver_row_filters_return_exactly_the_workspace_cities(
    tmp_path: Path, workspace: str, expected: set[str | None]
) -> None:
    inp = generation_input()
    table = _table(inp, "fact_bookings")
    view = workspace_view(_policy(inp, tmp_path), workspace, "silver", "fact_bookings")
    con = duckdb.connect()
    _create(con, table, [{"booking_id": f"b{i}", "city": city} for i, city in enumerate(CITIES)])
    rows = _select(con, table.name, view.columns, view.row_filter)
    city = view.columns.index("city")
    assert [row[city] for row in rows] == [c for c in CITIES if c in expected]


def test_bronze_row_filter_reads_the_nested_context_city(tmp_path: Path) -> None:
    inp = generation_input(edited_registry(tmp_path, COLUMN_TIER_EDITS))
    name = "booking__booking_confirmed__v1"
    table = _table(inp, name)
    view = workspace_view(_policy(inp, tmp_path / "lf"), "Support", "bronze_events", name)
    assert view.row_filter == "context.city IN ('lisbon')"
    context_fields = table.column("context").column.type.fields  # type: ignore[union-attr]
    rows = [
        {"context": {f.name: city if f.name == "city" else None for f in context_fields}, "dt": d}
        for d, city in enumerate(CITIES)
    ]
    con = duckdb.connect()
    _create(con, table, rows)
    got = _select(con, name, ("dt",), view.row_filter)
    assert got == [(str(CITIES.index("lisbon")),)]


def test_quotes_in_filter_values_stay_literal() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (city VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[c] for c in CITIES])
    where = row_filter_expression("city", ["o'porto", "x') OR ('1'='1"])
    assert con.execute(f"SELECT city FROM t WHERE {where}").fetchall() == [("o'porto",)]
