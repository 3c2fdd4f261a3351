"""``bronze_event_metadata``: one row per published bronze file.

The ingest writer calls :class:`BronzeRecorder` after a file is published and before its
journal entry is cleared; a crash in between republishes the file on restart and records it
again (an upsert on the path), so a row never exists without its file and, once the journal
is drained, no file exists without its row.

Statistics: the partition path names the event and version; each line's ``meta.occurred_at``
and ``ingest.ingested_at`` come from the pipeline, which had them in hand when it wrote the
line (:class:`~lakecontracts.runtime.writers.LineStamps`), and the hashes from the file's last
line. Only a file the process did not write itself (a restart finishing a crashed run's
publish) is read and its lines scanned again (:func:`describe`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from lakecontracts.errors import OpsDbError
from lakecontracts.opsdb.jobs import utcnow
from lakecontracts.opsdb.mirror import mirror, rows_from_lines
from lakecontracts.opsdb.schema import bronze_event_metadata
from lakecontracts.runtime.metrics import epoch_seconds
from lakecontracts.runtime.writers import PublishedFile

_PARTITION = re.compile(r"^event=([^/]+)/v=(\d+)/")
_INGEST = b'"ingest":{"ingested_at":"'
_OCCURRED = b'"occurred_at":"'


@dataclass(frozen=True)
class BronzeFile:
    path: str
    event: str
    version: int
    manifest_hash: str
    schema_hash: str
    record_count: int
    bytes: int
    min_occurred_at: datetime | None
    max_occurred_at: datetime | None
    min_ingested_at: datetime
    max_ingested_at: datetime
    lag_p95_seconds: float | None


def describe(relative: str, data: bytes) -> BronzeFile:
    """The row for the bronze file at ``relative`` holding ``data``, from its lines."""
    lines = data.splitlines()
    if not lines:
        raise ValueError(f"not a bronze file path with records: {relative!r}")
    ingested = _column(data, lines, _INGEST, last=True)
    if ingested is None:
        ingested = [orjson.loads(line)["ingest"]["ingested_at"] for line in lines]
    stamps = {value: epoch_seconds(value) for value in set(ingested)}
    occurred = [epoch_seconds(value) for value in _occurred(data, lines)]
    return describe_stamped(relative, occurred, [stamps[i] for i in ingested], lines[-1], len(data))


def describe_stamped(
    relative: str, occurred: Sequence[float], ingested: Sequence[float], last_line: bytes, size: int
) -> BronzeFile:
    """The row for the bronze file at ``relative`` whose lines' ``meta.occurred_at`` and
    ``ingest.ingested_at`` are ``occurred`` and ``ingested`` (epoch seconds, in line order; an
    ``occurred_at`` that did not parse is NaN and has no lag), with ``last_line`` its last
    line and ``size`` its bytes."""
    match = _PARTITION.match(relative)
    if match is None or not occurred or len(occurred) != len(ingested):
        raise ValueError(f"not a bronze file path with records: {relative!r}")
    last = orjson.loads(last_line)["ingest"]
    lags = sorted(i - o for i, o in zip(ingested, occurred, strict=True) if o == o)
    happened = [o for o in occurred if o == o]
    return BronzeFile(
        path=relative,
        event=match.group(1),
        version=int(match.group(2)),
        manifest_hash=last["manifest_hash"],
        schema_hash=last["schema_hash"],
        record_count=len(occurred),
        bytes=size,
        min_occurred_at=_instant(min(happened)) if happened else None,
        max_occurred_at=_instant(max(happened)) if happened else None,
        min_ingested_at=_instant(min(ingested)),
        max_ingested_at=_instant(max(ingested)),
        lag_p95_seconds=round(lags[max(math.ceil(0.95 * len(lags)) - 1, 0)], 6) if lags else None,
    )


def _row(published: PublishedFile) -> BronzeFile:
    stamps, relative = published.stamps, published.file.relative
    if stamps is not None:
        return describe_stamped(
            relative, stamps.occurred, stamps.ingested, stamps.last_line, stamps.size
        )
    if published.data is None:  # the writer reads the bytes of every file without stamps
        raise ValueError(f"no bytes and no stamps for {relative!r}")
    return describe(relative, published.data)


def _occurred(data: bytes, lines: list[bytes]) -> list[str]:
    found = _column(data, lines, _OCCURRED, last=False)
    if found is None:
        return [orjson.loads(line)["meta"]["occurred_at"] for line in lines]
    return found


def _column(data: bytes, lines: list[bytes], key: bytes, last: bool) -> list[str] | None:
    """Each line's string value after ``key``, without parsing the lines.

    Inside JSON strings quotes are escaped, so ``key`` can only be an object key. When it
    occurs exactly once per line (the file-wide count says so) that occurrence is the
    envelope's own (``meta.occurred_at`` is required; ``ingest`` is added to every record);
    otherwise (a payload key of the same name) None tells the caller to parse.
    """
    if data.count(key) != len(lines):
        return None
    values = []
    for line in lines:
        start = (line.rfind(key) if last else line.find(key)) + len(key)
        values.append(line[start : line.index(b'"', start)].decode())
    return values


def _instant(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def record_files(engine: sa.Engine, files: Iterable[BronzeFile], run_id: str | None) -> int:
    """Upsert the rows (a republished file updates its row); return how many."""
    with engine.begin() as connection:
        return upsert_files(connection, files, run_id)


def upsert_files(connection: sa.Connection, files: Iterable[BronzeFile], run_id: str | None) -> int:
    rows = [{**asdict(f), "run_id": run_id, "published_at": utcnow()} for f in files]
    if not rows:
        return 0
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(bronze_event_metadata)
    updates = {c: statement.excluded[c] for c in rows[0] if c != "path"}
    connection.execute(statement.on_conflict_do_update(index_elements=["path"], set_=updates), rows)
    return len(rows)


class BronzeRecorder:
    """The ingest writer's publish observer: one row per published bronze file and, with
    ``mirror``, every record in ``analytics_event_bronze``; one transaction per flush, between
    the files' publish and the journal's release."""

    def __init__(self, engine: sa.Engine, run_id: str | None, mirror: bool = False) -> None:
        self.engine = engine
        self.run_id = run_id
        self.mirror = mirror

    @property
    def wants_bytes(self) -> bool:
        """The mirror copies every line; the metadata rows need only the writer's stamps."""
        return self.mirror

    def published(self, files: list[PublishedFile]) -> None:
        rows = [_row(published) for published in files]
        try:
            with self.engine.begin() as connection:
                upsert_files(connection, rows, self.run_id)  # first: it opens the transaction
                if self.mirror:
                    lines = [line for f in files for line in (f.data or b"").splitlines()]
                    mirror(connection, rows_from_lines(lines))
        except sa.exc.SQLAlchemyError as exc:
            raise OpsDbError(
                f"cannot record {len(rows)} bronze file(s) in the operational database: "
                f"{type(getattr(exc, 'orig', None) or exc).__name__}",
                hint="the files are published and stay journalled: the next ingest records "
                "them; check the database, or pass --db off",
            ) from None
