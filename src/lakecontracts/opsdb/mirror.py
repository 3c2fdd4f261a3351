"""``analytics_event_bronze``: accepted events mirrored for near-real-time queries.

Rows come from the bronze files as they are published (the same observer call that records
``bronze_event_metadata``, in the same transaction), so the mirror holds exactly the
acknowledged records. PostgreSQL receives them by ``COPY``; when a file is mirrored again (a
restart republishing a journalled file) the ``COPY`` meets existing event IDs, and the batch is
copied into a temporary table and inserted with ``ON CONFLICT DO NOTHING`` instead. SQLite
gets multi-row ``INSERT ... ON CONFLICT DO NOTHING``. Retention deletes by ``ingested_at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from lakecontracts.errors import OpsDbError
from lakecontracts.opsdb.schema import event_bronze

COLUMNS = ("event_id", "event", "version", "occurred_at", "ingested_at", "source", "record")
COPY_STATEMENT = f"COPY analytics_event_bronze ({', '.join(COLUMNS)}) FROM STDIN"

Row = tuple[str, str, int, str, str, str | None, str]


def rows_from_lines(lines: Iterable[bytes]) -> list[Row]:
    """One mirror row per bronze line (event ID lower-cased, as ingest dedupes it)."""
    rows = []
    for line in lines:
        record = orjson.loads(line)
        meta = record["meta"]
        rows.append(
            (
                str(meta["event_id"]).lower(),
                meta["event"],
                meta["v"],
                meta["occurred_at"],
                record["ingest"]["ingested_at"],
                meta.get("source"),
                line.decode(),
            )
        )
    return rows


def mirror(connection: sa.Connection, rows: Sequence[Row]) -> None:
    """Insert the rows that are not there yet, inside the caller's transaction."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy(connection, rows)
    else:
        _insert(connection, rows)


def _copy(connection: sa.Connection, rows: Sequence[Row]) -> None:
    import psycopg

    raw: Any = connection.connection.dbapi_connection
    try:
        try:
            with raw.transaction(), raw.cursor() as cursor, cursor.copy(COPY_STATEMENT) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.errors.UniqueViolation:
            _copy_merge(raw, rows)
    except psycopg.Error as exc:
        raise OpsDbError(
            f"cannot mirror {len(rows)} event(s) into analytics_event_bronze: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            hint="the bronze files are published and stay journalled: the next ingest retries",
        ) from None


def _copy_merge(raw: Any, rows: Sequence[Row]) -> None:
    """The slower path for a batch that is partly there already: stage, then insert the rest."""
    names = ", ".join(COLUMNS)
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS mirror_stage "
            "(LIKE analytics_event_bronze INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        with cursor.copy(f"COPY mirror_stage ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO analytics_event_bronze ({names}) SELECT {names} FROM mirror_stage "
            "ON CONFLICT (event_id) DO NOTHING"
        )
        cursor.execute("DELETE FROM mirror_stage")


def _insert(connection: sa.Connection, rows: Sequence[Row]) -> None:
    values = [
        {
            **dict(zip(COLUMNS, row, strict=True)),
            "occurred_at": datetime.fromisoformat(row[3]),
            "ingested_at": datetime.fromisoformat(row[4]),
            "record": orjson.loads(row[6]),
        }
        for row in rows
    ]
    statement = sqlite.insert(event_bronze).on_conflict_do_nothing(index_elements=["event_id"])
    connection.execute(statement, values)


def purge(engine: sa.Engine, before: datetime) -> int:
    """Delete mirrored events ingested before ``before``; return how many."""
    with engine.begin() as connection:
        result = connection.execute(
            event_bronze.delete().where(event_bronze.c.ingested_at < before)
        )
    return int(result.rowcount)
