"""Recording a job run in ``analytics_job_run``: a row when it starts, beats while it runs,
and its outcome when it ends, including failures.

A process killed outright (kill -9, OOM) cannot write its outcome: its row stays
``running`` with a heartbeat that stops moving, and :func:`lakecontracts.opsdb.runs.sweep`
later marks it ``aborted``. The heartbeat is written by a daemon thread with its own
connection, so a job's own work never waits for it.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from lakecontracts.opsdb.schema import job_run

NAMESPACE = "lakecontracts"
HEARTBEAT_SECONDS = 30.0
ERROR_LIMIT = 4000


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class JobRun:
    """The handle a running job counts its work on."""

    run_id: str
    job_name: str
    rows_processed: int = 0
    bytes_scanned: int = 0
    rows_rejected: int = 0
    engine: sa.Engine | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, rows: int = 0, bytes_scanned: int = 0, rejected: int = 0) -> None:
        """Count work done: ``rows`` judged (``rejected`` of them refused), bytes read."""
        with self._lock:
            self.rows_processed += rows
            self.bytes_scanned += bytes_scanned
            self.rows_rejected += rejected


@contextmanager
def record_job(
    engine: sa.Engine,
    job_name: str,
    *,
    scheduled_at: datetime | None = None,
    parent_run_id: str | None = None,
    heartbeat_seconds: float = HEARTBEAT_SECONDS,
) -> Iterator[JobRun]:
    """Record the enclosed block as one run of ``job_name``; exceptions are recorded and
    re-raised (KeyboardInterrupt as ``aborted``, anything else as ``failed``)."""
    run = JobRun(str(uuid.uuid4()), job_name, engine=engine)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(
            job_run.insert().values(
                run_id=run.run_id,
                parent_run_id=parent_run_id,
                job_namespace=NAMESPACE,
                job_name=job_name,
                scheduled_at=scheduled_at,
                started_at=now,
                heartbeat_at=now,
                status="running",
                host=socket.gethostname()[:255],
                pid=os.getpid(),
            )
        )
    stop = threading.Event()
    beater = threading.Thread(
        target=_beat, args=(engine, run.run_id, stop, heartbeat_seconds), daemon=True
    )
    beater.start()
    status, error = "completed", None
    try:
        yield run
    except KeyboardInterrupt:
        status, error = "aborted", "interrupted"
        raise
    except BaseException as exc:
        status, error = _outcome(exc)
        raise
    finally:
        stop.set()
        beater.join()
        _finish(engine, run, status, error)


def _outcome(exc: BaseException) -> tuple[str, str | None]:
    code = getattr(exc, "exit_code", getattr(exc, "code", 1))
    if isinstance(exc, SystemExit | _click_exit()) and code in (0, None):
        return "completed", None
    text = f"{type(exc).__name__}: {exc}"
    return "failed", text[:ERROR_LIMIT]


def _click_exit() -> type[BaseException]:
    """click's ``ctx.exit()`` raises its own Exit; a code 0 exit is a success."""
    try:
        from click.exceptions import Exit
    except ImportError:  # pragma: no cover - click is a dependency
        return SystemExit
    return Exit


def _beat(engine: sa.Engine, run_id: str, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            with engine.begin() as connection:
                connection.execute(
                    job_run.update()
                    .where(job_run.c.run_id == run_id, job_run.c.status == "running")
                    .values(heartbeat_at=utcnow())
                )
        except sa.exc.SQLAlchemyError:
            continue  # a missed beat only matters if they all miss; the sweeper has a grace


def _finish(engine: sa.Engine, run: JobRun, status: str, error: str | None) -> None:
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(
            job_run.update()
            .where(job_run.c.run_id == run.run_id)
            .values(
                status=status,
                completed_at=now,
                heartbeat_at=now,
                rows_processed=run.rows_processed,
                bytes_scanned=run.bytes_scanned,
                rows_rejected=run.rows_rejected,
                error=error,
            )
        )
