"""Bronze and quarantine writers: NDJSON files that appear whole, rolled by size and time.

Records are buffered per partition folder. :meth:`BatchWriter.flush` turns the buffers into
complete files in a local staging folder (written and fsynced), commits the batch's dedupe IDs
together with a journal of those files in one atomic commit of the ingest state, then
publishes each file: ``os.replace`` into the destination folder locally (readers see no file
or the whole file), a single PUT of the complete object on S3 (an object is never visible
half-written). Only when ``flush`` returns are the records acknowledged.

A crash before the commit leaves staged files nobody acknowledged: they are deleted on the
next start and the input is replayed (the IDs were not marked seen, so nothing is lost or
doubled). A crash after the commit leaves journalled files: the next start publishes them
again, which is idempotent (same name, same bytes). A journalled file found neither in
staging nor at its destination raises :class:`~lakecontracts.errors.IngestStateError`: its
records were acknowledged, so its absence is never taken for success. The state store holds
the state folder's lock (``runtime.state_lock``) for the whole run, so no second process can
delete staged files under a running one. Files roll when a partition reaches
``max_file_bytes``, and the whole buffer is flushed when it reaches ``max_buffer_bytes`` or
its oldest record is ``max_age_seconds`` old.
"""

from __future__ import annotations

import importlib
import os
import shutil
import time
import uuid
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, Protocol

from lakecontracts.errors import IngestStateError, Location
from lakecontracts.fsutil import safe_join
from lakecontracts.runtime.state import IngestState, StagedFile

BRONZE, QUARANTINE = "bronze", "quarantine"
STATE_FOLDER = "_ingest"  # Hive, Athena and Spark ignore names starting with _ or .
_WRITE_BUFFER = 2**20


class Sink(Protocol):
    """Where published files go: a local folder or an fsspec URL."""

    def publish(self, staged: Path, relative: str) -> None:
        """Make ``staged`` (which exists) visible at ``relative``, whole or not at all."""
        ...

    def has(self, relative: str) -> bool:
        """Whether a file is visible at ``relative`` (a publish finished before a crash)."""
        ...

    def read(self, relative: str) -> bytes:
        """The bytes of the published file at ``relative``."""
        ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class LineStamps:
    """What the pipeline knew of a staged bronze file's lines, so an observer need not parse
    them again: each line's ``meta.occurred_at`` and ``ingest.ingested_at`` in epoch seconds
    (NaN for an ``occurred_at`` that did not parse), the last line, and the file's size."""

    occurred: list[float]
    ingested: list[float]
    last_line: bytes
    size: int


@dataclass(frozen=True)
class PublishedFile:
    """A published bronze file as an observer hears of it.

    ``stamps`` is None when the writer does not have them: a journalled file a crashed run
    published (its lines were never in this process) or lines added without them. ``data``
    (the file's bytes) is None only when ``stamps`` is given and the observer does not want
    the bytes (:attr:`PublishObserver.wants_bytes`).
    """

    file: StagedFile
    data: bytes | None
    stamps: LineStamps | None = None


class PublishObserver(Protocol):
    """Told about bronze files after they are published and before the journal forgets them,
    so a crash in between tells it again on restart (it must be idempotent per file)."""

    #: Whether :meth:`published` needs each file's bytes even when its stamps are known.
    @property
    def wants_bytes(self) -> bool: ...

    def published(self, files: list[PublishedFile]) -> None: ...


class LocalSink:
    """A local folder; files appear by ``os.replace`` (atomic on one file system)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self) -> str:
        return str(self.root)

    def has(self, relative: str) -> bool:
        return safe_join(self.root, *relative.split("/")).is_file()

    def read(self, relative: str) -> bytes:
        return safe_join(self.root, *relative.split("/")).read_bytes()

    def publish(self, staged: Path, relative: str) -> None:
        final = safe_join(self.root, *relative.split("/"))
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(staged, final)
        except OSError:  # another file system: copy beside the target, then rename
            temp = final.with_name(f".{final.name}.tmp")
            shutil.copyfile(staged, temp)
            _fsync_file(temp)
            os.replace(temp, final)
            staged.unlink()
        _fsync_dir(final.parent)


class FsspecSink:
    """An fsspec URL such as ``s3://bucket/prefix``: each file is one PUT of complete bytes."""

    def __init__(self, url: str, storage_options: dict[str, Any] | None = None) -> None:
        fsspec: Any = importlib.import_module("fsspec")  # untyped; only loaded for URLs

        self.url = url.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.url, **(storage_options or {}))

    def describe(self) -> str:
        return self.url

    def has(self, relative: str) -> bool:
        return bool(self.fs.exists(f"{self.root}/{relative}"))

    def read(self, relative: str) -> bytes:
        return bytes(self.fs.cat_file(f"{self.root}/{relative}"))

    def publish(self, staged: Path, relative: str) -> None:
        # pipe_file sends objects under 100 MiB as a single PutObject: never half-visible.
        self.fs.pipe_file(f"{self.root}/{relative}", staged.read_bytes())
        staged.unlink()


