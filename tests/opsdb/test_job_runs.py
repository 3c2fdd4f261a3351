"""analytics_job_run: every outcome is recorded, a killed job is swept, missing runs show."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from lakecontracts.opsdb.jobs import record_job
from lakecontracts.opsdb.runs import missing_runs, recent_runs, sweep
from lakecontracts.opsdb.schedules import JobSchedule
from lakecontracts.opsdb.schema import job_run


def _row(engine: sa.Engine, run_id: str) -> dict[str, object]:
    with engine.connect() as connection:
        row = connection.execute(sa.select(job_run).where(job_run.c.run_id == run_id)).one()
    return dict(row._mapping)


def test_a_completed_run_has_its_counts_and_times(engine: sa.Engine) -> None:
    nominal = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    with record_job(engine, "stitch", scheduled_at=nominal) as run:
        assert _row(engine, run.run_id)["status"] == "running"
        run.add(rows=10, bytes_scanned=2048)
        run.add(rows=5)
    row = _row(engine, run.run_id)
    assert row["status"] == "completed" and row["error"] is None
    assert (row["rows_processed"], row["bytes_scanned"]) == (15, 2048)
    assert row["scheduled_at"] == nominal
    assert isinstance(row["started_at"], datetime) and row["started_at"].tzinfo is not None
    assert row["completed_at"] >= row["started_at"]  # type: ignore[operator]


def test_a_failing_run_is_recorded_failed_with_its_error(engine: sa.Engine) -> None:
    with pytest.raises(ZeroDivisionError), record_job(engine, "curate") as run:
        run.add(rows=3)
        _ = 1 / 0
    row = _row(engine, run.run_id)
    assert row["status"] == "failed" and row["rows_processed"] == 3
    assert "ZeroDivisionError" in str(row["error"])


def test_an_interrupted_run_is_recorded_aborted(engine: sa.Engine) -> None:
    with pytest.raises(KeyboardInterrupt), record_job(engine, "purge") as run:
        raise KeyboardInterrupt
    assert _row(engine, run.run_id)["status"] == "aborted"


def test_the_heartbeat_moves_while_the_job_runs(engine: sa.Engine) -> None:
    with record_job(engine, "ingest", heartbeat_seconds=0.02) as run:
        first = _row(engine, run.run_id)["heartbeat_at"]
        for _ in range(500):
            if _row(engine, run.run_id)["heartbeat_at"] != first:
                break
            time.sleep(0.01)
        assert _row(engine, run.run_id)["heartbeat_at"] != first


_KILLED_JOB = textwrap.dedent(
    """
    import sys, time
    from lakecontracts.opsdb.connect import open_database
    from lakecontracts.opsdb.jobs import record_job
    with record_job(open_database(sys.argv[1]), "stitch") as run:
        print(run.run_id, flush=True)
        time.sleep(600)
    """
)


def test_a_job_killed_mid_run_stays_running_until_the_sweeper_aborts_it(
    engine: sa.Engine, db_url: str
) -> None:
    job = subprocess.Popen(
        [sys.executable, "-c", _KILLED_JOB, db_url], stdout=subprocess.PIPE, text=True
    )
    assert job.stdout is not None
    run_id = job.stdout.readline().strip()
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    assert _row(engine, run_id)["status"] == "running"
    assert sweep(engine, grace=timedelta(hours=1)) == []  # still within its grace
    assert sweep(engine, grace=timedelta(0)) == [run_id]
    row = _row(engine, run_id)
    assert row["status"] == "aborted" and "heartbeat" in str(row["error"])
    assert sweep(engine, grace=timedelta(0)) == []


def test_the_sweeper_leaves_finished_runs_alone(engine: sa.Engine) -> None:
    with record_job(engine, "ingest") as run:
        pass
    assert sweep(engine, grace=timedelta(0)) == []
    assert _row(engine, run.run_id)["status"] == "completed"


def test_missing_runs_are_the_nominal_times_no_run_covers(engine: sa.Engine) -> None:
    hourly = JobSchedule("stitch", "0 * * * *", timedelta(minutes=10))
    now = datetime(2026, 12, 5, 6, 30, tzinfo=UTC)
    covered_exact = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    _insert_run(engine, "stitch", scheduled_at=covered_exact, started_at=covered_exact)
    # No nominal time, but it started during the 04:00 slot.
    _insert_run(engine, "stitch", started_at=datetime(2026, 12, 5, 4, 7, tzinfo=UTC))
    _insert_run(engine, "other", started_at=datetime(2026, 12, 5, 5, 1, tzinfo=UTC))
    found = missing_runs(engine, [hourly], since=datetime(2026, 12, 5, 2, 0, tzinfo=UTC), now=now)
    # 06:00 is due too: its grace ended at 06:10.
    assert [m.nominal_time.hour for m in found] == [2, 5, 6]
    assert recent_runs(engine, "stitch", limit=5)[0]["started_at"].hour == 4


def _insert_run(
    engine: sa.Engine,
    job: str,
    *,
    started_at: datetime,
    scheduled_at: datetime | None = None,
) -> None:
    import uuid

    with engine.begin() as connection:
        connection.execute(
            job_run.insert().values(
                run_id=str(uuid.uuid4()),
                job_namespace="lakecontracts",
                job_name=job,
                scheduled_at=scheduled_at,
                started_at=started_at,
                heartbeat_at=started_at,
                completed_at=started_at + timedelta(minutes=1),
                status="completed",
            )
        )


def test_a_status_outside_the_closed_set_is_refused_by_the_database(engine: sa.Engine) -> None:
    now = datetime.now(UTC)
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(
            job_run.insert().values(
                run_id="x",
                job_namespace="n",
                job_name="j",
                started_at=now,
                heartbeat_at=now,
                status="done",
            )
        )
