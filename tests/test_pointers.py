"""JSON Pointers (RFC 6901): escaping order and round trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lakecontracts.pointers import escape, steps, to_pointer, unescape


def test_rfc_6901_examples() -> None:
    assert to_pointer(["a/b", "m~n", 0]) == "/a~1b/m~0n/0"
    assert steps("/a~1b/m~0n/0") == ["a/b", "m~n", "0"]
    assert steps("") == []
    assert steps("/") == [""]


def test_tilde_one_is_read_before_tilde_zero() -> None:
    assert unescape("~01") == "~1"
    assert escape("~1") == "~01"


@given(st.lists(st.text(alphabet="ab~/0 1", max_size=6), max_size=5))
def test_round_trip(path: list[str]) -> None:
    assert steps(to_pointer(path)) == path