def open_sink(location: str | Path, storage_options: dict[str, Any] | None = None) -> Sink:
    """A local folder for plain paths and ``file://``; fsspec for ``s3://`` and other URLs."""
    text = str(location)
    if "://" in text and not text.startswith("file://"):
        return FsspecSink(text, storage_options)
    return LocalSink(Path(text.removeprefix("file://")))


@dataclass(frozen=True)
class RollPolicy:
    """When files roll and buffers flush."""

    max_file_bytes: int = 64 * 2**20
    max_buffer_bytes: int = 128 * 2**20
    max_age_seconds: float = 60.0


@dataclass
class _Buffer:
    lines: list[bytes] = field(default_factory=list)
    size: int = 0
    # Parallel to lines while every add brought them; None once one did not.
    occurred: list[float] | None = field(default_factory=list)
    ingested: list[float] | None = field(default_factory=list)

    def stamp(self, count: int, occurred: list[float] | None, ingested_at: float | None) -> None:
        if self.occurred is None or self.ingested is None:
            return
        if occurred is None or ingested_at is None or len(occurred) != count:
            self.occurred = self.ingested = None
            return
        self.occurred.extend(occurred)
        self.ingested.extend([ingested_at] * count)


@dataclass(frozen=True)
class FlushResult:
    files: list[StagedFile]

    def lines(self, zone: str) -> int:
        return sum(f.lines for f in self.files if f.zone == zone)


