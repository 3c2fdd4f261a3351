"""Alembic migrations, run in-process against an open engine (no alembic.ini, no CLI).

Upgrades are serialised so that two processes opening a fresh database at once do not both
create it: PostgreSQL takes a transaction-scoped advisory lock, SQLite a file lock beside the
database file (an in-memory SQLite database has only one user).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from lakecontracts.errors import OpsDbError

MIGRATIONS = Path(__file__).parent / "migrations"
#: Arbitrary, fixed key for pg_advisory_xact_lock: "lakecontracts opsdb migrate".
_PG_LOCK_KEY = 0x6C6B6F707364


def _config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at; None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    with _serialised(engine) as connection:
        _check_known(connection)
        command.upgrade(_config(connection), target)


def downgrade(engine: sa.Engine, target: str = "-1") -> None:
    with _serialised(engine) as connection:
        _check_known(connection)
        if MigrationContext.configure(connection).get_current_revision() is None:
            raise OpsDbError("the operational database has no schema to downgrade")
        command.downgrade(_config(connection), target)


def ensure_current(engine: sa.Engine) -> None:
    """Migrate to head when behind (first use)."""
    if current_revision(engine) != head_revision():
        upgrade(engine)


def _check_known(connection: sa.Connection) -> None:
    current = MigrationContext.configure(connection).get_current_revision()
    known = {rev.revision for rev in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if current is not None and current not in known:
        raise OpsDbError(
            f"the operational database is at revision {current!r}, unknown to this version",
            hint="a newer lakecontracts migrated it: upgrade lakecontracts, or use another --db",
        )


@contextmanager
def _serialised(engine: sa.Engine) -> Iterator[sa.Connection]:
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
            yield connection
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        with engine.begin() as connection:
            yield connection
        return
    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with engine.begin() as connection:
            yield connection
