"""`contracts sample --users N` gives the stitch a real graph: logins merge, shared devices
trip the over-merge guard; through sample, ingest and stitch as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.conftest import EXAMPLE_REGISTRY
from tests.stitch.lake import SECRET


def _run(*args: str) -> bytes:
    result = CliRunner().invoke(
        cli, ["--registry", str(EXAMPLE_REGISTRY), *args], env={"CONTRACTS_STITCH_KEY_V1": SECRET}
    )
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.slow
def test_a_sampled_population_stitches_into_people(tmp_path: Path) -> None:
    events = tmp_path / "events.ndjson"
    events.write_bytes(
        _run("sample", "identity.user_logged_in", "-n", "1500", "--users", "120", "--seed", "5")
    )
    again = _run("sample", "identity.user_logged_in", "-n", "1500", "--users", "120", "--seed", "5")
    assert again == events.read_bytes()  # the seed reproduces the population
    bronze, out = tmp_path / "bronze", tmp_path / "identity"
    _run("ingest", str(events), "--bronze", str(bronze), "--quarantine", str(tmp_path / "q"))
    summary = json.loads(
        _run("stitch", "--bronze", str(bronze), "--out", str(out), "--format", "json")
    )
    assert summary["events"] == 1500
    assert summary["components"] < summary["nodes"] / 2  # identifiers do come together
    assert summary["largest"] >= 4  # a person: user_id, anon_ids, sessions
    assert summary["quarantined"] >= 1  # a shared device joined two accounts and was cut