class BatchWriter:
    """Buffers bronze and quarantine lines by partition and publishes them in committed batches."""

    def __init__(
        self,
        sinks: dict[str, Sink],
        state: IngestState,
        staging: Path,
        policy: RollPolicy | None = None,
        clock: Callable[[], float] = time.time,
        observer: PublishObserver | None = None,
    ) -> None:
        self.sinks = sinks
        self.state = state
        self.staging = staging
        self.policy = policy or RollPolicy()
        self.clock = clock
        self.observer = observer
        self._buffers: dict[tuple[str, str], _Buffer] = {}
        self._size = 0
        self._oldest: float | None = None
        staging.mkdir(parents=True, exist_ok=True)
        self.recovered = self._recover()

    def add(self, zone: str, partition: str, line: bytes) -> None:
        """Buffer one newline-terminated line for ``<zone>/<partition>/``."""
        self.add_many(zone, partition, [line])

    def add_many(
        self,
        zone: str,
        partition: str,
        lines: list[bytes],
        occurred: list[float] | None = None,
        ingested_at: float | None = None,
    ) -> None:
        """Buffer newline-terminated lines for ``<zone>/<partition>/``.

        ``occurred`` (each line's ``meta.occurred_at``) and ``ingested_at`` (the batch's
        stamp), in epoch seconds, when given, reach the observer with the published file
        (:class:`LineStamps`).
        """
        key = (zone, partition)
        buffer = self._buffers.get(key)
        if buffer is None:
            buffer = self._buffers[key] = _Buffer()
        size = sum(map(len, lines))
        buffer.stamp(len(lines), occurred, ingested_at)
        buffer.lines.extend(lines)
        buffer.size += size
        self._size += size
        if self._oldest is None:
            self._oldest = self.clock()

    @property
    def buffered_bytes(self) -> int:
        return self._size

    def due(self) -> bool:
        """Whether the buffer is big or old enough to flush."""
        if self._oldest is None:
            return False
        return (
            self._size >= self.policy.max_buffer_bytes
            or self.clock() - self._oldest >= self.policy.max_age_seconds
        )

    def flush(self) -> FlushResult:
        """Stage, commit and publish everything buffered; the records are acknowledged after."""
        now = self.clock()
        files, stamps = self._stage_files(now)
        self.state.commit(files, now)
        self._buffers.clear()
        self._size = 0
        self._oldest = None
        self._publish(files, stamps)
        return FlushResult(files)

    def close(self) -> FlushResult:
        result = self.flush()
        self.state.close()
        return result

    def _stage_files(self, now: float) -> tuple[list[StagedFile], dict[Path, LineStamps]]:
        """The staged files, and the stamps of those whose lines all came with them."""
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
        token = uuid.uuid4().hex[:12]
        files: list[StagedFile] = []
        stamps: dict[Path, LineStamps] = {}
        for (zone, partition), buffer in sorted(self._buffers.items()):
            for start, stop, size in _chunks(buffer.lines, self.policy.max_file_bytes):
                chunk = buffer.lines[start:stop]
                name = f"part-{stamp}-{token}-{len(files):05d}.ndjson"
                staged = self.staging / f"{zone}-{name}"
                # A large buffer instead of one joined copy: a flush can hold 128 MiB of lines.
                with open(staged, "wb", buffering=_WRITE_BUFFER) as handle:
                    handle.writelines(chunk)
                    handle.flush()
                    os.fsync(handle.fileno())
                files.append(StagedFile(zone, f"{partition}/{name}", staged, len(chunk)))
                if buffer.occurred is not None and buffer.ingested is not None and chunk:
                    stamps[staged] = LineStamps(
                        buffer.occurred[start:stop], buffer.ingested[start:stop], chunk[-1], size
                    )
        if files:
            _fsync_dir(self.staging)
        return files, stamps

    def _publish(
        self, files: list[StagedFile], stamps: dict[Path, LineStamps] | None = None
    ) -> None:
        """Publish journalled files; one neither staged nor published is an error, not success.

        The observer hears of bronze files after they are visible and before the journal
        forgets them: a crash in between tells it again on restart.

        A journalled file whose staged copy is gone is fine only when its publish finished
        before a crash (the destination has it). Otherwise its acknowledged records are lost:
        the others are still published, and the missing ones stay in the journal.
        """
        done: list[StagedFile] = []
        missing: list[StagedFile] = []
        observed: list[PublishedFile] = []
        known = stamps or {}
        wants_bytes = self.observer is not None and self.observer.wants_bytes
        for file in files:
            sink = self.sinks[file.zone]
            watched = self.observer is not None and file.zone == BRONZE
            stamped = known.get(file.staged)
            read = watched and (stamped is None or wants_bytes)
            if file.staged.exists():
                data = file.staged.read_bytes() if read else None
                sink.publish(file.staged, file.relative)
            elif sink.has(file.relative):
                data = sink.read(file.relative) if read else None
            else:
                missing.append(file)
                continue
            done.append(file)
            if watched:
                observed.append(PublishedFile(file, data, stamped))
        if self.observer is not None and observed:
            self.observer.published(observed)
        self.state.published(done)
        if missing:
            raise _missing_error(missing, self.staging)

    def publish_pending(self) -> list[StagedFile]:
        """Publish the committed files a failed publish left behind (what a restart does)."""
        pending = self.state.pending_files()
        self._publish(pending)
        return pending

    def _recover(self) -> list[StagedFile]:
        """Finish publishing committed files; delete staged files that were never committed."""
        pending = self.publish_pending()
        keep = {f.staged for f in pending}
        for leftover in self.staging.glob("*.ndjson"):
            if leftover not in keep:
                leftover.unlink()
        return pending


def _missing_error(missing: list[StagedFile], staging: Path) -> IngestStateError:
    lines = sum(f.lines for f in missing)
    names = ", ".join(f.staged.name for f in missing[:5]) + (", ..." if len(missing) > 5 else "")
    return IngestStateError(
        f"{len(missing)} journalled file(s) holding {lines} acknowledged record(s) are neither "
        f"in the staging folder nor published: {names}",
        location=Location(str(staging)),
        hint="something deleted staged files (another process sharing the folder, a clean-up "
        "job): restore them into the staging folder and run again; they stay in the journal "
        "until then. Replaying the input into this state would call their records duplicates",
    )


def _chunks(lines: list[bytes], limit: int) -> list[tuple[int, int, int]]:
    """Split lines into runs of at most ``limit`` bytes (a longer single line stays whole):
    (start, stop, bytes) of each run."""
    ends = list(accumulate(map(len, lines)))
    chunks: list[tuple[int, int, int]] = []
    start, base = 0, 0
    while start < len(lines):
        stop = max(bisect_right(ends, base + limit, start), start + 1)
        chunks.append((start, stop, ends[stop - 1] - base))
        start, base = stop, ends[stop - 1]
    return chunks or [(0, 0, 0)]


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
