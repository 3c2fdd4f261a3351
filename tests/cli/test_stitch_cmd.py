"""`contracts stitch` and `contracts stitch explain` through the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lakecontracts.cli.main import cli
from tests.conftest import EXAMPLE_REGISTRY
from tests.stitch.lake import SECRET, Lake, identity, seen


def _stitch(*args: str, key: str | None = SECRET) -> Result:
    env = {"CONTRACTS_STITCH_KEY_V1": key} if key else {"CONTRACTS_STITCH_KEY_V1": ""}
    return CliRunner().invoke(cli, ["--registry", str(EXAMPLE_REGISTRY), "stitch", *args], env=env)


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    lake = Lake(tmp_path)
    lake.load(seen(0, anon="aaa111", session="sss111"), seen(1, anon="aaa111", user="uuu111"))
    return lake


def test_stitch_prints_a_summary_and_explain_tells_the_story(lake: Lake) -> None:
    result = _stitch("--bronze", str(lake.bronze), "--out", str(lake.out), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["nodes"], summary["components"], summary["largest"]) == (3, 1, 3)
    ident = identity(lake.out, "user_id", "uuu111")
    assert ident is not None
    explained = _stitch("explain", ident, "--out", str(lake.out))
    assert explained.exit_code == 0, explained.output
    text = explained.stdout
    assert f"identity {ident}: 3 node(s) now" in text
    assert "anon_id~user_id" in text or "user_id~anon_id" in text


def test_a_missing_key_is_a_usage_error_without_traceback(lake: Lake) -> None:
    result = _stitch("--bronze", str(lake.bronze), "--out", str(lake.out), key=None)
    assert result.exit_code == 2
    assert "CONTRACTS_STITCH_KEY_V1 is not set" in result.output
    assert "Traceback" not in result.output
    assert not lake.out.exists()


def test_explain_of_an_unknown_identity_is_a_clear_error(lake: Lake) -> None:
    assert _stitch("--bronze", str(lake.bronze), "--out", str(lake.out)).exit_code == 0
    result = _stitch("explain", "i-nope", "--out", str(lake.out))
    assert result.exit_code == 2
    assert "no identity 'i-nope'" in result.output


def test_missing_bronze_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = _stitch("--bronze", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_the_key_is_in_no_output_file_log_or_error(lake: Lake, tmp_path: Path) -> None:
    from tests.stitch.lake import everything_written

    runs = [_stitch("--bronze", str(lake.bronze), "--out", str(lake.out))]
    ident = identity(lake.out, "user_id", "uuu111")
    assert ident is not None
    runs.append(_stitch("explain", ident, "--out", str(lake.out)))
    runs.append(_stitch("--bronze", str(tmp_path / "missing"), "--out", str(lake.out)))
    short = CliRunner().invoke(
        cli,
        ["--registry", str(EXAMPLE_REGISTRY), "stitch", "--bronze", str(lake.bronze), "--out",
         str(tmp_path / "other")],
        env={"CONTRACTS_STITCH_KEY_V1": "tooshort-secret"},
    )  # fmt: skip
    assert short.exit_code == 2 and "tooshort-secret" not in short.output
    for result in runs:
        assert SECRET not in result.output
    assert SECRET.encode() not in everything_written(lake.out)


def test_a_stitch_run_is_recorded_in_the_operational_database(lake: Lake, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "ops.sqlite"
    result = _stitch(
        "--bronze", str(lake.bronze), "--out", str(lake.out), "--db", f"sqlite:///{db}"
    )
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT job_name, status FROM analytics_job_run WHERE job_name = 'stitch'"
        ).fetchall()
    assert len(rows) == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_lines_in_a_log(lake: Lake) -> None:
    from lakecontracts.cli.stitch_cmd import stage_progress
    from lakecontracts.stitch.run import STAGES

    log = io.StringIO()
    with stage_progress(log, bar=False) as progress:
        lake.stitch(progress=progress)
    lines = log.getvalue().splitlines()
    assert len(lines) == STAGES  # one line per stage: the bar's length is right
    assert lines[0] == "stitch: reading 1 new bronze file(s)"
    assert lines[-1] == "stitch: publishing"
    terminal = _Terminal()
    lake.load(seen(2, anon="bbb222", user="uuu222"), dt="2025-03-02")
    with stage_progress(terminal, bar=True) as progress:
        lake.stitch(progress=progress)
    drawn = terminal.getvalue()
    assert "stitch: " not in drawn and "[" in drawn and "publishing" in drawn
    assert "100%  done" in drawn  # the last frame: full, the stages over
