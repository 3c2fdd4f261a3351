"""contracts monitor: each alert fires from the tables at the registry's thresholds."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.codegen.aws.cloudformation import TEMPLATE_FILE, render_cloudformation
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.opsdb.monitor import emf_lines, evaluate
from lakecontracts.opsdb.schema import bronze_event_metadata, job_run
from lakecontracts.registry.alerts import AlertSettings
from lakecontracts.registry.registry import Registry
from tests.conftest import EXAMPLE_REGISTRY

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
SETTINGS = AlertSettings(athena_budget_bytes=10_000)


def _file(engine: sa.Engine, published: datetime, lag: float, records: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            bronze_event_metadata.insert().values(
                path=f"event=e/v=1/dt=2026-12-05/hour=12/{uuid.uuid4()}.ndjson",
                event="e",
                version=1,
                manifest_hash="m",
                schema_hash="s",
                record_count=records,
                bytes=100,
                min_ingested_at=published,
                max_ingested_at=published,
                lag_p95_seconds=lag,
                published_at=published,
            )
        )


def _run(engine: sa.Engine, job: str, started: datetime, **counts: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            job_run.insert().values(
                run_id=str(uuid.uuid4()),
                job_namespace="lakecontracts",
                job_name=job,
                started_at=started,
                heartbeat_at=started,
                completed_at=started + timedelta(seconds=30),
                status="completed",
                **counts,
            )
        )


def _levels(engine: sa.Engine) -> dict[str, str]:
    return {r.name: r.level for r in evaluate(engine, SETTINGS, NOW)}


def test_an_empty_database_has_no_data_and_fires_nothing(engine: sa.Engine) -> None:
    results = evaluate(engine, SETTINGS, NOW)
    assert not any(r.fired for r in results)
    assert _levels(engine)["ingestion_lag_p95"] == "no_data"


def test_lag_p95_is_weighted_by_records(engine: sa.Engine) -> None:
    _file(engine, NOW - timedelta(minutes=1), lag=5.0, records=96)
    _file(engine, NOW - timedelta(minutes=2), lag=600.0, records=4)
    assert _levels(engine)["ingestion_lag_p95"] == "ok"  # 95% of records within 5 s
    _file(engine, NOW - timedelta(minutes=3), lag=90.0, records=10)
    [lag] = [r for r in evaluate(engine, SETTINGS, NOW) if r.name == "ingestion_lag_p95"]
    assert (lag.level, lag.value) == ("critical", 90.0)  # 96 + 10 of 110 records: 96%
    old = NOW - timedelta(hours=1)
    assert {r.value for r in evaluate(engine, SETTINGS, old) if r.name == "ingestion_lag_p95"} == {
        None
    }


def test_freshness_counts_from_the_oldest_file_after_the_last_curate(engine: sa.Engine) -> None:
    _file(engine, NOW - timedelta(minutes=40), lag=1.0, records=1)
    assert _levels(engine)["bronze_to_silver_freshness"] == "warning"  # never curated
    _run(engine, "curate", NOW - timedelta(minutes=30))
    assert _levels(engine)["bronze_to_silver_freshness"] == "ok"
    _file(engine, NOW - timedelta(minutes=20), lag=1.0, records=1)
    [fresh] = [r for r in evaluate(engine, SETTINGS, NOW) if r.name == "bronze_to_silver_freshness"]
    assert fresh.level == "warning" and round(fresh.value or 0) == 20


def test_schema_failure_rate_warning_then_critical(engine: sa.Engine) -> None:
    _run(engine, "ingest", NOW - timedelta(minutes=2), rows_processed=1000, rows_rejected=4)
    assert _levels(engine)["schema_failure_rate"] == "warning"
    _run(engine, "ingest", NOW - timedelta(minutes=1), rows_processed=1000, rows_rejected=8)
    assert _levels(engine)["schema_failure_rate"] == "critical"
    _run(engine, "ingest", NOW - timedelta(minutes=20), rows_processed=10, rows_rejected=10)
    assert _levels(engine)["schema_failure_rate"] == "critical"  # outside the window: ignored


def test_athena_bytes_over_budget_warns(engine: sa.Engine) -> None:
    _run(engine, "curate", NOW - timedelta(hours=2), bytes_scanned=9_000)
    _run(engine, "ingest", NOW - timedelta(hours=2), bytes_scanned=50_000)
    assert _levels(engine)["athena_bytes_scanned"] == "ok"
    _run(engine, "curate", NOW - timedelta(hours=1), bytes_scanned=2_000)
    assert _levels(engine)["athena_bytes_scanned"] == "warning"
    assert "athena_bytes_scanned" not in {r.name for r in evaluate(engine, AlertSettings(), NOW)}


def test_the_command_exits_1_when_an_alert_fires(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    registry = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, registry)
    args = ["--registry", str(registry), "monitor", "--db", db_url]
    quiet = CliRunner().invoke(cli, args)
    assert quiet.exit_code == 0 and "0 alert(s) firing" in quiet.output
    now = datetime.now(UTC)
    _run(engine, "ingest", now - timedelta(minutes=1), rows_processed=100, rows_rejected=1)
    fired = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert fired.exit_code == 1
    assert '"name": "schema_failure_rate"' in fired.output and '"level": "critical"' in fired.output


def test_emf_lines_carry_freshness_in_seconds(engine: sa.Engine) -> None:
    assert emf_lines(evaluate(engine, SETTINGS, NOW), NOW) == []  # no data: no metric
    _file(engine, NOW - timedelta(minutes=40), lag=1.0, records=1)
    [document] = emf_lines(evaluate(engine, SETTINGS, NOW), NOW)
    directive = document["_aws"]["CloudWatchMetrics"][0]
    assert document["_aws"]["Timestamp"] == int(NOW.timestamp()) * 1000
    assert directive["Namespace"] == "LakeContracts/Ingest"
    assert directive["Metrics"] == [{"Name": "BronzeToSilverFreshness", "Unit": "Seconds"}]
    assert directive["Dimensions"] == [["Service"]] and document["Service"] == "monitor"
    assert round(document["BronzeToSilverFreshness"]) == 40 * 60
    assert document["AlertLevels"]["bronze_to_silver_freshness"] == "warning"


def test_monitor_format_emf_prints_the_line_the_alarm_watches(
    engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    registry = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, registry)
    _file(engine, datetime.now(UTC) - timedelta(minutes=20), lag=1.0, records=1)
    result = CliRunner().invoke(
        cli, ["--registry", str(registry), "monitor", "--db", db_url, "--format", "emf"]
    )
    assert result.exit_code == 1  # freshness over 15 min fires, as in text and json
    [line] = result.output.splitlines()
    document = json.loads(line)
    directive = document["_aws"]["CloudWatchMetrics"][0]
    template = json.loads(
        render_cloudformation(GenerationInput.from_registry(Registry.open(registry)))[TEMPLATE_FILE]
    )
    alarm = template["Resources"]["BronzeToSilverFreshnessWarningAlarm"]["Properties"]
    assert (alarm["Namespace"], alarm["MetricName"]) == (
        directive["Namespace"],
        directive["Metrics"][0]["Name"],
    )
    assert alarm["Dimensions"] == [{"Name": "Service", "Value": document["Service"]}]
    assert alarm["Threshold"] == 15 * 60.0  # registry.yaml's warning_minutes, in seconds
    assert document["BronzeToSilverFreshness"] > alarm["Threshold"]
