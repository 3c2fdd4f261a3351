"""contracts sample / ingest from the command line."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.runtime.conftest import build_generated


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("gen"))


def _run(*args: str, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout_bytes, result.stderr


def test_sample_is_deterministic_with_a_seed(generated: Path) -> None:
    args = (
        "sample",
        "booking.leg_created@2",
        "-n",
        "5",
        "--seed",
        "3",
        "--generated",
        str(generated),
    )
    code, first, _ = _run(*args)
    assert code == 0
    assert _run(*args)[1] == first
    lines = first.splitlines()
    assert len(lines) == 5 and all(orjson.loads(line)["meta"]["v"] == 2 for line in lines)
    assert (
        _run(
            "sample",
            "booking.leg_created@2",
            "-n",
            "5",
            "--seed",
            "4",
            "--generated",
            str(generated),
        )[1]
        != first
    )


def test_sample_names_an_unknown_event(generated: Path) -> None:
    code, _, err = _run("sample", "nope.event", "--generated", str(generated))
    assert code == 2 and "nope.event is not in the manifest" in err


def test_ingest_names_a_missing_input_file(generated: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.ndjson"
    code, _, err = _run(
        "ingest",
        str(missing),
        "--bronze",
        str(tmp_path / "b"),
        "--quarantine",
        str(tmp_path / "q"),
        "--db",
        "off",
        "--generated",
        str(generated),
    )
    assert code == 2, err
    assert f"{missing}: cannot read: No such file or directory" in err
    assert "Traceback" not in err


def test_ingest_counts_outcomes_and_reasons(generated: Path, tmp_path: Path) -> None:
    valid = _run(
        "sample", "booking.leg_created", "-n", "30", "--seed", "1", "--generated", str(generated)
    )[1]
    broken = _run(
        "sample",
        "booking.leg_created",
        "-n",
        "10",
        "--invalid",
        "--seed",
        "2",
        "--generated",
        str(generated),
    )[1]
    (tmp_path / "v.ndjson").write_bytes(valid)
    (tmp_path / "x.ndjson").write_bytes(broken)
    common = [
        "--bronze",
        str(tmp_path / "b"),
        "--quarantine",
        str(tmp_path / "q"),
        "--generated",
        str(generated),
    ]
    code, out, err = _run(
        "ingest",
        str(tmp_path / "v.ndjson"),
        str(tmp_path / "x.ndjson"),
        "-",
        *common,
        "--format",
        "json",
        stdin=valid,
    )
    assert code == 0, err
    summary = orjson.loads(out)
    assert summary["outcomes"] == {"bronze": 30, "quarantine": 10, "duplicate": 30, "tombstoned": 0}
    assert summary["reasons"]["schema_violation"] == 3 and summary["reasons"]["invalid_json"] == 2
    assert summary["alert_level"] == "critical"
    assert "ingesting" not in err  # no progress bar when stderr is not a terminal
    assert summary["validators"] == {"native": 0, "python": 18}  # nothing compiled here
    code, text, _ = _run("ingest", str(tmp_path / "v.ndjson"), *common)
    assert code == 0
    assert "duplicate" in text.decode() and "schema failure rate  0.00% (ok)" in text.decode()
    assert "0 compiled, 18 Python" in text.decode() and "compile-validators" in text.decode()


def test_ingest_shows_a_progress_bar_on_a_terminal(generated: Path, tmp_path: Path) -> None:
    """stderr on a pseudo-terminal (as in a person's shell): the bar is drawn there."""
    valid = _run(
        "sample", "booking.leg_created", "-n", "5", "--seed", "1", "--generated", str(generated)
    )[1]
    (tmp_path / "v.ndjson").write_bytes(valid)
    command = [sys.executable, "-c", "from lakecontracts.cli.main import main; main()"]
    command += ["ingest", str(tmp_path / "v.ndjson")]
    command += ["--bronze", str(tmp_path / "b"), "--quarantine", str(tmp_path / "q")]
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*command, "--generated", str(generated)],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=False,
        )
        os.close(follower)
        drawn = _read_all(leader)
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"ingesting" in drawn and b"100%" in drawn
    assert b"ingesting" not in done.stdout  # the summary alone on stdout


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the terminal's other end is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
