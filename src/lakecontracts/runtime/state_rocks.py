"""The ingest state in RocksDB: dedupe stays cheap when the 24 h window is full (issue #4).

:class:`~lakecontracts.runtime.state.SqliteState` keeps the seen IDs in one B-tree: once the
window holds millions of random IDs, every ID of a commit dirties its own page and a commit
costs 15-25 us per ID. RocksDB appends a commit to its write-ahead log and memtable and sorts
in the background, so a synced commit stays near 1.5 us per ID, and bloom filters keep the
multi-get of a batch's IDs under 1 us per ID, however full the window is.

One RocksDB folder (``<state>/state.rocksdb``) holds, in column families:

* ``seen-<g>``: the IDs seen in generation ``g = floor(seen_at / window)``; key the ID's
  UTF-8 bytes, value ``seen_at`` (a little-endian double). An ID seen within the window of
  ``now`` lies in a generation >= ``floor((now - window) / window)`` (normally the current
  one and the one before), so :meth:`RocksState.known` asks only those and compares the stored
  time exactly, as SQLite does. A commit drops the generations below that whole: expiry needs
  no time index, no scan and no deletes, and the folder holds at most two windows of IDs.
* ``journal``: the staged files a commit must publish; key the staged path (file-system
  bytes, so pending files come back ordered by path, like SQLite's ``ORDER BY staged``),
  value ``{"zone", "relative", "lines"}`` as JSON.

A commit is one synced ``WriteBatch`` holding every staged ID and the journal entries: after a
crash RocksDB replays whole batches from its log, so the IDs become seen together with the
journal or not at all, as in SQLite's one transaction.

Answers equal SqliteState's while the clock moves forward. If it steps back, an ID staged
again at an earlier time keeps its later time in a newer generation, and an ID staged longer
ago than the window survives until its generation is dropped: RocksState may then still know
an ID SQLite has forgotten, never the reverse.

IDs are stored as ``str.encode("utf-8", "surrogatepass")``: the UTF-8 bytes for every ID
orjson can produce, and distinct bytes (never valid UTF-8) for a lone surrogate, so any
``str`` is an ID and no two collide.

RocksDB lets one process at a time open a database (its ``LOCK`` file): a second ingester on
the same state gets :class:`~lakecontracts.errors.IngestStateError`, as does a corrupt or
unreadable folder.
"""

from __future__ import annotations

import math
import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import orjson
from rocksdict import ColumnFamily, Options, Rdict, WriteBatch, WriteOptions

from lakecontracts.errors import IngestStateError, Location, UsageError
from lakecontracts.runtime.state import DEFAULT_WINDOW_SECONDS, StagedFile
from lakecontracts.runtime.state_lock import StateFolderLock

GENERATION_PREFIX = "seen-"
JOURNAL = "journal"
_SEEN_AT = struct.Struct("<d")
_CACHE_MB = 64  # block cache for the lookups (bloom filters and indexes stay in memory)
_MAX_WAL_BYTES = 256 * 2**20  # the small journal family must not pin old logs for long
_KEEP_LOG_FILES = 4  # RocksDB's info LOG rolls at every open; keep a few, not 1,000


@dataclass(frozen=True)
class _Family:
    """A column family: ``table`` reads it, ``handle`` names it in a write batch."""

    table: Rdict
    handle: ColumnFamily


