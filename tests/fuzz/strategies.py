"""Input generators shared by the fuzz targets: JSON values, byte splices, text mutations."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

#: Values parsers and validators treat specially: bounds of doubles and ints, odd strings.
EDGE_NUMBERS = st.sampled_from(
    [0, -0.0, 1, -1, 1.0, 1e2, 2**53, 2**53 + 1, 2**63, -(2**63) - 1, 2**64, 1e308, 5e-324, 0.5]
)
EDGE_STRINGS = st.sampled_from(
    ["", "\x00", "\ud7ff", "\ufeff", "a" * 300, '"""', "\\", "\n", "{{ x }}", "²", "-1", "1e999"]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    EDGE_NUMBERS,
    st.text(max_size=20),
    EDGE_STRINGS,
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@st.composite
def spliced(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with a slice replaced by random bytes or by a piece of another value."""
    if not base:
        return draw(st.binary(max_size=64))
    start = draw(st.integers(0, len(base)))
    end = draw(st.integers(start, min(len(base), start + 16)))
    piece = draw(
        st.one_of(
            st.binary(max_size=16),
            JSON_VALUES.map(lambda v: json_text(v).encode("utf-8", "surrogatepass")),
            st.sampled_from([b"\x00", b"\xff", b"\xed\xa0\x80", b'"', b"{", b"]", b"\\u", b"\n"]),
        )
    )
    return base[:start] + piece + base[end:]


def set_at(value: Any, path: list[int], new: Any) -> Any:
    """A copy of ``value`` with the node chosen by ``path`` (indices into keys/items) replaced."""
    if not path or not isinstance(value, dict | list) or not value:
        return new
    step, rest = path[0], path[1:]
    if isinstance(value, dict):
        key = list(value)[step % len(value)]
        return {**value, key: set_at(value[key], rest, new)}
    index = step % len(value)
    return [*value[:index], set_at(value[index], rest, new), *value[index + 1 :]]


@st.composite
def mutated_json(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with one node replaced by a random JSON value (or deleted, for object keys)."""
    path = draw(st.lists(st.integers(0, 50), max_size=6))
    return set_at(base, path, draw(JSON_VALUES))
