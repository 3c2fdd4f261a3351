"""bronze_event_metadata: one row per published bronze file, also across kill -9 in publish."""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import textwrap
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from lakecontracts.opsdb.bronze_files import BronzeRecorder, describe, describe_stamped
from lakecontracts.opsdb.connect import open_database
from lakecontracts.opsdb.schema import bronze_event_metadata
from lakecontracts.runtime.assemble import open_ingestor
from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.metrics import epoch_seconds
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.writers import PublishedFile
from tests.conftest import REPO_ROOT
from tests.runtime.conftest import build_generated

SPECS = ("booking.leg_created", "booking.leg_created@1", "payments.payment_succeeded")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("gen"))


@pytest.fixture(scope="module")
def events(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = load_index(generated, native=False)
    lines = [s.line for spec in SPECS for s in samples(index, pick_route(index, spec), 40, seed=3)]
    path = tmp_path_factory.mktemp("in") / "events.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _bronze_files(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): len(p.read_bytes().splitlines())
        for p in root.rglob("*.ndjson")
        if "_ingest" not in p.parts
    }


def _rows(url: str) -> dict[str, int]:
    engine = open_database(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(bronze_event_metadata)).all()
    engine.dispose()
    return {r.path: r.record_count for r in rows}


def _ingest(generated: Path, events: Path, lake: Path, url: str) -> None:
    engine = open_database(url)
    ingestor = open_ingestor(
        generated, lake / "b", lake / "q", native=False, observer=BronzeRecorder(engine, None)
    )
    ingestor.ingest(events.read_bytes().splitlines(), str(events))
    ingestor.close()
    engine.dispose()


def test_every_published_file_has_its_row(
    generated: Path, events: Path, tmp_path: Path, db_url: str
) -> None:
    _ingest(generated, events, tmp_path, db_url)
    files = _bronze_files(tmp_path / "b")
    assert len(files) == len(SPECS)
    assert _rows(db_url) == files
    engine = open_database(db_url)
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(bronze_event_metadata).where(
                bronze_event_metadata.c.event == "payments.payment_succeeded"
            )
        ).one()
    assert row.version == 1 and row.bytes == (tmp_path / "b" / row.path).stat().st_size
    assert row.min_occurred_at <= row.max_occurred_at <= row.max_ingested_at
    assert row.lag_p95_seconds is not None and row.lag_p95_seconds >= 0
    assert len(row.schema_hash) >= 64 and len(row.manifest_hash) >= 64


def test_rows_from_the_pipelines_stamps_equal_rows_from_the_files(
    generated: Path, events: Path, tmp_path: Path, db_url: str
) -> None:
    """The writer hands over what the pipeline knew (no file is read back); a restart reads
    the file instead: both give the same row."""
    _ingest(generated, events, tmp_path, db_url)
    engine = open_database(db_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(bronze_event_metadata)).all()
    engine.dispose()
    assert len(rows) == len(SPECS)
    for row in rows:
        expected = asdict(describe(row.path, (tmp_path / "b" / row.path).read_bytes()))
        assert {key: getattr(row, key) for key in expected} == expected


def test_the_writer_hands_stamps_and_reads_bytes_only_when_asked(
    generated: Path, events: Path, tmp_path: Path
) -> None:
    heard: list[PublishedFile] = []

    class Observer:
        wants_bytes = False

        def published(self, files: list[PublishedFile]) -> None:
            heard.extend(files)

    ingestor = open_ingestor(generated, tmp_path / "b", tmp_path / "q", native=False,
                             observer=Observer())  # fmt: skip
    lines = events.read_bytes().splitlines()
    ingestor.ingest(lines[:50], str(events))
    ingestor.ingest(lines[50:], str(events))  # a second batch: another ingested_at
    ingestor.close()
    assert len(heard) == len(SPECS)
    assert len({i for p in heard if p.stamps for i in p.stamps.ingested}) == 2  # two batches
    for published in heard:
        stamps = published.stamps
        assert published.data is None and stamps is not None
        data = (tmp_path / "b" / published.file.relative).read_bytes()
        records = [json.loads(line) for line in data.splitlines()]
        assert stamps.occurred == [epoch_seconds(r["meta"]["occurred_at"]) for r in records]
        assert stamps.ingested == [epoch_seconds(r["ingest"]["ingested_at"]) for r in records]
        assert (stamps.last_line, stamps.size) == (data.splitlines(keepends=True)[-1], len(data))


