"""The ``--db`` option and job recording that every recorded command shares.

SQLAlchemy is imported only when a run is actually recorded, so ``--db off`` keeps a
command's start cost as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import click

from lakecontracts.cli.common import open_registry
from lakecontracts.errors import RegistryConfigError, UsageError
from lakecontracts.opsdb.location import DB_ENV, chosen_url, default_url, is_off

F = TypeVar("F", bound=Callable[..., Any])


class RunCounter(Protocol):
    """A recorded run (``engine`` and ``run_id`` set) or an unrecorded one (both None)."""

    @property
    def run_id(self) -> str | None: ...

    @property
    def engine(self) -> Any: ...

    def add(self, rows: int = 0, bytes_scanned: int = 0, rejected: int = 0) -> None: ...


class _Unrecorded:
    run_id: str | None = None
    engine: Any = None

    def add(self, rows: int = 0, bytes_scanned: int = 0, rejected: int = 0) -> None:
        return None


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        help="Operational database: sqlite:///FILE, postgresql://USER@HOST/DB or 'off' "
        f"(default: ops.sqlite under the registry's storage.local_root). Env: {DB_ENV}.",
    )(func)


def run_options(func: F) -> F:
    """``--db`` plus the scheduler's view of the run (nominal time, parent run)."""
    func = click.option(
        "--parent-run",
        "parent_run",
        metavar="UUID",
        help="Run ID of the job (e.g. an Airflow task) that started this one.",
    )(func)
    func = click.option(
        "--scheduled-at",
        "scheduled_at",
        metavar="TIME",
        help="Nominal time of this run (ISO 8601 with a zone), for missing-run detection.",
    )(func)
    return db_option(func)


def database_url(ctx: click.Context, explicit: str | None) -> str | None:
    """The URL to use; None when recording is off. The default needs the registry."""
    chosen = chosen_url(explicit)
    if chosen is not None:
        return None if is_off(chosen) else chosen
    from lakecontracts.registry.storage import local_root

    return default_url(local_root(open_registry(ctx).config))


def required_database_url(ctx: click.Context, explicit: str | None) -> str:
    url = database_url(ctx, explicit)
    if url is None:
        raise UsageError(
            "this command needs an operational database, and --db / CONTRACTS_DB is 'off'",
            hint="pass --db sqlite:///FILE or --db postgresql://USER@HOST/DB",
        )
    return url


@contextmanager
def recorded_job(
    ctx: click.Context,
    job_name: str,
    db_url: str | None,
    scheduled_at: str | None = None,
    parent_run: str | None = None,
) -> Iterator[RunCounter]:
    """Record the enclosed block as a run of ``job_name`` in analytics_job_run."""
    nominal = _nominal_time(scheduled_at)
    parent = _parent_run(parent_run)
    try:
        url = database_url(ctx, db_url)
    except RegistryConfigError as exc:
        click.echo(f"note: run not recorded ({exc.message}); pass --db URL or --db off", err=True)
        url = None
    if url is None:
        yield _Unrecorded()
        return
    from lakecontracts.opsdb.connect import open_database
    from lakecontracts.opsdb.jobs import record_job

    engine = open_database(url)
    try:
        with record_job(engine, job_name, scheduled_at=nominal, parent_run_id=parent) as run:
            yield run
    finally:
        engine.dispose()


def _nominal_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise UsageError(
            f"--scheduled-at {text!r} is not an ISO 8601 time with a zone",
            hint="e.g. --scheduled-at 2026-12-05T02:00:00Z",
        )
    return value.astimezone(UTC)


def _parent_run(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise UsageError(
            f"--parent-run {text!r} is not a UUID", hint="pass the parent's OpenLineage run ID"
        ) from None
