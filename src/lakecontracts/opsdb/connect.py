"""Opening the operational database named by a URL (see :mod:`.location` for which one).

PostgreSQL URLs use psycopg 3 (``postgresql://`` is read as ``postgresql+psycopg://``).
Passwords never appear in errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from lakecontracts.errors import OpsDbError

_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}
#: What installs the PostgreSQL driver (pyproject's ``postgres`` extra).
POSTGRES_EXTRA = "lakecontracts[postgres]"


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        raise OpsDbError(
            "the operational database URL is not a valid URL",
            hint="use sqlite:///path/ops.sqlite, postgresql://user@host/db, or 'off'",
        ) from None
    backend = parsed.get_backend_name()
    if backend not in _DRIVERS:
        raise OpsDbError(
            f"unsupported operational database {backend!r}",
            hint="use SQLite (sqlite:///path) or PostgreSQL (postgresql://user@host/db)",
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername=_DRIVERS["postgresql"])
    return parsed


def display(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def create(url: str) -> sa.Engine:
    """An engine for ``url``; SQLite files get their folder, WAL and a busy timeout."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    try:
        engine = sa.create_engine(parsed)
    except ImportError as exc:  # the driver is an optional extra
        raise OpsDbError(
            f"PostgreSQL needs the {exc.name or parsed.get_driver_name()!r} driver, which is "
            "not installed",
            hint=f"pip install '{POSTGRES_EXTRA}' (psycopg 3), or pass --db with a "
            "sqlite:/// URL, or --db off",
        ) from None
    _check_reachable(engine, parsed)
    return engine


def _sqlite_engine(parsed: URL) -> sa.Engine:
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OpsDbError(
                f"cannot create the folder for {database}: {exc.strerror}",
                hint="pass --db with a writable location, or --db off",
            ) from None
    engine = sa.create_engine(parsed, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    _check_reachable(engine, parsed)
    return engine


def _check_reachable(engine: sa.Engine, parsed: URL) -> None:
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "connection failed"
        raise OpsDbError(
            f"cannot open the operational database {display(parsed)}: {reason}",
            hint="check --db / CONTRACTS_DB, or pass --db off to record nothing",
        ) from None


#: The newest migration. Checking it costs one query and no Alembic import (Alembic and its
#: migration scripts take longer to load than a short ingest run takes to record itself);
#: tests/opsdb/test_migrations.py keeps it equal to the migrations' head.
HEAD_REVISION = "0003"


def open_database(url: str) -> sa.Engine:
    """An engine on ``url``, migrated to the newest schema on first use."""
    engine = create(url)
    if _stored_revision(engine) != HEAD_REVISION:
        from lakecontracts.opsdb.migrate import ensure_current

        ensure_current(engine)
    return engine


def _stored_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
