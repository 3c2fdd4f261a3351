"""Enum/const comparison by hashing agrees with jsonschema's equality and with the
reference validator, value by value."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema._utils import equal

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.finite import reader_rejects, value_key, writer_values
from lakecontracts.compat.root import SchemaRoot
from lakecontracts.reporting.vocabulary import Verdict

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 1.0, -1.0, 2.5]),
    st.sampled_from(["", "a", "1", "true"]),
)
JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("ab"), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(JSON, JSON)
def test_value_keys_are_equal_exactly_when_jsonschema_says_equal(a: Any, b: Any) -> None:
    assert (value_key(a) == value_key(b)) == equal(a, b)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(JSON, min_size=1, max_size=6),
    st.lists(JSON, min_size=1, max_size=6),
    st.sampled_from([{}, {"type": "integer"}, {"type": ["string", "null"]}, {"minLength": 1}]),
)
def test_hashed_membership_matches_the_reference_validator(
    writer_enum: list[Any], reader_enum: list[Any], rest: dict[str, Any]
) -> None:
    writer = SchemaRoot({"enum": writer_enum, **rest}, "old")
    reader = SchemaRoot({"enum": reader_enum}, "new")
    assert isinstance(writer.schema, dict) and isinstance(reader.schema, dict)
    kept = writer_values(writer, writer.schema, writer_enum)
    assert kept == [v for v in writer_enum if writer.sub_accepts(writer.schema, v)]
    bad = reader_rejects(reader, reader.schema, kept, writer.schema)
    assert bad == [v for v in kept if not reader.sub_accepts(reader.schema, v)]


def test_true_is_not_one_and_one_is_one_point_zero() -> None:
    assert compare_schemas({"enum": [True]}, {"enum": [1]}).backward is Verdict.INCOMPATIBLE
    assert compare_schemas({"enum": [1]}, {"enum": [1.0, "x"]}).backward is Verdict.COMPATIBLE
    assert (
        compare_schemas({"const": [1, {"a": False}]}, {"enum": [[1.0, {"a": False}]]}).backward
        is Verdict.COMPATIBLE
    )


def test_the_readers_other_keywords_still_apply_to_enum_values() -> None:
    old = {"enum": ["a", "bbbb"]}
    new = {"enum": ["a", "bbbb"], "maxLength": 2}
    result = compare_schemas(old, new)
    assert result.backward is Verdict.INCOMPATIBLE and result.forward is Verdict.COMPATIBLE
