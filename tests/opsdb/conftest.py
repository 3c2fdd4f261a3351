"""Every opsdb test runs on SQLite and on a real PostgreSQL server (started once per session)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from lakecontracts.opsdb import connect
from tests.pg_server import PgServer, start_server

_numbers = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = start_server()
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: run scripts/install-system-deps.sh")
        pytest.skip("PostgreSQL is not installed (scripts/install-system-deps.sh installs it)")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database of each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ops.sqlite'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database(f"t{os.getpid()}_{next(_numbers)}")


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """An engine on a migrated empty database."""
    from lakecontracts.opsdb.migrate import upgrade

    eng = connect.create(db_url)
    upgrade(eng)
    try:
        yield eng
    finally:
        eng.dispose()
