"""``identity_link`` in the operational database: the published edges of one identity graph.

The stitch job publishes its edges as Parquet; this mirrors that set into the table in one
transaction (the graph's rows replaced, so a rerun leaves the same rows and a purged link does
not linger). Nodes appear only as their HMAC hashes and key version.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice

import sqlalchemy as sa

from lakecontracts.opsdb.schema import identity_link

_BATCH = 5_000


def sync_identity_links(
    engine: sa.Engine, graph: str, rows: Sequence[dict[str, object]], at: datetime | None = None
) -> int:
    """Replace ``graph``'s rows with ``rows`` (the shape of ``stitch.run.identity_link_rows``);
    returns how many rows the table holds for the graph afterwards."""
    updated = (at or datetime.now(UTC)).astimezone(UTC)
    with engine.begin() as connection:
        connection.execute(identity_link.delete().where(identity_link.c.graph == graph))
        for batch in _batches(rows):
            connection.execute(
                identity_link.insert(), [{**row, "updated_at": updated} for row in batch]
            )
    return len(rows)


def _batches(rows: Sequence[dict[str, object]]) -> Iterator[list[dict[str, object]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, _BATCH)):
        yield batch
