"""--state-store on contracts ingest and collect: the store chosen, and clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.cli.state_store_option import STATE_STORE_CHOICES
from lakecontracts.runtime.assemble import DEFAULT_STATE_STORE, STATE_STORES
from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.state_rocks import RocksState
from tests.runtime.conftest import build_generated


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("gen"))


@pytest.fixture(scope="module")
def events(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = load_index(generated, native=False)
    route = pick_route(index, "booking.leg_created")
    path = tmp_path_factory.mktemp("in") / "events.ndjson"
    path.write_bytes(b"".join(s.line + b"\n" for s in samples(index, route, 20, seed=5)))
    return path


def _ingest(generated: Path, events: Path, root: Path, *extra: str) -> tuple[int, str, str]:
    args = ["ingest", str(events), "--bronze", str(root / "b"), "--quarantine", str(root / "q")]
    common = ["--generated", str(generated), "--format", "json"]
    result = CliRunner().invoke(cli, [*args, *common, *extra])
    return result.exit_code, result.stdout, result.stderr


def test_the_choices_are_the_runtimes_stores() -> None:
    assert tuple(STATE_STORES) == STATE_STORE_CHOICES
    assert STATE_STORE_CHOICES[0] == DEFAULT_STATE_STORE


@pytest.mark.parametrize("store", STATE_STORE_CHOICES)
def test_ingest_keeps_its_state_in_the_chosen_store(
    generated: Path, events: Path, tmp_path: Path, store: str
) -> None:
    for expected in ({"bronze": 20, "duplicate": 0}, {"bronze": 0, "duplicate": 20}):
        code, out, err = _ingest(generated, events, tmp_path, "--state-store", store)
        assert code == 0, err
        outcomes = json.loads(out)["outcomes"]
        assert {k: outcomes[k] for k in expected} == expected
    state_dir = tmp_path / "b" / "_ingest"
    assert {p.name for p in state_dir.glob("state.*")} == {STATE_STORES[store][0], "state.lock"}


def test_ingest_refuses_another_stores_state_with_a_hint(
    generated: Path, events: Path, tmp_path: Path
) -> None:
    assert _ingest(generated, events, tmp_path, "--state-store", "sqlite")[0] == 0
    code, _, err = _ingest(generated, events, tmp_path)
    assert code == 2
    assert "holds sqlite state" in err and "hint:" in err and "--state-store sqlite" in err


def test_ingest_while_another_process_holds_the_state_is_an_error_not_a_traceback(
    generated: Path, events: Path, tmp_path: Path
) -> None:
    holder = RocksState(tmp_path / "b" / "_ingest" / "state.rocksdb")
    try:
        code, _, err = _ingest(generated, events, tmp_path)
    finally:
        holder.close()
    assert code == 2
    assert "error:" in err and "in use by another process (pid" in err and "Traceback" not in err


def test_collect_offers_the_option() -> None:
    result = CliRunner().invoke(cli, ["collect", "--help"])
    assert result.exit_code == 0
    assert "--state-store [rocksdb|sqlite]" in result.stdout


def test_loading_the_cli_does_not_load_rocksdb() -> None:
    code = "import json, sys; import lakecontracts.cli.main; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], text=True)))
    assert "rocksdict" not in loaded and "lakecontracts.runtime.state_rocks" not in loaded
