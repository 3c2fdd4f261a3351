"""RocksState: generations expire whole, one process per state, any ID and any staged path.

What every store must do is tested once for all of them in test_state.py; these tests cover
what only the RocksDB layout has.
"""

from __future__ import annotations

import math
import os
import struct
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from rocksdict import Options, Rdict

from lakecontracts.errors import IngestStateError, UsageError
from lakecontracts.runtime.state import SqliteState, StagedFile
from lakecontracts.runtime.state_rocks import GENERATION_PREFIX, RocksState


def _families(path: Path) -> set[str]:
    return set(Rdict.list_cf(str(path), Options(raw_mode=True)))


def _raw(value: object) -> bytes:
    """A key or value of a raw-mode RocksDB handle: always bytes."""
    assert isinstance(value, bytes), value
    return value


def _stored(path: Path) -> dict[str, dict[str, float]]:
    """Every generation's IDs and times, read by a separate handle (the state must be closed)."""
    db = Rdict(str(path), Options(raw_mode=True))
    stored = {}
    for name in sorted(_families(path)):
        if name.startswith(GENERATION_PREFIX):
            family = db.get_column_family(name)
            stored[name] = {
                _raw(key).decode("utf-8", "surrogatepass"): struct.unpack("<d", _raw(value))[0]
                for key, value in family.items()
            }
            del family
    db.close()
    return stored


def test_generations_roll_over_and_older_ones_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "s.rocksdb"
    state = RocksState(path, window_seconds=100)
    state.stage("a", 1050.0)
    state.commit([], 1050.0)
    state.stage("b", 1150.0)
    state.commit([], 1150.0)
    assert _families(path) == {"default", "journal", "seen-10", "seen-11"}
    assert state.known(["a", "b"], 1149.0) == {"a", "b"}  # "a" from generation g-1, in the window
    assert state.known(["a", "b"], 1151.0) == {"b"}  # its generation is kept, "a" is too old
    state.stage("c", 1250.0)
    state.commit([], 1250.0)
    assert _families(path) == {"default", "journal", "seen-11", "seen-12"}  # seen-10 dropped
    assert state.known(["a"], 1100.0) == set()  # gone with its generation, as SQLite deletes it
    state.close()
    assert _stored(path) == {"seen-11": {"b": 1150.0}, "seen-12": {"c": 1250.0}}


def test_ids_already_older_than_the_window_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "s.rocksdb"
    state = RocksState(path, window_seconds=100)
    state.stage_many(["stale"], 990.0)
    state.stage_many(["fresh"], 1100.0 + 1 / 3)
    state.commit([], 1200.0)
    state.close()
    assert _stored(path) == {"seen-11": {"fresh": 1100.0 + 1 / 3}}  # no seen-9 created


def test_after_the_clock_steps_back_an_expired_id_may_outlive_sqlites(tmp_path: Path) -> None:
    rocks = RocksState(tmp_path / "r" / "s.rocksdb", window_seconds=100)
    sqlite = SqliteState(tmp_path / "q" / "s.sqlite", window_seconds=100)
    for state in (rocks, sqlite):
        state.stage("x", 1000.0)
        state.commit([], 1150.0)  # SQLite deletes "x"; its generation 10 is still live
    assert sqlite.known(["x"], 1050.0) == set()
    assert rocks.known(["x"], 1050.0) == {"x"}  # remembered longer, never forgotten sooner
    assert rocks.known(["x"], 1150.0) == sqlite.known(["x"], 1150.0) == set()
    rocks.close()
    sqlite.close()


def test_any_string_is_an_id_and_none_collide(tmp_path: Path) -> None:
    path = tmp_path / "s.rocksdb"
    state = RocksState(path)
    ids = ["\ud800", "a\udfff", "\ud83d\ude00"]  # lone surrogates: no UTF-8 form
    state.stage_many(ids, 10.0)
    state.commit([], 10.0)
    state.close()
    reopened = RocksState(path)
    others = ["\udfff", "a", "\U0001f600", "a?", "\ufffd"]  # what lossy encodings would give
    assert reopened.known([*ids, *others], 11.0) == set(ids)
    reopened.close()


def test_the_journal_keeps_staged_paths_exactly(tmp_path: Path) -> None:
    path = tmp_path / "s.rocksdb"
    odd = Path(os.fsdecode(bytes(tmp_path / "odd-") + b"\xff.ndjson"))  # not UTF-8
    files = [StagedFile("quarantine", "reason=x/part-1.ndjson", odd, 7)]
    state = RocksState(path)
    state.commit(files, 10.0)
    state.close()
    reopened = RocksState(path)
    assert reopened.pending_files() == files
    reopened.published(files)
    assert reopened.pending_files() == []
    reopened.close()


def test_a_second_open_is_refused_until_the_first_closes(tmp_path: Path) -> None:
    path = tmp_path / "s.rocksdb"
    state = RocksState(path)
    state.stage("a", 10.0)
    state.commit([], 10.0)  # a generation family is open too
    with pytest.raises(IngestStateError) as refused:
        RocksState(path)
    assert refused.value.location is not None and refused.value.location.file == str(tmp_path)
    assert f"in use by another process (pid {os.getpid()} " in refused.value.message
    assert "--state" in refused.value.hint
    state.close()
    reopened = RocksState(path)  # closing released every family and the lock
    assert reopened.known(["a"], 11.0) == {"a"}
    reopened.close()


_HOLD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from lakecontracts.runtime.state_rocks import RocksState

    state = RocksState(Path(sys.argv[1]))
    print("open", flush=True)
    sys.stdin.read()
    state.close()
    """
)


def test_a_state_another_process_holds_is_refused_with_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "s.rocksdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with pytest.raises(IngestStateError) as refused:
            RocksState(path)
        assert f"in use by another process (pid {holder.pid} " in refused.value.message
    finally:
        holder.communicate("")
    assert holder.returncode == 0
    RocksState(path).close()  # free again once the holder ended


def _garbage_current(path: Path) -> None:
    RocksState(path).close()
    (path / "CURRENT").write_text("MANIFEST-999999\n")


def _a_file(path: Path) -> None:
    path.write_bytes(b"not a database")


@pytest.mark.parametrize("damage", [_garbage_current, _a_file])
def test_an_unreadable_state_is_a_typed_error_naming_the_folder(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    path = tmp_path / "s.rocksdb"
    damage(path)
    with pytest.raises(IngestStateError, match="cannot be opened") as refused:
        RocksState(path)
    assert refused.value.location is not None and refused.value.location.file == str(path)
    assert refused.value.hint


def test_a_corrupt_state_says_so(tmp_path: Path) -> None:
    path = tmp_path / "s.rocksdb"
    RocksState(path).close()
    (path / "CURRENT").write_text("garbage\n")
    with pytest.raises(IngestStateError, match="corrupt") as refused:
        RocksState(path)
    assert "backup" in refused.value.hint


@pytest.mark.parametrize("window", [0.0, -1.0, math.inf, math.nan])
def test_a_window_that_cannot_make_generations_is_refused(tmp_path: Path, window: float) -> None:
    with pytest.raises(UsageError, match="generations"):
        RocksState(tmp_path / "s.rocksdb", window)
