"""The dedupe state answers exactly: every ID seen within the window, no other, any characters."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.runtime.assemble import STATE_STORES
from lakecontracts.runtime.state import MemoryState, SqliteState, StagedFile
from tests.runtime.helpers import open_store

_IDS = st.lists(st.text(max_size=8), max_size=40, unique=True)


@pytest.mark.parametrize("store", sorted(STATE_STORES))
@settings(max_examples=60, deadline=None)
@given(old=_IDS, recent=_IDS, staged=_IDS, asked=_IDS)
def test_known_is_exactly_the_ids_seen_within_the_window(
    store: str, old: list[str], recent: list[str], staged: list[str], asked: list[str]
) -> None:
    everything = [*old, *recent, *staged]
    question = [*asked, *everything[::2]]
    expected = (set(recent) | set(staged)) & set(question)
    with tempfile.TemporaryDirectory() as tmp:
        durable = open_store(store, Path(tmp), window_seconds=100)
        answers = []
        for state in (durable, MemoryState(window_seconds=100)):
            state.stage_many(old, 1000.0)
            state.commit([], 1000.0)
            state.stage_many(recent, 1150.0)
            state.commit([], 1150.0)
            state.stage_many(staged, 1200.0)  # staged, not committed: still known
            answers.append(state.known(question, 1200.0))
        durable.close()
    old_only = set(old) - set(recent) - set(staged)
    assert answers == [expected, expected]
    assert not old_only & answers[0]


def test_ids_with_any_characters_are_found_after_reopening(
    tmp_path: Path, state_store: str
) -> None:
    # SQLite: json_each cannot carry these, so they take the parameter query.
    state = open_store(state_store, tmp_path)
    ids = ["a\x00b", "a", 'q"\\u0000', "\U0001f600", "\u2028", "line\nbreak"]
    state.stage_many(ids, 10.0)
    state.commit([], 10.0)
    state.stage("uncommitted", 10.0)  # staged when the process ended: never durable
    state.close()
    reopened = open_store(state_store, tmp_path)
    assert reopened.known([*ids, "a\x00c", "b", "uncommitted"], 11.0) == set(ids)
    assert reopened.known(["a\x00c", "a\x00"], 11.0) == set()
    reopened.close()


def test_an_id_staged_again_counts_from_its_latest_time(tmp_path: Path, state_store: str) -> None:
    state = open_store(state_store, tmp_path, window_seconds=100)
    state.stage_many(["a", "b"], 1000.0)
    state.commit([], 1000.0)
    staged = StagedFile("bronze", "event=x/part-1.ndjson", tmp_path / "part-1.ndjson", 2)
    state.stage_many(["b", "c"], 1050.0)  # "b" staged again while still in the window
    state.commit([staged], 1050.0)
    assert state.pending_files() == [staged]
    assert state.known(["a", "b", "c"], 1100.0) == {"a", "b", "c"}  # the horizon is inside
    assert state.known(["a", "b", "c"], 1120.0) == {"b", "c"}
    state.stage_many(["c"], 1160.0)  # in the next generation of a RocksDB state
    state.commit([], 1160.0)
    assert state.known(["a", "b", "c"], 1155.0) == {"c"}
    assert state.known(["a", "b", "c"], 1260.0) == {"c"}
    assert state.known(["a", "b", "c"], 1260.5) == set()
    state.close()


def test_the_window_follows_now_in_both_directions(tmp_path: Path, state_store: str) -> None:
    state = open_store(state_store, tmp_path, window_seconds=100)
    state.stage_many(["old"], 999.5)
    state.stage_many(["edge"], 1000.0)
    state.commit([], 1000.0)
    state.stage_many(["later"], 1350.0)  # seen after "now" below: a clock that stepped back
    state.stage_many(["stale"], 990.0)  # staged longer ago than the window: never known
    state.commit([], 1100.0)
    assert state.known(["old", "edge", "later", "stale"], 1100.0) == {"edge", "later"}
    assert state.known(["old", "stale"], 1000.0) == set()  # expired at the commit: gone
    assert state.known(["old", "edge", "later", "stale"], 1100.5) == {"later"}
    state.stage_many(["new"], 1200.0)
    state.commit([], 1200.0)
    assert state.known(["old", "edge", "later", "stale", "new"], 1200.0) == {"later", "new"}
    state.close()


def test_the_journal_lists_committed_files_by_staged_path_until_published(
    tmp_path: Path, state_store: str
) -> None:
    state = open_store(state_store, tmp_path)
    files = [
        StagedFile("bronze", f"event=x/part-{name}.ndjson", tmp_path / f"{name}.ndjson", n)
        for n, name in enumerate(["b", "a", "a-1", "\u00e9", "Z"])
    ]
    state.commit(files[:3], 10.0)
    state.commit([], 11.0)
    state.commit(files[3:], 12.0)
    state.close()
    reopened = open_store(state_store, tmp_path)
    assert reopened.pending_files() == sorted(files, key=lambda f: str(f.staged).encode())
    reopened.published([files[0], files[3]])
    reopened.close()
    again = open_store(state_store, tmp_path)
    assert again.pending_files() == sorted(
        [files[1], files[2], files[4]], key=lambda f: str(f.staged).encode()
    )
    again.close()


def _inserts(state: SqliteState, run: Callable[[], object]) -> list[str]:
    """The statements writing to ``seen`` while ``run`` runs, as SQLite executed them."""
    statements: list[str] = []
    state._db.set_trace_callback(statements.append)
    try:
        run()
    finally:
        state._db.set_trace_callback(None)
    return [s.split(" SELECT ")[0].split(" VALUES ")[0] for s in statements if "INTO seen" in s]


def _stored(path: Path) -> dict[str, float]:
    """Every row of the seen table, read through a separate connection."""
    with closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT event_id, seen_at FROM seen"))


_LISTED = "INSERT OR ROLLBACK INTO seen (event_id, seen_at)"
_EACH = "INSERT OR REPLACE INTO seen (event_id, seen_at)"


def test_a_batch_goes_in_as_one_json_statement_and_is_found_after_reopening(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sqlite"
    state = SqliteState(path)
    bits = random.Random(1).getrandbits
    ids = [str(uuid.UUID(int=bits(128))) for _ in range(2000)]
    ids += ['q"\\', "line\nbreak", "\U0001f600", "\u2028"]  # escaped in JSON, read back exactly
    first, second = 1_767_225_600 + 1 / 3, 1_767_225_600 + 2 / 7  # 17 significant digits
    state.stage_many(ids[:1000], first)
    state.stage_many(ids[1000:], second)
    assert _inserts(state, lambda: state.commit([], 1_767_225_601.0)) == [_LISTED]
    state.close()
    assert _stored(path) == {
        **dict.fromkeys(ids[:1000], first),
        **dict.fromkeys(ids[1000:], second),
    }
    reopened = SqliteState(path)
    assert reopened.known([*ids, "not-seen"], 1_767_225_602.0) == set(ids)
    reopened.close()


def test_ids_json_cannot_carry_go_in_row_by_row_and_are_found(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    state = SqliteState(path)
    ids = ["a\x00b", "a", "c"]  # json_each would end "a\x00b" at the NUL
    state.stage_many(ids, 10.0)
    assert _inserts(state, lambda: state.commit([], 10.0)) == [_EACH] * 3
    state.close()
    assert _stored(path) == dict.fromkeys(ids, 10.0)
    reopened = SqliteState(path)
    assert reopened.known([*ids, "a\x00c", "a\x00"], 11.0) == set(ids)
    reopened.close()


def test_an_id_still_stored_is_replaced_and_its_files_journalled_once(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    state = SqliteState(path, window_seconds=100)
    state.stage_many(["a", "b"], 1000.0)
    state.commit([], 1000.0)
    staged = StagedFile("bronze", "event=x/part-1.ndjson", tmp_path / "part-1.ndjson", 2)
    state.stage_many(["b", "c"], 1050.0)  # "b" staged again while still in the window
    statements = _inserts(state, lambda: state.commit([staged], 1050.0))
    assert statements == [_LISTED, _EACH, _EACH]  # the one statement rolled back, redone by rows
    assert _stored(path) == {"a": 1000.0, "b": 1050.0, "c": 1050.0}
    assert state.pending_files() == [staged]
    assert state.known(["a", "b", "c"], 1120.0) == {"b", "c"}
    state.close()


def test_commit_deletes_expired_ids_and_keeps_those_within_the_window(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    state = SqliteState(path, window_seconds=100)
    state.stage_many(["old"], 999.5)
    state.stage_many(["edge"], 1000.0)
    state.commit([], 1000.0)
    state.stage_many(["new"], 1100.0)
    state.stage_many(["stale"], 990.0)  # staged longer ago than the window: gone at once
    state.commit([], 1100.0)
    assert _stored(path) == {"edge": 1000.0, "new": 1100.0}  # the horizon itself is inside
    state.stage_many(["newer"], 1100.5)
    state.commit([], 1100.5)
    assert _stored(path) == {"new": 1100.0, "newer": 1100.5}
    assert state.known(["old", "edge", "new", "newer", "stale"], 1000.0) == {"new", "newer"}
    state.close()
