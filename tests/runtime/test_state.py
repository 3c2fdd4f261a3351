"""The dedupe state answers exactly: every ID seen within the window, no other, any characters."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.runtime.state import MemoryState, SqliteState

_IDS = st.lists(st.text(max_size=8), max_size=40, unique=True)


@settings(max_examples=60, deadline=None)
@given(old=_IDS, recent=_IDS, staged=_IDS, asked=_IDS)
def test_known_is_exactly_the_ids_seen_within_the_window(
    old: list[str], recent: list[str], staged: list[str], asked: list[str]
) -> None:
    everything = [*old, *recent, *staged]
    question = [*asked, *everything[::2]]
    expected = (set(recent) | set(staged)) & set(question)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = SqliteState(Path(tmp) / "s.sqlite", window_seconds=100)
        answers = []
        for state in (sqlite, MemoryState(window_seconds=100)):
            state.stage_many(old, 1000.0)
            state.commit([], 1000.0)
            state.stage_many(recent, 1150.0)
            state.commit([], 1150.0)
            state.stage_many(staged, 1200.0)  # staged, not committed: still known
            answers.append(state.known(question, 1200.0))
        sqlite.close()
    old_only = set(old) - set(recent) - set(staged)
    assert answers == [expected, expected]
    assert not old_only & answers[0]


def test_ids_sqlite_json_cannot_carry_take_the_parameter_query(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "s.sqlite")
    ids = ["a\x00b", "a", 'q"\\u0000', "\U0001f600"]
    state.stage_many(ids, 10.0)
    state.commit([], 10.0)
    reopened = SqliteState(tmp_path / "s.sqlite")
    assert reopened.known([*ids, "a\x00c", "b"], 11.0) == set(ids)
    assert reopened.known(["a\x00c", "a\x00"], 11.0) == set()