class RocksState:
    """The default ingest state: ``<bronze>/_ingest/state.rocksdb`` (see the module docstring)."""

    def __init__(self, path: Path, window_seconds: float = DEFAULT_WINDOW_SECONDS) -> None:
        if not 0 < window_seconds < math.inf:
            raise UsageError(
                f"a dedupe window of {window_seconds} seconds cannot be split into generations",
                location=Location(str(path)),
                hint="use a positive, finite window (the default is 24 h)",
            )
        self.window_seconds = window_seconds
        self.path = path
        self._options = _options()
        # One process per state folder for the whole run, taken before RocksDB's own LOCK so
        # the refusal names the holder, as SQLite's does (runtime.state_lock).
        self._lock = StateFolderLock(path.parent)
        try:
            names = {*_existing_families(path, self._options), JOURNAL}
            self._db = _open(path, self._options, names)
        except BaseException:
            self._lock.release()
            raise
        self._families = {name: self._family(name) for name in names}
        self._sync = WriteOptions()
        self._sync.sync = True
        self._staged: dict[str, float] = {}

    def known(self, event_ids: Iterable[str], now: float) -> set[str]:
        ids = list(event_ids)
        staged = self._staged
        rest = [i for i in ids if i not in staged]
        found = set(ids).difference(rest) if len(rest) < len(ids) else set()
        keys = [i.encode("utf-8", "surrogatepass") for i in rest]  # _key, once for all
        horizon = now - self.window_seconds
        for family in self._generations_from(self._generation(horizon)):
            if not rest:
                break
            values = _multi_get(family.table, keys)
            hits = [
                n
                for n, value in enumerate(values)
                if value is not None and _SEEN_AT.unpack(value)[0] >= horizon
            ]
            if hits:
                found.update(rest[n] for n in hits)
                dropped = set(hits)
                rest = [i for n, i in enumerate(rest) if n not in dropped]
                keys = [k for n, k in enumerate(keys) if n not in dropped]
        return found

    def stage(self, event_id: str, now: float) -> None:
        self._staged[event_id] = now

    def stage_many(self, event_ids: Iterable[str], now: float) -> None:
        self._staged.update(dict.fromkeys(event_ids, now))

    def commit(self, files: list[StagedFile], now: float) -> None:
        """One synced batch: the staged IDs and the journal; then expired generations go."""
        lowest = self._generation(now - self.window_seconds)
        batch = WriteBatch(raw_mode=True)
        self._put_staged(batch, lowest)
        journal = self._families[JOURNAL].handle
        for file in files:
            batch.put(os.fsencode(file.staged), _journal_value(file), journal)
        if not batch.is_empty():
            self._db.write(batch, self._sync)
        self._staged = {}
        self._drop_generations_below(lowest)

    def published(self, files: list[StagedFile]) -> None:
        if not files:
            return
        batch = WriteBatch(raw_mode=True)
        journal = self._families[JOURNAL].handle
        for file in files:
            batch.delete(os.fsencode(file.staged), journal)
        self._db.write(batch, self._sync)

    def pending_files(self) -> list[StagedFile]:
        items = self._families[JOURNAL].table.items()
        return [_journal_entry(cast(bytes, key), cast(bytes, value)) for key, value in items]

    def close(self) -> None:
        if self._families:
            # RocksDB releases its LOCK only when no column family object is left.
            self._families.clear()
            self._db.close()
        self._lock.release()

    def _generation(self, seen_at: float) -> int:
        # Monotonic in seen_at (division and floor both are), so every ID seen at or after a
        # horizon lies in a generation >= the horizon's: exact in floating point too.
        return math.floor(seen_at / self.window_seconds)

    def _generations_from(self, lowest: int) -> list[_Family]:
        """The generations that may hold IDs seen at or after ``lowest``'s start, newest first."""
        generations = (
            (generation, family)
            for name, family in self._families.items()
            if (generation := _generation_of(name)) is not None and generation >= lowest
        )
        return [family for _, family in sorted(generations, key=lambda g: g[0], reverse=True)]

    def _put_staged(self, batch: WriteBatch, lowest: int) -> None:
        """Each staged ID into its generation; those already older than the window are left out."""
        slots: dict[float, tuple[bytes, ColumnFamily | None]] = {}
        put = batch.put
        for event_id, seen_at in self._staged.items():
            slot = slots.get(seen_at)
            if slot is None:
                slot = slots[seen_at] = (_SEEN_AT.pack(seen_at), self._handle_for(seen_at, lowest))
            value, handle = slot
            if handle is not None:
                put(event_id.encode("utf-8", "surrogatepass"), value, handle)  # _key

    def _handle_for(self, seen_at: float, lowest: int) -> ColumnFamily | None:
        generation = self._generation(seen_at)
        if generation < lowest:
            return None
        name = f"{GENERATION_PREFIX}{generation}"
        family = self._families.get(name)
        if family is None:
            self._db.create_column_family(name, self._options)
            family = self._families[name] = self._family(name)
        return family.handle

    def _drop_generations_below(self, lowest: int) -> None:
        for name in list(self._families):
            generation = _generation_of(name)
            if generation is not None and generation < lowest:
                del self._families[name]
                self._db.drop_column_family(name)

    def _family(self, name: str) -> _Family:
        return _Family(self._db.get_column_family(name), self._db.get_column_family_handle(name))


