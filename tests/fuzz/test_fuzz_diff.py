"""Fuzz target ``diff``: two JSON Schemas through the compatibility engine.

Invariants: ``compare_schemas`` returns a result or raises a :class:`ContractsError` (a bad
schema); every incompatibility it reports carries a witness the reference validator confirms
(the writer's whole schema accepts it, the reader's rejects it); nothing hangs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.model import Direction
from lakecontracts.errors import ContractsError
from lakecontracts.reporting.vocabulary import Verdict
from tests.compat.reference import accepts
from tests.fuzz.counting import tried
from tests.fuzz.settings import fuzz_settings, seed_files
from tests.fuzz.strategies import JSON_VALUES, SCALARS, mutated_json

TYPES = st.sampled_from(["string", "integer", "number", "boolean", "null", "object", "array"])
PATTERNS = st.sampled_from(["^a", "^[a-z]+$", "b$", "^\\d{2,4}$", "(a|b)*c", "[", "^x_", ".*"])
SCHEMA_DRAFTS = st.sampled_from(
    [
        "http://json-schema.org/draft-07/schema#",
        "http://json-schema.org/draft-04/schema#",
        "https://json-schema.org/draft/2020-12/schema",
    ]
)
NAMES = st.sampled_from(["a", "b", "id", "title", "x_1", ""])


def _schemas(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keyword = st.one_of(
        st.tuples(st.just("type"), TYPES | st.lists(TYPES, min_size=1, max_size=3, unique=True)),
        st.tuples(st.just("enum"), st.lists(SCALARS, min_size=1, max_size=6)),
        st.tuples(st.just("const"), SCALARS),
        st.tuples(st.sampled_from(["minimum", "maximum", "exclusiveMinimum"]), st.integers(-5, 5)),
        st.tuples(
            st.sampled_from(["minLength", "maxLength", "minItems", "maxItems"]), st.integers(0, 5)
        ),
        st.tuples(st.just("multipleOf"), st.sampled_from([1, 2, 0.5, 3])),
        st.tuples(st.just("pattern"), PATTERNS),
        st.tuples(st.just("format"), st.sampled_from(["date-time", "email", "uuid", "date"])),
        st.tuples(st.just("properties"), st.dictionaries(NAMES, inner, max_size=3)),
        st.tuples(st.just("patternProperties"), st.dictionaries(PATTERNS, inner, max_size=2)),
        st.tuples(st.just("required"), st.lists(NAMES, max_size=3, unique=True)),
        st.tuples(st.just("additionalProperties"), st.booleans() | inner),
        st.tuples(st.just("items"), inner | st.lists(inner, max_size=2)),
        st.tuples(
            st.sampled_from(["anyOf", "oneOf", "allOf"]), st.lists(inner, min_size=1, max_size=3)
        ),
        st.tuples(
            st.sampled_from(["not", "if", "then", "else", "contains", "propertyNames"]), inner
        ),
        st.tuples(st.just("uniqueItems"), st.booleans()),
        st.tuples(st.just("$ref"), st.sampled_from(["#", "#/definitions/d", "#/nowhere"])),
        st.tuples(st.just("definitions"), st.dictionaries(st.just("d"), inner, max_size=1)),
        st.tuples(st.sampled_from(["title", "x-pii", "unknownKeyword"]), JSON_VALUES),
        # drafts 2019-09 / 2020-12 and draft-04 spellings
        st.tuples(st.just("prefixItems"), st.lists(inner, max_size=2)),
        st.tuples(
            st.sampled_from(["dependentSchemas", "$defs"]),
            st.dictionaries(NAMES, inner, max_size=2),
        ),
        st.tuples(
            st.just("dependentRequired"), st.dictionaries(NAMES, st.lists(NAMES, max_size=2))
        ),
        st.tuples(
            st.just("dependencies"), st.dictionaries(NAMES, inner | st.lists(NAMES, max_size=2))
        ),
        st.tuples(
            st.sampled_from(["unevaluatedProperties", "unevaluatedItems"]), st.booleans() | inner
        ),
        st.tuples(
            st.sampled_from(["minContains", "maxContains", "minProperties"]), st.integers(0, 3)
        ),
        st.tuples(st.sampled_from(["exclusiveMaximum", "exclusiveMinimum"]), st.booleans()),
        st.tuples(
            st.sampled_from(["maximum", "multipleOf"]), st.sampled_from([2**64, 1e308, 1e-9])
        ),
        st.tuples(
            st.sampled_from(["contentEncoding", "contentMediaType"]),
            st.sampled_from(["base64", "application/json", "x"]),
        ),
        st.tuples(st.sampled_from(["$id", "$anchor"]), st.sampled_from(["#a", "a", "http://x/y"])),
    )
    return st.booleans() | st.lists(keyword, max_size=5).map(dict)


SCHEMAS: st.SearchStrategy[Any] = st.recursive(st.booleans() | st.just({}), _schemas, max_leaves=12)


@st.composite
def schema_pairs(draw: st.DrawFn) -> tuple[Any, Any]:
    old = draw(SCHEMAS)
    if isinstance(old, dict) and draw(st.booleans()):
        old = {"$schema": draw(SCHEMA_DRAFTS), **old}
    new = draw(st.one_of(SCHEMAS, mutated_json(old), st.just(old), JSON_VALUES))
    return old, new


@fuzz_settings("diff", default_examples=40)
@given(schema_pairs())
@example(({"enum": [True]}, {"enum": [1]}))
@example(({"properties": {"title": {"type": "string"}}}, {"properties": {"title": {}}}))
@example(({"$ref": "#"}, {"items": {"$ref": "#"}}))
def test_diff_returns_confirmed_witnesses_or_a_typed_error(pair: tuple[Any, Any]) -> None:
    tried("diff")
    check(*pair)


@pytest.mark.parametrize("seed", seed_files("diff"), ids=lambda p: p.name)
def test_saved_inputs(seed: Path) -> None:
    saved = json.loads(seed.read_text(encoding="utf-8"))
    check(saved["old"], saved["new"])


def check(old: Any, new: Any) -> None:
    try:
        result = compare_schemas(old, new)
    except ContractsError:
        return
    for change in result.changes:
        if change.compatible is Verdict.INCOMPATIBLE:
            writer, reader = (old, new) if change.direction is Direction.BACKWARD else (new, old)
            assert accepts(writer, change.witness), change
            assert not accepts(reader, change.witness), change
