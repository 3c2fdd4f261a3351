"""open_ingestor's state: the chosen store, and never one beside another store's state."""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts.errors import UsageError
from lakecontracts.runtime.assemble import (
    DEFAULT_STATE_STORE,
    STATE_STORES,
    open_ingestor,
    open_state,
)
from lakecontracts.runtime.state_rocks import RocksState


def test_the_default_store_is_rocksdb(generated_dir: Path, tmp_path: Path) -> None:
    ingestor = open_ingestor(generated_dir, tmp_path / "b", tmp_path / "q")
    assert DEFAULT_STATE_STORE == "rocksdb"
    assert isinstance(ingestor.writer.state, RocksState)
    assert ingestor.pipeline.state is ingestor.writer.state
    ingestor.close()
    assert sorted(p.name for p in (tmp_path / "b" / "_ingest").iterdir()) == [
        "staging",
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
