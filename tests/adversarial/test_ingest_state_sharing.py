"""Issue #10 item 2: two ingesters on one state folder lost 128,189 acknowledged records.

The second process's start-up recovery deleted the first one's staged files, and publishing
took a missing journalled file for one already published. Now every state store holds the
folder's lock for the whole run, and a journalled file that is neither staged nor published
is an error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from lakecontracts.errors import IngestStateError
from lakecontracts.runtime.assemble import STATE_STORES, open_ingestor
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.state_lock import LOCK_FILE
from tests.runtime.conftest import build_generated
from tests.runtime.helpers import ndjson_lines

_WAIT_SECONDS = 120  # a bound on waiting for the first process, not a timing assertion


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def index(generated: Path) -> ManifestIndex:
    return load_index(generated)


@pytest.fixture(params=sorted(STATE_STORES))
def store(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _lines(index: ManifestIndex, count: int, seed: int) -> list[bytes]:
    route = pick_route(index, "booking.leg_created")
    return [s.line for s in samples(index, route, count, seed=seed)]


def _ingest(generated: Path, root: Path, store: str, *inputs: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "lakecontracts",
        "ingest",
        *inputs,
        "--bronze",
        str(root / "b"),
        "--quarantine",
        str(root / "q"),
        "--state-store",
        store,
        "--generated",
        str(generated),
        "--no-native",
        "--format",
        "json",
    ]


def _wait_for_lock(lock: Path, pid: int, first: subprocess.Popen[bytes]) -> None:
    """Until the first process wrote its pid into the lock file (it holds the lock then)."""
    import time

    deadline = time.monotonic() + _WAIT_SECONDS
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().startswith(f"pid {pid} "):
            return
        assert first.poll() is None, "the first ingester ended before taking the lock"
        time.sleep(0.05)
    pytest.fail("the first ingester never took the state folder's lock")


def test_a_second_process_is_refused_and_nothing_is_lost(
    generated: Path, index: ManifestIndex, tmp_path: Path, store: str
) -> None:
    first_lines, second_lines = _lines(index, 300, 1), _lines(index, 200, 2)
    second_input = tmp_path / "second.ndjson"
    second_input.write_bytes(b"\n".join(second_lines) + b"\n")
    first = subprocess.Popen(
        _ingest(generated, tmp_path, store, "-"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert first.stdin is not None
    first.stdin.write(b"\n".join(first_lines[:150]) + b"\n")
    first.stdin.flush()
    _wait_for_lock(tmp_path / "b" / "_ingest" / LOCK_FILE, first.pid, first)
    refused = subprocess.run(
        _ingest(generated, tmp_path, store, str(second_input)), capture_output=True, check=False
    )
    assert refused.returncode == 2, refused.stderr.decode()
    message = refused.stderr.decode()
    assert f"in use by another process (pid {first.pid} " in message
    assert "Traceback" not in message
    out, err = first.communicate(b"\n".join(first_lines[150:]) + b"\n")
    assert first.returncode == 0, err.decode()
    assert orjson.loads(out)["outcomes"]["bronze"] == 300
    again = subprocess.run(
        _ingest(generated, tmp_path, store, str(second_input)), capture_output=True, check=False
    )
    assert again.returncode == 0, again.stderr.decode()
    written = [str(r["meta"]["event_id"]) for r in ndjson_lines(tmp_path / "b")]
    expected = {orjson.loads(line)["meta"]["event_id"] for line in first_lines + second_lines}
    assert len(written) == len(expected) == 500 and set(written) == expected


def test_a_journalled_file_deleted_before_publish_is_an_error(
    generated: Path, index: ManifestIndex, tmp_path: Path, store: str
) -> None:
    ingestor = open_ingestor(generated, tmp_path / "b", tmp_path / "q", state_store=store)
    ingestor.ingest(_lines(index, 20, 3), "in")
    writer = ingestor.writer
    staged, _stamps = writer._stage_files(writer.clock())
    writer.state.commit(staged, writer.clock())  # acknowledged: journalled, not yet published
    staged[0].staged.unlink()  # what the second ingester's recovery used to do
    with pytest.raises(IngestStateError, match="neither in the staging folder nor published"):
        writer._publish(staged)
    ingestor.pipeline.state.close()
    assert ndjson_lines(tmp_path / "b") == []
    with pytest.raises(IngestStateError, match="20 acknowledged record"):
        open_ingestor(generated, tmp_path / "b", tmp_path / "q", state_store=store)
