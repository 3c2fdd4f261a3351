"""Gold's example KPIs and Metabase's views, built by ``contracts curate`` from a known bronze;
every row compared with a computation in Python from the same bronze records."""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from lakecontracts.cli.main import cli
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.registry import Registry
from tests.codegen.bronze_fixtures import record, write_partition
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT

DBT = Path(os.environ.get("LAKECONTRACTS_DBT", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DBT.is_file(), reason=f"no dbt at {DBT}"),
]
ROWS = 4
FUNNEL = (
    "funnel.search_performed",
    "funnel.listing_viewed",
    "funnel.checkout_started",
    "funnel.checkout_completed",
)
PAYOUT = "payments.payout_paid"
#: Checkouts 2 and 3 are never completed; session 1 searches twice (a second search row).
COMPLETED = range(2)


def _shape(event: str, row: int, body: dict[str, Any]) -> dict[str, Any]:
    day = date(2026, 3, 1) + timedelta(days=row)
    body["meta"]["occurred_at"] = f"{day.isoformat()}T10:00:00Z"
    if event == PAYOUT:
        payload = body["payload"]
        payload["arrival_on"] = (day + timedelta(days=2 + row % 2)).isoformat()
        payload["amount_minor"] = 100 * (row + 1)
        payload["currency"] = "EUR" if row % 2 == 0 else "USD"
    return body


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("gold")
    inp = GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))
    now = datetime.now(UTC)
    written: list[dict[str, Any]] = []
    for event in inp.events:
        if event.event not in (*FUNNEL, PAYOUT, "identity.user_signed_up"):
            continue
        rows = range(len(COMPLETED)) if event.event == FUNNEL[-1] else range(ROWS)
        records = [_shape(event.event, i, record(event, i, now)) for i in rows]
        if event.event == FUNNEL[0]:  # a second search in session 1, another search_id
            extra = _shape(event.event, 1, record(event, 7, now))
            extra["context"]["session_id"] = records[1]["context"]["session_id"]
            records.append(extra)
        write_partition(root / "bronze", event, records)
        written += records
    args = ["--registry", str(EXAMPLE_REGISTRY), "curate", "--lake", str(root)]
    result = CliRunner().invoke(cli, [*args, "--dbt", str(DBT), "--db", "off"])
    return root, result, written


def _gold(root: Path, model: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(root / "gold" / model / "data.parquet").to_pylist()
    return rows


def test_curate_builds_every_gold_example(built: tuple[Path, Result, list[dict[str, Any]]]) -> None:
    _, result, _ = built
    assert result.exit_code == 0, result.output
    for model in ("kpi_conversion_funnel", "kpi_payout_backlog", "kpi_gmv_daily"):
        assert f"gold   {model}" in result.output


def test_conversion_funnel_rows(built: tuple[Path, Result, list[dict[str, Any]]]) -> None:
    root, _, written = built
    sessions: dict[tuple[date, str], set[str]] = {}
    events: Counter[tuple[date, str]] = Counter()
    for body in written:
        if body["meta"]["event"] in FUNNEL:
            key = (date.fromisoformat(body["meta"]["occurred_at"][:10]), body["meta"]["event"])
            sessions.setdefault(key, set()).add(body["context"]["session_id"])
            events[key] += 1
    days = sorted({day for day, _ in sessions})
    expected = []
    for day in days:
        started, completed = events[(day, FUNNEL[2])], events[(day, FUNNEL[3])]
        counts = [len(sessions.get((day, step), ())) for step in FUNNEL]
        expected.append(
            (day, *counts, started, completed, round(completed / started, 4) if started else None)
        )
    got = sorted(
        (
            r["dt"],
            r["searching_sessions"],
            r["viewing_sessions"],
            r["checkout_sessions"],
            r["booking_sessions"],
            r["checkouts_started"],
            r["checkouts_completed"],
            r["checkout_conversion"],
        )
        for r in _gold(root, "kpi_conversion_funnel")
    )
    assert got == expected
    assert [row[6] for row in got] == [1, 1, 0, 0]  # the planted uncompleted checkouts


def test_payout_backlog_rows(built: tuple[Path, Result, list[dict[str, Any]]]) -> None:
    root, _, written = built
    payouts = [
        (
            date.fromisoformat(b["meta"]["occurred_at"][:10]),
            date.fromisoformat(b["payload"]["arrival_on"]),
            b["payload"]["currency"],
            b["payload"]["amount_minor"],
        )
        for b in written
        if b["meta"]["event"] == PAYOUT
    ]
    expected: dict[tuple[date, str], tuple[int, int, date]] = {}
    for day in sorted({paid for paid, *_ in payouts}):
        for currency in sorted({c for *_, c, _ in payouts}):
            open_ = [p for p in payouts if p[2] == currency and p[0] <= day < p[1]]
            if open_:
                expected[(day, currency)] = (
                    len(open_),
                    sum(p[3] for p in open_),
                    min(p[1] for p in open_),
                )
    got = {
        (r["dt"], r["currency"]): (
            r["payouts_in_transit"],
            r["amount_in_transit_minor"],
            r["next_arrival_on"],
        )
        for r in _gold(root, "kpi_payout_backlog")
    }
    assert got == expected
    assert len(expected) >= 4


def test_metabase_views_read_the_sanitized_tables_only(
    built: tuple[Path, Result, list[dict[str, Any]]],
) -> None:
    root, _, _ = built
    with duckdb.connect(str(root / "curate" / "curate.duckdb"), read_only=True) as con:
        searches = con.execute("select * from metabase_fact_searches").description
        assert searches is not None and "user_id" in {c[0] for c in searches}
        payouts = con.execute("select * from metabase_fact_payouts").description
        assert payouts is not None
        names = {c[0] for c in payouts}
        assert names == {"fact_payouts_sk", "identity_id", "dt"}  # every column confidential