@pytest.mark.parametrize("payload_first", [False, True])
def test_describe_reads_the_partition_hashes_and_times(payload_first: bool) -> None:
    ingested = "2026-12-05T12:00:10.000000Z"
    lines = [
        json.dumps(
            {
                **({"payload": {"occurred_at": "1999-01-01T00:00:00Z"}} if payload_first else {}),
                "meta": {"event": "e", "v": 3, "occurred_at": occurred},
                "payload": {"occurred_at": "1999-01-01T00:00:00Z"},
                "ingest": {"ingested_at": ingested, "manifest_hash": "m", "schema_hash": "s"},
            },
            separators=(",", ":"),
        ).encode()
        for occurred in ("2026-12-05T12:00:00Z", "2026-12-05T13:00:05+01:00")
    ]
    data = b"\n".join(lines) + b"\n"
    row = describe("event=e/v=3/dt=2026-12-05/hour=12/part-1.ndjson", data)
    assert (row.event, row.version, row.record_count, row.bytes) == ("e", 3, 2, len(data))
    assert row.min_occurred_at == datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    assert row.max_occurred_at == datetime(2026, 12, 5, 12, 0, 5, tzinfo=UTC)
    assert row.lag_p95_seconds == 10.0
    with pytest.raises(ValueError, match="not a bronze file"):
        describe("quarantine/x.ndjson", data)


def test_an_occurred_at_that_does_not_parse_counts_without_a_lag() -> None:
    last = (
        b'{"ingest":{"ingested_at":"2026-12-05T12:00:10Z","manifest_hash":"m","schema_hash":"s"}}'
    )
    row = describe_stamped("event=e/v=1/dt=d/hour=h/p.ndjson", [math.nan], [0.0], last, 9)
    assert (row.record_count, row.min_occurred_at, row.lag_p95_seconds) == (1, None, None)


# A real ingest that SIGKILLs itself at one point of the publish step.
_CRASHING_INGEST = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from lakecontracts.opsdb.bronze_files import BronzeRecorder
    from lakecontracts.opsdb.connect import open_database
    from lakecontracts.runtime import writers
    from lakecontracts.runtime.assemble import open_ingestor

    generated, events, lake, url, point = sys.argv[1:]
    die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
    if point == "before_publish":
        writers.LocalSink.publish = die
    if point == "before_rows":
        BronzeRecorder.published = die
    ingestor = open_ingestor(
        Path(generated), Path(lake) / "b", Path(lake) / "q", native=False,
        observer=BronzeRecorder(open_database(url), None),
    )
    if point == "before_journal_release":
        ingestor.writer.state.published = die
    ingestor.ingest(Path(events).read_bytes().splitlines(), events)
    ingestor.close()
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("point", ["before_publish", "before_rows", "before_journal_release"])
def test_kill_9_in_publish_leaves_no_row_without_a_file_and_recovery_adds_the_rest(
    generated: Path, events: Path, tmp_path: Path, db_url: str, point: str
) -> None:
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASHING_INGEST, str(generated), str(events), str(tmp_path),
         db_url, point],
        cwd=REPO_ROOT,
        capture_output=True,
    )  # fmt: skip
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()[-2000:]
    files, rows = _bronze_files(tmp_path / "b"), _rows(db_url)
    assert set(rows) <= set(files)  # never a row without its file
    expected_rows = {"before_publish": 0, "before_rows": 0, "before_journal_release": len(SPECS)}
    assert len(rows) == expected_rows[point]
    # The next ingest (any input) finishes the journalled publish and records every file.
    empty = tmp_path / "empty.ndjson"
    empty.write_bytes(b"")
    _ingest(generated, empty, tmp_path, db_url)
    files = _bronze_files(tmp_path / "b")
    assert len(files) == len(SPECS) and _rows(db_url) == files
