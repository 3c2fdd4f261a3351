"""Reading ``analytics_job_run``: recent runs, the sweeper, and missing scheduled runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from lakecontracts.opsdb.jobs import utcnow
from lakecontracts.opsdb.schedules import JobSchedule
from lakecontracts.opsdb.schema import job_run

#: A run whose heartbeat is older than this is taken for dead (10 heartbeats).
DEFAULT_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class MissingRun:
    job_name: str
    nominal_time: datetime
    schedule: str


def sweep(engine: sa.Engine, grace: timedelta = DEFAULT_GRACE) -> list[str]:
    """Mark ``running`` runs whose heartbeat stopped more than ``grace`` ago ``aborted``;
    return their run IDs. Idempotent: a second sweep finds nothing."""
    now = utcnow()
    cutoff = now - grace
    statement = (
        job_run.update()
        .where(job_run.c.status == "running", job_run.c.heartbeat_at < cutoff)
        .values(
            status="aborted",
            completed_at=now,
            error=sa.func.coalesce(job_run.c.error, "no heartbeat within the grace period"),
        )
        .returning(job_run.c.run_id)
    )
    with engine.begin() as connection:
        return sorted(row.run_id for row in connection.execute(statement))


def recent_runs(
    engine: sa.Engine, job_name: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    query = sa.select(job_run).order_by(job_run.c.started_at.desc(), job_run.c.run_id).limit(limit)
    if job_name:
        query = query.where(job_run.c.job_name == job_name)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def missing_runs(
    engine: sa.Engine,
    schedules: list[JobSchedule],
    since: datetime,
    now: datetime | None = None,
) -> list[MissingRun]:
    """Nominal times in [since, now - grace] that no run covers. A run covers a nominal time
    when its ``scheduled_at`` is that time or, without one, it started before the next."""
    now = now or utcnow()
    missing = []
    for schedule in schedules:
        due = schedule.nominal_times(since, now - schedule.grace)
        if not due:
            continue
        covered = _covered(engine, schedule, due)
        missing += [MissingRun(schedule.name, t, schedule.cron) for t in due if t not in covered]
    return missing


def _covered(engine: sa.Engine, schedule: JobSchedule, due: list[datetime]) -> set[datetime]:
    first, last = due[0], schedule.next_after(due[-1])
    query = sa.select(job_run.c.scheduled_at, job_run.c.started_at).where(
        job_run.c.job_name == schedule.name,
        sa.or_(
            job_run.c.scheduled_at.between(first, last),
            sa.and_(job_run.c.scheduled_at.is_(None), job_run.c.started_at.between(first, last)),
        ),
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    exact = {row.scheduled_at for row in rows if row.scheduled_at is not None}
    starts = sorted(row.started_at for row in rows if row.scheduled_at is None)
    covered = set()
    for nominal in due:
        end = schedule.next_after(nominal)
        if nominal in exact or any(nominal <= s < end for s in starts):
            covered.add(nominal)
    return covered
