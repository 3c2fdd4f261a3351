"""`contracts db ...` and the runs that `generate` and `ingest` record, on both engines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from lakecontracts.cli.main import cli
from lakecontracts.opsdb.schema import job_run
from tests.conftest import EXAMPLE_REGISTRY
from tests.runtime.conftest import build_generated


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A copy of the example registry with a schedule that is always overdue."""
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    text = (root / "registry.yaml").read_text()
    job = '  nightly_never_run: {schedule: "0 * * * *", grace_minutes: 5}\n'
    (root / "registry.yaml").write_text(text.replace("\njobs:\n", f"\njobs:\n{job}", 1))
    return root


def _cli(registry: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--registry", str(registry), *args])


def _runs(db_url: str) -> list[dict[str, object]]:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        rows = connection.execute(sa.select(job_run).order_by(job_run.c.started_at)).all()
    engine.dispose()
    return [dict(r._mapping) for r in rows]


def test_upgrade_current_downgrade(registry: Path, db_url: str) -> None:
    result = _cli(registry, "db", "current", "--db", db_url)
    assert result.exit_code == 1 and "current base (empty)" in result.output
    assert _cli(registry, "db", "upgrade", "--db", db_url).output == "at revision 0003\n"
    assert _cli(registry, "db", "current", "--db", db_url).exit_code == 0
    assert _cli(registry, "db", "downgrade", "--db", db_url).output == "at revision 0002\n"
    assert _cli(registry, "db", "current", "--db", db_url).exit_code == 1


def test_generate_records_a_run_and_runs_lists_it(
    registry: Path, db_url: str, tmp_path: Path
) -> None:
    result = _cli(registry, "generate", "--db", db_url, "--scheduled-at", "2026-12-05T02:00Z")
    assert result.exit_code == 0, result.output
    [run] = _runs(db_url)
    assert run["job_name"] == "generate" and run["status"] == "completed"
    assert run["rows_processed"] and run["scheduled_at"] is not None
    listed = _cli(registry, "db", "runs", "--db", db_url, "--format", "json")
    assert json.loads(listed.output)[0]["run_id"] == run["run_id"]


def test_a_failing_command_is_recorded_failed(registry: Path, db_url: str) -> None:
    stale = _cli(registry, "generate", "--check", "--db", db_url)
    assert stale.exit_code == 1
    [run] = _runs(db_url)
    assert run["status"] == "failed" and "1" in str(run["error"])


def test_ingest_records_its_counts(registry: Path, db_url: str, tmp_path: Path) -> None:
    generated = build_generated(tmp_path / "gen", registry)
    sample = _cli(
        registry, "sample", "booking.leg_created", "-n", "7", "--generated", str(generated)
    )
    (tmp_path / "in.ndjson").write_bytes(sample.stdout_bytes)
    result = _cli(
        registry,
        "ingest",
        str(tmp_path / "in.ndjson"),
        "--bronze",
        str(tmp_path / "b"),
        "--quarantine",
        str(tmp_path / "q"),
        "--generated",
        str(generated),
        "--db",
        db_url,
    )
    assert result.exit_code == 0, result.output
    [run] = _runs(db_url)
    assert (run["job_name"], run["status"], run["rows_processed"]) == ("ingest", "completed", 7)
    assert run["bytes_scanned"] == len(sample.stdout_bytes)


def test_db_off_records_nothing(registry: Path, db_url: str) -> None:
    assert _cli(registry, "generate", "--check", "--db", "off").exit_code in (0, 1)
    assert _cli(registry, "db", "upgrade", "--db", db_url).exit_code == 0
    assert _runs(db_url) == []
    refused = _cli(registry, "db", "runs", "--db", "off")
    assert refused.exit_code == 2 and "needs an operational database" in refused.output


def test_missing_runs_exit_1_and_name_the_job(registry: Path, db_url: str) -> None:
    result = _cli(registry, "db", "runs", "--missing", "--since-hours", "3", "--db", db_url)
    assert result.exit_code == 1
    assert result.output.count("missing nightly_never_run at ") in (2, 3)


def test_sweep_on_an_empty_database(registry: Path, db_url: str) -> None:
    result = _cli(registry, "db", "sweep", "--db", db_url)
    assert result.exit_code == 0 and "0 run(s) marked aborted" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--scheduled-at", "yesterday"), "not an ISO 8601 time"),
        (("--scheduled-at", "2026-12-05T02:00"), "with a zone"),
        (("--parent-run", "nope"), "not a UUID"),
    ],
)
def test_bad_run_options_are_usage_errors(
    registry: Path, args: tuple[str, ...], message: str
) -> None:
    result = _cli(registry, "generate", "--check", *args)
    assert result.exit_code == 2 and message in result.output


def test_a_bad_schedule_points_at_registry_yaml(registry: Path, db_url: str) -> None:
    text = (registry / "registry.yaml").read_text().replace("0 * * * *", "every hour")
    (registry / "registry.yaml").write_text(text)
    result = _cli(registry, "db", "runs", "--missing", "--db", db_url)
    assert result.exit_code == 2
    assert "registry.yaml:" in result.output and "not a cron expression" in result.output


def test_lineage_load_and_export(registry: Path, db_url: str, tmp_path: Path) -> None:
    from tests.conftest import REPO_ROOT
    from tests.opsdb.test_lineage_edges import DBT_MANIFEST

    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(DBT_MANIFEST))
    generated = str(REPO_ROOT / "generated")
    loaded = _cli(
        registry,
        "db",
        "lineage",
        "load",
        "--db",
        db_url,
        "--generated",
        generated,
        "--dbt-manifest",
        str(manifest),
    )
    assert loaded.exit_code == 0, loaded.output
    assert "4 edge(s) from dbt" in loaded.output
    exported = _cli(registry, "db", "lineage", "export", "--db", db_url)
    events = [json.loads(line) for line in exported.output.splitlines()]
    assert exported.exit_code == 0 and events
    assert {e["eventType"] for e in events} == {"COMPLETE"}
    missing = _cli(registry, "db", "lineage", "load", "--db", db_url, "--generated", str(tmp_path))
    assert missing.exit_code == 2 and "lineage_edges.csv" in missing.output


# The CLI in a process where psycopg cannot be imported (None in sys.modules: what Python
# does for a package that is not installed, an ImportError on import).
_WITHOUT_PSYCOPG = (
    "import sys; sys.modules['psycopg'] = None; "
    "from lakecontracts.cli.main import main; sys.argv[0] = 'contracts'; main()"
)


@pytest.mark.parametrize("command", [["db", "current"], ["generate", "--check"]])
def test_postgresql_without_psycopg_names_the_extra(registry: Path, command: list[str]) -> None:
    url = "postgresql://ops:s3cret@127.0.0.1:9/lakehouse"
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PSYCOPG, "--registry", str(registry), *command,
         "--db", url],
        capture_output=True,
        text=True,
        cwd=registry,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "pip install 'lakecontracts[postgres]'" in result.stderr
    assert "psycopg" in result.stderr and "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr + result.stdout
