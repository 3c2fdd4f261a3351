"""The dbt target run by the real consumer: dbt-core 1.11 with dbt-duckdb on fixture bronze.

dbt runs from its own venv (.venv-dbt): dbt-core 1.11 pins pathspec<0.13, mypy 2 needs
pathspec>=1, so they cannot share the project venv (see pyproject's ``dbt`` extra).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.dbt import render_dbt
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent
from tests.codegen.bronze_fixtures import record, write_partition
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT

DBT = Path(os.environ.get("LAKECONTRACTS_DBT", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not DBT.is_file(),
        reason=f"no dbt at {DBT}: python -m venv .venv-dbt; .venv-dbt/bin/pip install -e '.[dbt]'",
    ),
]
LEG = "booking.leg_created"
#: Rows per event version; leg_created v1 and v2 carry different legs, users cover both.
ROWS = {(LEG, 1): range(0, 3), (LEG, 2): range(3, 6), ("identity.user_signed_up", 1): range(6)}
PROJECT = """name: lakecontracts_fixture
version: "1.0"
config-version: 2
profile: lakecontracts_fixture
model-paths: [models]
macro-paths: [macros]
"""


@dataclass
class Project:
    root: Path
    events: list[ResolvedEvent]

    def dbt(self, *args: str, bronze: Path) -> subprocess.CompletedProcess[str]:
        variables = json.dumps({"lakecontracts_bronze_root": str(bronze)})
        return subprocess.run(
            [str(DBT), *args, "--vars", variables, "--profiles-dir", str(self.root)],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def query(self, sql: str) -> list[dict[str, Any]]:
        """Rows from the built DuckDB file, read by the dbt venv's duckdb."""
        script = (
            "import duckdb, json, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "r = c.sql(sys.argv[2]); cols = r.columns; "
            "print(json.dumps([dict(zip(cols, row)) for row in r.fetchall()], default=str))"
        )
        out = subprocess.run(
            [str(DBT.parent / "python"), "-c", script, str(self.root / "dev.duckdb"), sql],
            capture_output=True,
            text=True,
            check=True,
        )
        rows: list[dict[str, Any]] = json.loads(out.stdout)
        return rows

    def event(self, name: str, v: int) -> ResolvedEvent:
        return next(e for e in self.events if e.event == name and e.v == v)

    def failed_tests(self) -> set[str]:
        results = json.loads((self.root / "target" / "run_results.json").read_text())
        return {r["unique_id"].split(".")[2] for r in results["results"] if r["status"] == "fail"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("dbt")
    inp = GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))
    for relative, data in render_dbt(inp).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    (root / "dbt_project.yml").write_text(PROJECT)
    (root / ".lakehouse" / "silver").mkdir(parents=True)  # the Silver models' default roots
    (root / ".lakehouse" / "silver_private").mkdir(parents=True)
    for gold in sorted((root / "models" / "gold").glob("*.sql")):  # as curate prepares them
        (root / ".lakehouse" / "gold" / gold.stem).mkdir(parents=True)
    (root / "profiles.yml").write_text(
        "lakecontracts_fixture:\n  target: dev\n  outputs:\n    dev:\n"
        f"      type: duckdb\n      path: {root / 'dev.duckdb'}\n      threads: 4\n"
    )
    now = datetime.now(UTC)
    for event in inp.events:
        if event.contract.status != "draft":
            rows = ROWS.get((event.event, event.v), range(3))
            write_partition(root / "bronze", event, [record(event, i, now) for i in rows])
    return Project(root, inp.events)


def test_parse_build_and_freshness_pass(project: Project) -> None:
    bronze = project.root / "bronze"
    for command in (["parse"], ["build"], ["source", "freshness"]):
        run = project.dbt(*command, bronze=bronze)
        assert run.returncode == 0, f"dbt {' '.join(command)} failed:\n{run.stdout[-4000:]}"
    freshness = json.loads((project.root / "target" / "sources.json").read_text())
    checked = {r["unique_id"].split(".")[-1]: r["status"] for r in freshness["results"]}
    assert checked["booking__leg_created__v2"] == "pass"
    assert "booking__leg_created__v1" not in checked  # deprecated: no freshness expected


def test_both_versions_feed_the_same_silver_columns(project: Project) -> None:
    rows = project.query(
        "select leg_id, amount_minor, currency, status, user_id, occurred_at, _event_v "
        "from stg_booking__leg_created order by _event_v, leg_id"
    )
    assert [r["_event_v"] for r in rows] == [1, 1, 1, 2, 2, 2]
    v1 = project.event(LEG, 1)
    first = record(v1, 0, datetime.now(UTC))
    by_leg = {r["leg_id"]: r for r in rows}
    legacy = by_leg[first["payload"]["leg_id"]]
    assert legacy["amount_minor"] is None  # v1 has no amount_minor mapping
    assert legacy["status"] == first["payload"]["status"] == "pending"
    assert legacy["user_id"] == first["context"]["user_id"]
    assert legacy["occurred_at"] == "2026-03-01 08:00:00"  # 10:00+02:00 in UTC
    v2 = record(project.event(LEG, 2), 3, datetime.now(UTC))
    current = by_leg[v2["payload"]["leg_id"]]
    assert current["amount_minor"] == v2["payload"]["amount_minor"]
    assert current["currency"] == v2["payload"]["currency"]


def _bad_bronze(project: Project, name: str, mutate: Any) -> Path:
    bronze = project.root / name
    shutil.copytree(project.root / "bronze", bronze)
    event = project.event(LEG, 2)
    rows = [record(event, i, datetime.now(UTC)) for i in ROWS[(LEG, 2)]]
    mutate(rows)
    write_partition(bronze, event, rows)
    return bronze


def test_duplicate_key_and_bad_enum_fail_their_tests(project: Project) -> None:
    """One bad fixture (a repeated leg_id, an unknown status) so dbt starts only twice more."""

    def corrupt(rows: list[dict[str, Any]]) -> None:
        rows[1]["payload"]["leg_id"] = rows[0]["payload"]["leg_id"]
        rows[2]["payload"]["status"] = "shipped"

    bronze = _bad_bronze(project, "bronze_bad", corrupt)
    models = ["stg_booking__leg_created", "stg_identity__user_signed_up"]
    assert project.dbt("run", "--select", *models, bronze=bronze).returncode == 0
    run = project.dbt(
        "test",
        "--select",
        "source:bronze_events.booking__leg_created__v2",
        "stg_booking__leg_created",
        bronze=bronze,
    )
    assert run.returncode != 0
    failed = project.failed_tests()
    expected = {
        "source_unique_bronze_events_booking__leg_created__v2_payload_leg_id",
        "source_accepted_values_bronze_events_booking__leg_created__v2_payload_status",
        "accepted_values_stg_booking__leg_created_status",
    }
    assert len(failed) == len(expected), failed
    for name in expected:
        assert any(test.startswith(name) for test in failed), (name, failed)
