"""Ingest drops late events of tombstoned subjects, counted, so a replay cannot bring one back."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.runtime.signatures import Verifier
from tests.conftest import REPO_ROOT
from tests.dsar.lake import ANA, BOB, build
from tests.stitch.lake import SECRET


def _events(path: Path) -> Path:
    """Six valid envelopes: two of Ana's user_id, one of her anon_id, three of Bob's."""
    result = CliRunner().invoke(
        cli,
        ["--registry", str(REPO_ROOT / "contracts"), "sample", "booking.leg_created", "-n", "6",
         "--seed", "3"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    contexts = [
        {"user_id": ANA["user"]}, {"user_id": ANA["user"], "anon_id": BOB["anon"]},
        {"anon_id": ANA["anon"]}, {"user_id": BOB["user"]}, {"anon_id": BOB["anon"]},
        {"session_id": BOB["session"]},
    ]  # fmt: skip
    lines = []
    for line, context in zip(result.stdout.splitlines(), contexts, strict=True):
        envelope = json.loads(line)
        envelope["context"] = context
        envelope["meta"]["signature"] = Verifier().sign(envelope)
        lines.append(json.dumps(envelope))
    path.write_text("\n".join(lines) + "\n")
    return path


def _ingest(root: Path, events: Path, env: dict[str, str]) -> dict[str, int]:
    result = CliRunner().invoke(
        cli,
        ["--registry", str(REPO_ROOT / "contracts"), "ingest", str(events), "--bronze",
         str(root / "bronze"), "--quarantine", str(root / "quarantine"), "--db", "off",
         "--format", "json", "--no-native"],
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    outcomes: dict[str, int] = orjson.loads(result.stdout)["outcomes"]
    return outcomes


def _bronze_user_ids(root: Path) -> list[object]:
    return [
        orjson.loads(line)["context"].get("user_id")
        for path in sorted((root / "bronze").glob("event=booking.leg_created/**/*.ndjson"))
        for line in path.read_bytes().splitlines()
    ]


def test_a_replay_cannot_bring_a_tombstoned_subject_back(tmp_path: Path) -> None:
    lake = build(tmp_path)
    lake.request("user_id", ANA["user"])
    events = _events(tmp_path / "late.ndjson")
    env = {"CONTRACTS_STITCH_KEY_V1": SECRET}
    first = _ingest(tmp_path, events, env)
    assert first == {"bronze": 3, "quarantine": 0, "duplicate": 0, "tombstoned": 3}
    assert ANA["user"] not in _bronze_user_ids(tmp_path)
    again = _ingest(tmp_path, events, env)
    assert again == {"bronze": 0, "quarantine": 0, "duplicate": 3, "tombstoned": 3}
    assert ANA["user"] not in _bronze_user_ids(tmp_path)


def test_an_exclusion_list_without_its_key_is_an_error(tmp_path: Path) -> None:
    lake = build(tmp_path)
    lake.request("user_id", ANA["user"])
    result = CliRunner().invoke(
        cli,
        ["--registry", str(REPO_ROOT / "contracts"), "ingest", str(_events(tmp_path / "e")),
         "--bronze", str(tmp_path / "bronze"), "--quarantine", str(tmp_path / "q"), "--db", "off"],
        env={"CONTRACTS_STITCH_KEY_V1": ""},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "CONTRACTS_STITCH_KEY_V1" in result.stderr and "Traceback" not in result.stderr
