"""The ingest pipeline: bytes in, one outcome per record out.

For every record, in this order (the first failing step decides the quarantine reason):

1. size: larger than ``max_record_bytes`` -> ``oversize`` (never parsed);
2. parse with orjson (UTF-8, depth <= 1024, no NaN) -> ``invalid_json``;
3. route by (``meta.event``, ``meta.v``) through the manifest -> ``not_an_envelope``,
   ``unknown_event``, ``unknown_version``; lifecycle: ``retired_version`` for retired contracts,
   deprecated ones are accepted and counted;
4. verify ``meta.signature`` over the RFC 8785 canonical envelope (``runtime.signatures``) ->
   ``signature_mismatch`` (also when missing), ``unknown_signing_key``, ``uncanonical_payload``.
   Before validation, so unsigned or forged input never reaches the contract's regexes;
5. validate with the generated validator (``is_valid`` fast path; ``validate`` only on failure,
   for the errors with JSON paths) -> ``schema_violation``;
   A record only the full check accepted has its integral floats (``1e2``, ``-0.0``) stored as
   ints (:func:`integral_floats_to_ints`): a bigint column cannot read ``100.0``;
6. dedupe by ``meta.event_id`` (a UUID in lower case, :func:`dedupe_key`) within the state's
   window -> duplicate (counted, not written). Rejected records dedupe too, by the SHA-256 of
   their bytes (:func:`quarantine_key`), so replaying an input writes no quarantine twice;
7. enrich with ``ingest`` {ingested_at, partition_key, privacy_tier, manifest_hash, schema_hash}.

Bronze holds the parsed envelope that was validated, re-serialized by orjson with ``ingest``
appended: if the producer sent a duplicate key, bronze keeps the value that was validated,
never one a downstream parser might pick instead. (Splicing ``ingest`` into the raw bytes was
measured and rejected: orjson writes an 800-byte envelope in about 0.3 us, less than a
duplicate-key check of the raw bytes would cost.) Partitions use the ingestion time (as
Firehose does), so an hour's partition is complete once the hour has passed; ``occurred_at``
stays in the record. The pipeline decides; :class:`Ingestor` also writes.

Throughput (issue #4, ``benchmarks/bench_ingest.py``): a batch shares one ingestion stamp, so
the ``ingest`` object and partition of each route are built once per batch (:class:`_Lane`);
envelopes are serialized as soon as they are verified and dropped, so a batch holds bytes, not
parsed objects the cyclic garbage collector would rescan; dedupe asks the state once per batch,
and metrics are counted once per batch. Bronze lines are exact-size copies (``dumps(...) +
b"\\n"``): orjson's bytes keep a 4 KiB allocation each, five times a typical line (issue #18).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from lakecontracts.runtime.manifest_index import ManifestIndex, Route
from lakecontracts.runtime.metrics import IngestMetrics, epoch_seconds
from lakecontracts.runtime.records import Outcome, Quarantined, Reason, ValidationError
from lakecontracts.runtime.signatures import Verifier
from lakecontracts.runtime.state import IngestState, MemoryState
from lakecontracts.runtime.writers import BRONZE, QUARANTINE, BatchWriter, FlushResult

#: Firehose's largest record is 1,000 KiB; nothing legitimate is bigger.
DEFAULT_MAX_RECORD_BYTES = 1_024_000


class Result:
    """What happened to one record, and the line to write for it (None for duplicates)."""

    __slots__ = (
        "dt",
        "errors",
        "event",
        "event_id",
        "hour",
        "line",
        "outcome",
        "partition",
        "reason",
        "v",
    )

    def __init__(
        self,
        outcome: Outcome,
        line: bytes | None,
        dt: str,
        hour: str,
        partition: str,
        event: str | None = None,
        v: int | None = None,
        event_id: str | None = None,
        reason: Reason | None = None,
        errors: tuple[ValidationError, ...] = (),
    ) -> None:
        self.outcome = outcome
        self.line = line
        self.dt = dt
        self.hour = hour
        # The folder below the zone's root, Hive-style as Athena's partition projection reads.
        self.partition = partition
        self.event = event
        self.v = v
        self.event_id = event_id
        self.reason = reason
        self.errors = errors


@dataclass(frozen=True)
class Decided:
    """A processed batch: one result per record, and the lines to write by (zone, partition)."""

    results: list[Result]
    lines: dict[tuple[str, str], list[bytes]]
    #: Each bronze line's ``meta.occurred_at`` in epoch seconds (NaN when it does not parse),
    #: by the same keys (bronze ones only).
    occurred: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    #: The batch's ``ingest.ingested_at`` in epoch seconds (every line of a batch shares it).
    ingested_at: float = math.nan


class _Rejection(Exception):
    """Internal: a record is quarantined for ``reason``."""

    def __init__(self, reason: Reason, errors: tuple[ValidationError, ...] = ()) -> None:
        self.reason = reason
        self.errors = errors


@dataclass
class _Clock:
    """Ingestion timestamps, formatted once per second (the hot path asks per batch)."""

    now: Callable[[], float]
    _second: int = -1
    _prefix: str = ""
    _dt: str = ""
    _hour: str = ""

    def stamp(self) -> tuple[float, str, str, str]:
        """(epoch seconds, RFC 3339 UTC with milliseconds, dt, hour)."""
        at = self.now()
        second = int(at)
        if second != self._second:
            moment = datetime.fromtimestamp(second, UTC)
            self._second = second
            self._prefix = moment.strftime("%Y-%m-%dT%H:%M:%S")
            self._dt = moment.strftime("%Y-%m-%d")
            self._hour = moment.strftime("%H")
        return at, f"{self._prefix}.{int((at - second) * 1000):03d}Z", self._dt, self._hour


class _Lane:
    """One route plus what every record of it shares within a batch: ``ingest`` and partition.

    Restamped lazily, once per batch and route, so a batch pays for the routes it uses only.
    Hashed by identity: the hot loop groups lines by lane.
    """

    __slots__ = ("deprecated", "event", "ingest", "partition", "retired", "route", "stamp", "v")

    def __init__(self, route: Route) -> None:
        self.route = route
        self.event = route.event
        self.v = route.v
        self.retired = route.retired
        self.deprecated = route.deprecated
        self.stamp = ""
        self.ingest: dict[str, str] = {}
        self.partition = ""

    def restamp(self, ingested_at: str, dt: str, hour: str, manifest_hash: str) -> None:
        route = self.route
        self.stamp = ingested_at
        self.partition = f"event={route.event}/v={route.v}/dt={dt}/hour={hour}"
        self.ingest = {
            "ingested_at": ingested_at,
            "partition_key": self.partition,
            "privacy_tier": route.privacy_tier,
            "manifest_hash": manifest_hash,
            "schema_hash": route.schema_hash,
        }


class _Checked(NamedTuple):
    """The verified records of a batch, one list per field (no object per record to collect)."""

    positions: list[int]
    ids: list[str]
    occurred: list[str]
    lanes: list[_Lane]
    lines: list[bytes]


class Pipeline:
    """Decides the outcome of each record; holds no files (see :class:`Ingestor`)."""

    def __init__(
        self,
        index: ManifestIndex,
        verifier: Verifier | None = None,
        state: IngestState | None = None,
        metrics: IngestMetrics | None = None,
        clock: Callable[[], float] = time.time,
        max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
        tombstoned: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        self.index = index
        # True for an envelope of a subject with a DSAR erasure (the exclusion list): such an
        # event is dropped and counted, so a replay cannot bring the subject back.
        self.tombstoned = tombstoned
        self.verifier = verifier or Verifier()
        self.state = state if state is not None else MemoryState()
        self.metrics = metrics or IngestMetrics(index.thresholds)
        self.max_record_bytes = max_record_bytes
        self._clock = _Clock(clock)
        self._lanes = {key: _Lane(route) for key, route in index.routes.items()}
        self._hash = index.manifest_hash

    def now(self) -> float:
        return self._clock.now()

    def process(
        self, raws: Sequence[bytes], source: str, first_line: int | None = None
    ) -> list[Result]:
        """One result per record, in order. ``source:first_line+i`` names quarantined records."""
        return self.decide(raws, source, first_line).results

    def decide(self, raws: Sequence[bytes], source: str, first_line: int | None = None) -> Decided:
        """:meth:`process`, plus the batch's lines grouped by (zone, partition) for a writer.

        Serializing before dedupe (so the envelope can be dropped at once) wastes the work on
        the rare duplicate only.
        """
        at, ingested_at, dt, hour = self._clock.stamp()
        results: list[Result | None] = [None] * len(raws)
        rejected: list[tuple[int, str, Result]] = []
        checked = _Checked([], [], [], [], [])
        positions, ids, occurred, lanes, lines = checked
        dumps, newline, manifest_hash = orjson.dumps, b"\n", self._hash
        check, tombstoned = self._check, self.tombstoned
        for i, raw in enumerate(raws):
            try:
                lane, envelope = check(raw)
            except _Rejection as rejection:
                where = source if first_line is None else f"{source}:{first_line + i}"
                result = self._quarantine(raw, rejection, where, ingested_at, dt, hour)
                rejected.append((i, quarantine_key(raw), result))
                continue
            if lane.stamp != ingested_at:
                lane.restamp(ingested_at, dt, hour, manifest_hash)
            meta = envelope["meta"]
            if tombstoned is not None and tombstoned(envelope):
                results[i] = self._tombstone(lane, meta["event_id"], at, dt, hour)
                continue
            envelope["ingest"] = lane.ingest
            positions.append(i)
            event_id = meta["event_id"]  # a str: the envelope is valid
            ids.append(event_id if event_id.islower() else dedupe_key(event_id))
            occurred.append(meta["occurred_at"])
            lanes.append(lane)
            # Concatenated, not OPT_APPEND_NEWLINE: orjson's bytes keep a 4 KiB allocation
            # whatever their length, which a buffer of 128 MiB of lines multiplied (issue #18).
            lines.append(dumps(envelope) + newline)
        taken = self.state.known([*ids, *(key for _, key, _ in rejected)], at)
        grouped, stamps = self._dedupe(checked, results, taken, at, dt, hour)
        if rejected:
            grouped.update(self._dedupe_rejected(rejected, results, taken, at))
        return Decided(
            results,  # type: ignore[arg-type]  # every slot is filled
            grouped,
            stamps,
            epoch_seconds(ingested_at),  # the stamp as written, to the millisecond
        )

    def _tombstone(self, lane: _Lane, event_id: str, at: float, dt: str, hour: str) -> Result:
        self.metrics.tombstoned(at)
        return Result(
            Outcome.TOMBSTONED, None, dt, hour, lane.partition, lane.event, lane.v, event_id
        )

    def _dedupe(
        self,
        checked: _Checked,
        results: list[Result | None],
        taken: set[str],
        at: float,
        dt: str,
        hour: str,
    ) -> tuple[dict[tuple[str, str], list[bytes]], dict[tuple[str, str], list[float]]]:
        """Fill in the verified records' results; their bronze lines by (zone, partition), and
        the lines' ``occurred_at`` (epoch seconds, parsed once for the metrics and the bronze
        file's statistics) by the same keys.

        ``taken`` (the keys the state knows) gains the batch's fresh IDs.
        """
        fresh: list[str] = []
        occurred: list[float] = []
        buckets: dict[_Lane, list[bytes]] = {}
        happened: dict[_Lane, list[float]] = {}
        deprecated = duplicates = 0
        bronze, duplicate = Outcome.BRONZE, Outcome.DUPLICATE
        for i, event_id, occurred_at, lane, line in zip(*checked, strict=True):
            if event_id in taken:
                results[i] = Result(
                    duplicate, None, dt, hour, lane.partition, lane.event, lane.v, event_id
                )
                duplicates += 1
                continue
            taken.add(event_id)
            fresh.append(event_id)
            epoch = epoch_seconds(occurred_at)
            occurred.append(epoch)
            deprecated += lane.deprecated
            results[i] = Result(
                bronze, line, dt, hour, lane.partition, lane.event, lane.v, event_id
            )
            bucket = buckets.get(lane)
            if bucket is None:
                buckets[lane] = [line]
                happened[lane] = [epoch]
            else:
                bucket.append(line)
                happened[lane].append(epoch)
        self.state.stage_many(fresh, at)
        self.metrics.accepted_epochs(at, occurred, deprecated)
        if duplicates:
            self.metrics.duplicate(at, duplicates)
        return (
            {(BRONZE, lane.partition): lines for lane, lines in buckets.items()},
            {(BRONZE, lane.partition): times for lane, times in happened.items()},
        )

    def _dedupe_rejected(
        self,
        rejected: list[tuple[int, str, Result]],
        results: list[Result | None],
        taken: set[str],
        at: float,
    ) -> dict[tuple[str, str], list[bytes]]:
        """Quarantine lines by partition; bytes already quarantined in the window are duplicates.

        A replay of the same input must not write its rejects again (issue #10): a rejected
        record is keyed by the SHA-256 of its bytes, in the same window as the event IDs.
        """
        grouped: dict[tuple[str, str], list[bytes]] = {}
        fresh: list[str] = []
        duplicates = 0
        for i, key, result in rejected:
            results[i] = result
            if key in taken:
                result.outcome, result.line = Outcome.DUPLICATE, None
                duplicates += 1
                continue
            taken.add(key)
            fresh.append(key)
            self.metrics.quarantined(at, result.reason or Reason.INVALID_JSON)
            grouped.setdefault((QUARANTINE, result.partition), []).append(result.line or b"")
        self.state.stage_many(fresh, at)
        if duplicates:
            self.metrics.duplicate(at, duplicates)
        return grouped

    def _check(self, raw: bytes) -> tuple[_Lane, dict[str, Any]]:
        if len(raw) > self.max_record_bytes:
            raise _Rejection(Reason.OVERSIZE)
        try:
            envelope = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise _Rejection(Reason.INVALID_JSON) from None
        meta = envelope.get("meta") if type(envelope) is dict else None
        if (
            type(meta) is not dict
            or type(meta.get("event")) is not str
            or type(meta.get("v")) is not int
        ):
            raise _Rejection(Reason.NOT_AN_ENVELOPE)
        lane = self._lanes.get((meta["event"], meta["v"]))
        if lane is None:
            known = meta["event"] in self.index.events
            raise _Rejection(Reason.UNKNOWN_VERSION if known else Reason.UNKNOWN_EVENT)
        if lane.retired:
            raise _Rejection(Reason.RETIRED_VERSION)
        problem = self.verifier.verify(envelope)
        if problem is not None:
            raise _Rejection(problem.reason, ((problem.path, problem.message),))
        route = lane.route
        fast = route.fast
        if fast is None or not fast(envelope):
            # The full check decides what the typed fast path could not; the fast path accepts
            # only ints in integer fields, so integral floats (1e2, -0.0) all pass through here.
            if not route.is_valid(envelope):
                raise _Rejection(Reason.SCHEMA_VIOLATION, tuple(route.validate(envelope)))
            integral_floats_to_ints(envelope)
        return lane, envelope

    def _quarantine(
        self, raw: bytes, rejection: _Rejection, where: str, received_at: str, dt: str, hour: str
    ) -> Result:
        event, v, event_id = (
            _best_effort_ids(raw) if rejection.reason is not Reason.OVERSIZE else (None, None, None)
        )
        record = Quarantined(
            raw=raw,
            reason=rejection.reason,
            errors=rejection.errors,
            received_at=received_at,
            source=where,
            event=event,
            v=v,
            event_id=event_id,
        )
        line = orjson.dumps(record.to_json()) + b"\n"  # exact size, as in decide()
        return Result(
            Outcome.QUARANTINE,
            line,
            dt,
            hour,
            f"reason={rejection.reason}/dt={dt}/hour={hour}",
            event,
            v,
            event_id,
            rejection.reason,
            rejection.errors,
        )


def dedupe_key(event_id: str) -> str:
    """The key ``event_id`` dedupes under: a UUID in lower case, any other ID unchanged.

    ``A0...`` and ``a0...`` are one UUID (RFC 9562 compares them case-insensitively), so a
    retry that changed its case is still a duplicate. Bronze keeps ``meta.event_id`` as sent:
    it is part of what the signature covers.
    """
    if event_id.islower() or _UUID.fullmatch(event_id) is None:
        return event_id
    return event_id.lower()


def quarantine_key(raw: bytes) -> str:
    """The key a rejected record dedupes under: the SHA-256 of its bytes, beside event IDs.

    The prefix keeps it apart from UUID event IDs (a registry whose envelope allows arbitrary
    strings as ``event_id`` could collide only by sending this exact text).
    """
    digest = getattr(raw, "sha256", None)  # a truncated oversize line carries its whole hash
    return f"quarantine:sha256:{digest or hashlib.sha256(raw).hexdigest()}"


def integral_floats_to_ints(value: Any) -> Any:
    """``value`` with every float that holds an integer (``1e2``, ``-0.0``) as an int, in place.

    JSON and RFC 8785 do not tell 100.0 from 100 (the signature is the same), JSON Schema calls
    both integers, but a bigint column cannot read ``100.0``: bronze stores the int. An integral
    float outside integer fields may become an int too, which reads back as the same number.
    """
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is dict:
        for key, item in value.items():
            if type(item) in _CONTAINERS_OR_FLOAT:
                value[key] = integral_floats_to_ints(item)
    elif kind is list:
        for n, item in enumerate(value):
            if type(item) in _CONTAINERS_OR_FLOAT:
                value[n] = integral_floats_to_ints(item)
    return value


_CONTAINERS_OR_FLOAT = (dict, list, float)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _best_effort_ids(raw: bytes) -> tuple[str | None, int | None, str | None]:
    """meta.event, meta.v and meta.event_id when the record has them, for quarantine triage."""
    try:
        meta = orjson.loads(raw).get("meta")
    except (orjson.JSONDecodeError, AttributeError):
        return None, None, None
    if type(meta) is not dict:
        return None, None, None
    event, v, event_id = meta.get("event"), meta.get("v"), meta.get("event_id")
    return (
        event if type(event) is str else None,
        v if type(v) is int else None,
        event_id if type(event_id) is str else None,
    )


@dataclass(frozen=True)
class IngestCounts:
    """How many records of a batch ended where."""

    bronze: int = 0
    quarantine: int = 0
    duplicate: int = 0
    tombstoned: int = 0


class Ingestor:
    """A pipeline plus a writer: processes batches and writes bronze and quarantine files."""

    def __init__(self, pipeline: Pipeline, writer: BatchWriter) -> None:
        self.pipeline = pipeline
        self.writer = writer

    def ingest(
        self, raws: Sequence[bytes], source: str, first_line: int | None = None
    ) -> list[Result]:
        """Process and buffer one batch; flushes when the roll policy says so."""
        decided = self.pipeline.decide(raws, source, first_line)
        occurred, ingested_at = decided.occurred, decided.ingested_at
        for key, lines in decided.lines.items():
            self.writer.add_many(*key, lines, occurred.get(key), ingested_at)
        if self.writer.due():
            self.writer.flush()
        return decided.results

    def flush(self) -> FlushResult:
        """Publish everything buffered: every record ingested so far is acknowledged after."""
        return self.writer.flush()

    def close(self) -> FlushResult:
        return self.writer.close()
