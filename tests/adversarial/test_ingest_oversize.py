"""Issue #10 low: one 300 MB input line took 933 MB of RSS before it was refused as oversize.

Lines over ``--max-record-bytes`` are now cut while reading: the pipeline quarantines the head
as ``oversize`` (with the whole line's size and SHA-256) and the rest is streamed and dropped.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.sample import pick_route, samples
from tests.runtime.conftest import build_generated
from tests.runtime.helpers import ndjson_lines


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def index(generated: Path) -> ManifestIndex:
    return load_index(generated)


def _args(generated: Path, root: Path, source: Path, limit: int) -> list[str]:
    return [
        "ingest",
        str(source),
        "--bronze",
        str(root / "b"),
        "--quarantine",
        str(root / "q"),
        "--generated",
        str(generated),
        "--no-native",
        "--max-record-bytes",
        str(limit),
        "--format",
        "json",
    ]


def _input(index: ManifestIndex, path: Path, long_line: bytes) -> list[bytes]:
    route = pick_route(index, "booking.leg_created")
    valid = [s.line for s in samples(index, route, 2, seed=9)]
    with open(path, "wb") as out:
        out.write(valid[0] + b"\n" + long_line + b"\r\n" + valid[1] + b"\n")
    return valid


def test_an_oversize_line_is_quarantined_by_its_head_and_replays_once(
    generated: Path, index: ManifestIndex, tmp_path: Path
) -> None:
    long_line = b'{"meta":"' + b"x" * 5_000_000 + b'"}'
    source = tmp_path / "in.ndjson"
    _input(index, source, long_line)
    runs = []
    for _ in range(2):
        result = CliRunner().invoke(cli, _args(generated, tmp_path, source, 2000))
        assert result.exit_code == 0, result.output
        runs.append(orjson.loads(result.output)["outcomes"])
    assert runs == [
        {"bronze": 2, "quarantine": 1, "duplicate": 0, "tombstoned": 0},
        {"bronze": 0, "quarantine": 0, "duplicate": 3, "tombstoned": 0},
    ]
    (record,) = ndjson_lines(tmp_path / "q")
    assert record["schema_failure_reason"] == "oversize"
    assert record["source"] == f"{source}:2"
    assert record["raw"] == long_line[:2003].decode()
    assert record["raw_truncated"] is True and record["raw_size"] == len(long_line)
    assert record["raw_sha256"] == hashlib.sha256(long_line).hexdigest()
    assert len(ndjson_lines(tmp_path / "b")) == 2


def _peak_rss_kib(command: list[str]) -> int:
    """The child's peak resident set (Linux: KiB), read from its own rusage."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, child.stderr.read().decode() if child.stderr else ""
    return usage.ru_maxrss


@pytest.mark.slow
def test_reading_a_100_mb_line_keeps_memory_bounded(
    generated: Path, index: ManifestIndex, tmp_path: Path
) -> None:
    base = [sys.executable, "-m", "lakecontracts"]
    small, big = tmp_path / "small.ndjson", tmp_path / "big.ndjson"
    _input(index, small, b"{}")
    _input(index, big, b'{"meta":"' + b"x" * 100_000_000 + b'"}')
    plain = _peak_rss_kib([*base, *_args(generated, tmp_path / "s", small, 1000)])
    oversize = _peak_rss_kib([*base, *_args(generated, tmp_path / "o", big, 1000)])
    assert oversize < plain + 32 * 1024  # the whole line would take 100 MB, twice
