"""JSON Pointers (RFC 6901): escaping order and round trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lakecontracts.localref import follow_local, local_target
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


def test_local_refs_percent_decode_the_fragment_then_read_a_pointer() -> None:
    root = {"definitions": {"a%b": {"type": "string"}, "c/d": {"type": "integer"}}, "x": [1, 2]}
    assert local_target(root, "#") is root
    assert local_target(root, "#/definitions/a%25b") == {"type": "string"}
    assert local_target(root, "#/definitions/c~1d") == {"type": "integer"}
    assert local_target(root, "#/x/1") == 2


def test_anchors_remote_and_dangling_refs_name_nothing() -> None:
    root = {"definitions": {"a": {}}, "x": [1]}
    assert local_target(root, "#name") is None
    assert local_target(root, "other.json#/definitions/a") is None
    assert local_target(root, "#/definitions/missing") is None
    assert local_target(root, "#/x/5") is None
    assert local_target(root, "#/x/-1") is None


def test_follow_local_walks_a_chain_and_names_the_reference_it_stops_at() -> None:
    root = {
        "$defs": {
            "a": {"$ref": "#/$defs/b"},
            "b": {"type": "string"},
            "loop": {"$ref": "#/$defs/loop"},
            "flag": True,
        }
    }
    assert follow_local(root, {"$ref": "#/$defs/a"}) == ({"type": "string"}, None)
    assert follow_local(root, {"type": "integer"}) == ({"type": "integer"}, None)
    assert follow_local(root, {"$ref": "#/$defs/loop"}) == (None, "#/$defs/loop")
    assert follow_local(root, {"$ref": "#/$defs/flag"}) == (None, "#/$defs/flag")
    assert follow_local(root, {"$ref": "https://example.com/s.json"}) == (
        None,
        "https://example.com/s.json",
    )
