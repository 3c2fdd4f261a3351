"""open_ingestor's state: the chosen store, and never one beside another store's state."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lakecontracts.errors import UsageError
from lakecontracts.runtime.assemble import (
    DEFAULT_STATE_STORE,
    STATE_STORES,
    open_ingestor,
    open_state,
)
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.records import Outcome, Reason
from lakecontracts.runtime.sample import samples
from lakecontracts.runtime.state_rocks import RocksState


def test_the_default_store_is_rocksdb(generated_dir: Path, tmp_path: Path) -> None:
    ingestor = open_ingestor(generated_dir, tmp_path / "b", tmp_path / "q")
    assert DEFAULT_STATE_STORE == "rocksdb"
    assert isinstance(ingestor.writer.state, RocksState)
    assert ingestor.pipeline.state is ingestor.writer.state
    ingestor.close()
    assert sorted(p.name for p in (tmp_path / "b" / "_ingest").iterdir()) == [
        "staging",
        "state.lock",
        "state.rocksdb",
    ]


@pytest.mark.parametrize(("kept", "chosen"), [("sqlite", "rocksdb"), ("rocksdb", "sqlite")])
def test_a_folder_holding_another_stores_state_is_refused(
    tmp_path: Path, kept: str, chosen: str
) -> None:
    state = open_state(tmp_path, kept, 100)
    state.stage("a", 10.0)
    state.commit([], 10.0)
    state.close()
    with pytest.raises(UsageError, match=f"holds {kept} state") as refused:
        open_state(tmp_path, chosen, 100)
    assert f"--state-store {kept}" in refused.value.hint
    assert not (tmp_path / STATE_STORES[chosen][0]).exists()  # nothing created beside it
    again = open_state(tmp_path, kept, 100)
    assert again.known(["a"], 11.0) == {"a"}
    again.close()


def test_an_unknown_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown state store 'lmdb'") as refused:
        open_state(tmp_path, "lmdb", 100)
    assert "rocksdb, sqlite" in refused.value.hint


def test_an_index_passed_in_is_the_one_used(
    generated_dir: Path, index: ManifestIndex, tmp_path: Path
) -> None:
    """``index=``: routes loaded (or changed) by the caller, here one refusing everything."""
    key = ("booking.leg_created", 2)
    route = dataclasses.replace(index.routes[key], is_valid=lambda instance: False, fast=None)
    refusing = dataclasses.replace(index, routes={**index.routes, key: route})
    line = samples(index, index.routes[key], 1, seed=1)[0].line
    ingestor = open_ingestor(generated_dir, tmp_path / "b", tmp_path / "q", index=refusing)
    (result,) = ingestor.ingest([line], "test")
    ingestor.close()
    assert result.outcome is Outcome.QUARANTINE and result.reason is Reason.SCHEMA_VIOLATION
