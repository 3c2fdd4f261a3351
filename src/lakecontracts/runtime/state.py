"""The ingester's durable state: event IDs seen within the dedupe window, and the publish journal.

Both live in one SQLite database so one transaction decides a batch: the batch's event IDs
become "seen" in the same commit that records which staged files must be published. After a
crash, :meth:`SqliteState.pending_files` lists files that were committed but maybe not yet
published (the writer publishes them again: publishing is idempotent), and staged files that
were never committed are deleted: their records were not acknowledged and their IDs were not
marked seen, so replaying the input writes them exactly once.

:class:`MemoryState` is the same contract without durability, for a Firehose Lambda (Firehose
itself retries and writes) and for tests.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import orjson

from lakecontracts.runtime.state_lock import StateFolderLock

#: Default dedupe window: producers and webhook senders retry within hours; 24 h covers them.
DEFAULT_WINDOW_SECONDS = 24 * 3600
_SQL_CHUNK = 500  # bound parameters per IN (...) query; well under SQLite's limit

# A commit's IDs go in as one JSON object {id: seen_at} in one statement, in key order (random
# IDs then fill B-tree pages one after another). OR ROLLBACK rather than OR REPLACE: a
# many-row statement that may stop halfway makes SQLite copy every existing page it changes
# into a statement journal to undo just that statement (a quarter of the commit on a large
# table); OR ROLLBACK undoes the whole transaction instead, and a commit that meets an ID
# already stored is redone row by row with OR REPLACE (_INSERT_EACH).
_INSERT_LISTED = (
    "INSERT OR ROLLBACK INTO seen (event_id, seen_at)"
    " SELECT key, value FROM json_each(?) ORDER BY key"
)
_INSERT_EACH = "INSERT OR REPLACE INTO seen (event_id, seen_at) VALUES (?, ?)"


@dataclass(frozen=True)
class StagedFile:
    """A complete file in the staging folder, to appear at ``relative`` in one zone."""

    zone: str  # "bronze" or "quarantine"
    relative: str
    staged: Path
    lines: int


class IngestState(Protocol):
    window_seconds: float

    def known(self, event_ids: Iterable[str], now: float) -> set[str]:
        """The IDs among ``event_ids`` already seen (committed or staged) within the window."""
        ...

    def stage(self, event_id: str, now: float) -> None:
        """Mark an ID seen; durable only once :meth:`commit` returns."""
        ...

    def stage_many(self, event_ids: Iterable[str], now: float) -> None:
        """:meth:`stage` for a batch of IDs."""
        ...

    def commit(self, files: list[StagedFile], now: float) -> None:
        """Atomically make the staged IDs seen and journal ``files`` for publishing."""
        ...

    def published(self, files: list[StagedFile]) -> None:
        """Forget journal entries whose files are now visible."""
        ...

    def pending_files(self) -> list[StagedFile]:
        """Journalled files whose publishing may not have finished (crash recovery)."""
        ...

    def close(self) -> None: ...


class MemoryState:
    """Dedupe window in memory; nothing survives the process."""

    def __init__(self, window_seconds: float = DEFAULT_WINDOW_SECONDS, max_ids: int = 1_000_000):
        self.window_seconds = window_seconds
        self._max_ids = max_ids
        self._seen: dict[str, float] = {}  # insertion order is time order

    def known(self, event_ids: Iterable[str], now: float) -> set[str]:
        horizon = now - self.window_seconds
        seen = self._seen
        return {i for i in event_ids if seen.get(i, -1.0) >= horizon}

    def stage(self, event_id: str, now: float) -> None:
        self._seen[event_id] = now

    def stage_many(self, event_ids: Iterable[str], now: float) -> None:
        self._seen.update(dict.fromkeys(event_ids, now))

    def commit(self, files: list[StagedFile], now: float) -> None:
        horizon = now - self.window_seconds
        seen = self._seen
        while seen:
            oldest = next(iter(seen))
            if seen[oldest] >= horizon and len(seen) <= self._max_ids:
                break
            del seen[oldest]

    def published(self, files: list[StagedFile]) -> None:
        return None

    def pending_files(self) -> list[StagedFile]:
        return []

    def close(self) -> None:
        return None


class SqliteState:
    """The embedded default: ``<bronze>/_ingest/state.sqlite`` (WAL, synchronous=FULL)."""

    def __init__(self, path: Path, window_seconds: float = DEFAULT_WINDOW_SECONDS) -> None:
        self.window_seconds = window_seconds
        # One process per state folder, for the whole run (runtime.state_lock); within the
        # process, one writer at a time is the caller's job (the collect server holds a lock).
        self._lock = StateFolderLock(path.parent)
        try:
            self._db = self._open(path)
        except BaseException:
            self._lock.release()
            raise
        self._staged: dict[str, float] = {}
        self._has_json = _has_json(self._db)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # The page size stays SQLite's 4 KiB: 16 KiB pages make a commit into a near-empty
        # table faster, but once the window holds far more IDs than a commit (the steady
        # state), each random ID dirties its own page and bigger pages mean more bytes written.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS seen (
                event_id TEXT PRIMARY KEY, seen_at REAL NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS seen_by_time ON seen (seen_at);
            CREATE TABLE IF NOT EXISTS journal (
                staged TEXT PRIMARY KEY, zone TEXT NOT NULL, relative TEXT NOT NULL,
                lines INTEGER NOT NULL);
            """
        )
        return db

    def known(self, event_ids: Iterable[str], now: float) -> set[str]:
        ids = list(event_ids)
        staged = self._staged
        found = {i for i in ids if i in staged}
        rest = [i for i in ids if i not in staged]
        if rest:
            horizon = now - self.window_seconds
            listed = _json_text(rest) if self._has_json else None
            if listed is not None:
                found.update(self._known_listed(listed, horizon))
            else:
                found.update(self._known_chunked(rest, horizon))
        return found

    def _known_listed(self, listed: str, horizon: float) -> Iterator[str]:
        """One query per batch (the IDs travel as one JSON array), not one per 500 IDs."""
        rows = self._db.execute(
            "SELECT seen.event_id FROM json_each(?) AS batch"
            " JOIN seen ON seen.event_id = batch.value WHERE seen.seen_at >= ?",
            (listed, horizon),
        )
        return (row[0] for row in rows)

    def _known_chunked(self, ids: list[str], horizon: float) -> Iterator[str]:
        for start in range(0, len(ids), _SQL_CHUNK):
            chunk = ids[start : start + _SQL_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT event_id FROM seen WHERE seen_at >= ? AND event_id IN ({marks})",
                (horizon, *chunk),
            )
            yield from (row[0] for row in rows)

    def stage(self, event_id: str, now: float) -> None:
        self._staged[event_id] = now

    def stage_many(self, event_ids: Iterable[str], now: float) -> None:
        self._staged.update(dict.fromkeys(event_ids, now))

    def commit(self, files: list[StagedFile], now: float) -> None:
        horizon = now - self.window_seconds
        listed = self._staged_listed()
        try:
            self._transact(files, horizon, listed)
        except _ListedConflict:
            # An ID still stored (its expired row not yet deleted, a clock stepped back, an ID
            # staged again): nothing was written; row by row, its row is replaced.
            self._transact(files, horizon, None)
        self._staged = {}

    def _transact(self, files: list[StagedFile], horizon: float, listed: str | None) -> None:
        """One transaction: staged IDs become seen, ``files`` are journalled, expired IDs go."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if listed is None:
                db.executemany(_INSERT_EACH, sorted(self._staged.items()))
            else:
                self._insert_listed(listed)
            db.executemany(
                "INSERT OR REPLACE INTO journal (staged, zone, relative, lines) VALUES (?,?,?,?)",
                [(str(f.staged), f.zone, f.relative, f.lines) for f in files],
            )
            db.execute("DELETE FROM seen WHERE seen_at < ?", (horizon,))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # a conflict under OR ROLLBACK has ended it already
                db.execute("ROLLBACK")
            raise

    def _insert_listed(self, listed: str) -> None:
        try:
            self._db.execute(_INSERT_LISTED, (listed,))
        except sqlite3.IntegrityError as error:
            raise _ListedConflict from error

    def _staged_listed(self) -> str | None:
        """The staged IDs and times as a JSON object json_each reads back exactly, or None."""
        if not self._has_json:
            return None
        listed = _json_text(self._staged)
        times = list(set(self._staged.values()))
        if listed is None or not _floats_read_back(self._db, times):
            return None
        return listed

    def published(self, files: list[StagedFile]) -> None:
        self._db.executemany(
            "DELETE FROM journal WHERE staged = ?", [(str(f.staged),) for f in files]
        )

    def pending_files(self) -> list[StagedFile]:
        rows = self._db.execute("SELECT zone, relative, staged, lines FROM journal ORDER BY staged")
        return [
            StagedFile(zone, relative, Path(staged), lines)
            for zone, relative, staged, lines in rows
        ]

    def close(self) -> None:
        self._db.close()
        self._lock.release()


def _has_json(db: sqlite3.Connection) -> bool:
    """Whether this SQLite has the JSON functions (built in since 3.38, but can be left out)."""
    try:
        db.execute("SELECT count(*) FROM json_each('[]')").fetchall()
    except sqlite3.OperationalError:
        return False
    return True


class _ListedConflict(Exception):
    """The one-statement insert met an ID already stored; SQLite rolled the transaction back."""


def _json_text(value: list[str] | dict[str, float]) -> str | None:
    """IDs (with their times) as JSON SQLite's ``json_each`` reads back exactly, or None.

    json_each decodes every escape exactly except ``\\u0000`` (SQLite's text ends there); a
    lone surrogate has no UTF-8 form. Either sends the batch to the parameter-list path.
    """
    try:
        listed = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return None
    return None if b"\\u0000" in listed else listed.decode()


def _floats_read_back(db: sqlite3.Connection, values: list[float]) -> bool:
    """Whether SQLite's JSON parser reads each value back bit for bit (NaN and inf it cannot).

    orjson writes the shortest text that round-trips, but SQLite's own float parser is not
    correctly rounded on every platform, and a seen time must not move.
    """
    rows = db.execute("SELECT value FROM json_each(?)", (orjson.dumps(values).decode(),))
    return [row[0] for row in rows] == values