def _options() -> Options:
    """Point lookups first: bloom filters, hashed data blocks, a block cache (every family)."""
    options = Options(raw_mode=True)
    options.create_if_missing(True)
    options.create_missing_column_families(True)
    options.optimize_for_point_lookup(_CACHE_MB)
    options.set_max_total_wal_size(_MAX_WAL_BYTES)
    options.set_keep_log_file_num(_KEEP_LOG_FILES)
    return options


def _existing_families(path: Path, options: Options) -> list[str]:
    """The column families of the database at ``path``; none when there is no database yet."""
    if not (path / "CURRENT").exists():
        return []
    try:
        return Rdict.list_cf(str(path), options)
    except Exception as error:  # rocksdict raises plain Exception for every RocksDB status
        raise _open_error(path, error) from error


def _open(path: Path, options: Options, names: set[str]) -> Rdict:
    """Open (or create) the database with every column family it has and the journal."""
    try:
        return Rdict(str(path), options, column_families=dict.fromkeys(names, options))
    except Exception as error:  # rocksdict raises plain Exception for every RocksDB status
        raise _open_error(path, error) from error


# (text RocksDB's message contains, what it means, how to fix it); the first match wins.
_OPEN_FAILURES: tuple[tuple[str, str, str], ...] = (
    (
        "LOCK:",
        "the ingest state is already open (RocksDB lets one process use it at a time)",
        "stop the other `contracts ingest` or `contracts collect` using this state folder; "
        "an unrelated input may get its own (`contracts ingest --state DIR`), but separate "
        "states do not dedupe against each other",
    ),
    (
        "Corruption",
        "the ingest state is corrupt: {detail}",
        "restore the folder from a backup; moving it aside starts an empty dedupe window, and "
        "first move the files in the staging folder beside it somewhere safe (a restart "
        "deletes staged files the journal does not list)",
    ),
)
_OPEN_FAILED = (
    "the ingest state cannot be opened: {detail}",
    "check that the folder is a RocksDB database this user can read and write",
)


def _open_error(path: Path, error: Exception) -> IngestStateError:
    detail = str(error)
    message, hint = next(
        ((message, hint) for text, message, hint in _OPEN_FAILURES if text in detail),
        _OPEN_FAILED,
    )
    return IngestStateError(message.format(detail=detail), location=Location(str(path)), hint=hint)


def _generation_of(name: str) -> int | None:
    """The generation a ``seen-<g>`` column family holds; None for other families."""
    if not name.startswith(GENERATION_PREFIX):
        return None
    try:
        return int(name.removeprefix(GENERATION_PREFIX))
    except ValueError:
        return None


def _key(event_id: str) -> bytes:
    return event_id.encode("utf-8", "surrogatepass")


def _multi_get(table: Rdict, keys: list[bytes]) -> list[bytes | None]:
    """One RocksDB multi-get (the stub types keys as a list of every key type rocksdict takes)."""
    return cast(list[bytes | None], table.get(cast(list[Any], keys)))


def _journal_value(file: StagedFile) -> bytes:
    return orjson.dumps({"zone": file.zone, "relative": file.relative, "lines": file.lines})


def _journal_entry(key: bytes, value: bytes) -> StagedFile:
    entry = orjson.loads(value)
    return StagedFile(entry["zone"], entry["relative"], Path(os.fsdecode(key)), entry["lines"])
