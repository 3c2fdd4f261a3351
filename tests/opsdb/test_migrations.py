"""The migrations build exactly the declared tables, on both engines, and step down and up."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lakecontracts.errors import OpsDbError
from lakecontracts.opsdb import connect, migrate
from lakecontracts.opsdb.schema import metadata


def _differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_a_migrated_database_matches_the_declared_tables(db_url: str) -> None:
    engine = connect.create(db_url)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _differences(engine) == []


def test_the_fast_head_check_knows_the_newest_migration() -> None:
    assert migrate.head_revision() == connect.HEAD_REVISION


def test_an_empty_database_differs_so_the_comparison_can_fail(db_url: str) -> None:
    engine = connect.create(db_url)
    assert len(_differences(engine)) >= len(metadata.tables)


def test_downgrade_one_step_then_upgrade_again(db_url: str) -> None:
    engine = connect.create(db_url)
    migrate.upgrade(engine)
    migrate.downgrade(engine)
    assert migrate.current_revision(engine) == "0002"
    columns = {c["name"] for c in sa.inspect(engine).get_columns("analytics_job_run")}
    assert "rows_rejected" not in columns and "status" in columns
    migrate.downgrade(engine)
    assert migrate.current_revision(engine) == "0001"
    names = set(sa.inspect(engine).get_table_names())
    assert "analytics_job_run" in names and "identity_link" not in names
    migrate.ensure_current(engine)
    assert _differences(engine) == []


def test_downgrade_of_an_empty_database_is_a_clear_error(db_url: str) -> None:
    with pytest.raises(OpsDbError, match="no schema"):
        migrate.downgrade(connect.create(db_url))


def test_a_database_from_a_newer_version_is_refused(db_url: str) -> None:
    engine = connect.create(db_url)
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(OpsDbError, match="unknown to this version"):
        migrate.ensure_current(engine)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a valid URL"),
        ("mysql://u@h/db", "unsupported"),
        ("postgresql://nobody:s3cret@127.0.0.1:1/none", "cannot open"),
    ],
)
def test_bad_urls_are_clear_errors_without_passwords(url: str, message: str) -> None:
    with pytest.raises(OpsDbError, match=message) as caught:
        connect.create(url)
    assert "s3cret" not in str(caught.value) + caught.value.hint
