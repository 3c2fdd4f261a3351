"""Soundness of the compatibility engine on random schema pairs (hypothesis).

For each direction of a random pair drawn from a grammar of the keywords the engine handles:

* verdict True: every candidate instance the writer accepts, the reader accepts too (a
  counterexample is a soundness bug: the engine claimed a proof that does not hold);
* verdict False: at least one change in that direction is a break whose witness the reference
  validator confirms (writer accepts, reader rejects).

Candidates come from the engine's own example generator (many variants, every JSON type) and
from hypothesis, guided loosely by the writer's schema; only those the writer accepts count.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.examples import example
from lakecontracts.compat.model import Direction
from lakecontracts.compat.render import render_diff_json
from lakecontracts.compat.root import SchemaRoot
from lakecontracts.reporting.vocabulary import Verdict
from tests.compat.reference import accepts

NAMES = ("a", "b", "c")
SCALARS = ("integer", "number", "string", "boolean", "null")
JSON_TYPES = ("object", "array", *SCALARS)
SMALL_VALUES = st.sampled_from([0, 1, 2, -1, 5, 0.5, "", "a", "b", "xyz", True, False, None])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-20, 20)
    | st.floats(-20, 20, allow_nan=False)
    | st.text("abcxyz-0", max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*NAMES, "zz"]), inner, max_size=4)
    ),
    max_leaves=8,
)


@st.composite
def numbers(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind}
    bound = st.integers(-5, 10)
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if draw(st.integers(0, 3)) == 0:
            schema[key] = draw(bound)
    if draw(st.integers(0, 4)) == 0:
        schema["multipleOf"] = draw(st.sampled_from([1, 2, 3, 0.5, 0.25]))
    return schema


@st.composite
def strings(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if draw(st.booleans()):
        schema["minLength"] = draw(st.integers(0, 3))
    if draw(st.booleans()):
        schema["maxLength"] = draw(st.integers(0, 5))
    if draw(st.integers(0, 4)) == 0:
        schema["pattern"] = draw(st.sampled_from(["^[a-c]*$", "^x", "b", "^[a-z]+$"]))
    if draw(st.integers(0, 5)) == 0:
        schema["format"] = draw(st.sampled_from(["date", "uuid", "email"]))
    return schema


@st.composite
def leaves(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["integer", "number", "string", "boolean", "null", "enum", "any"]))
    if kind in ("integer", "number"):
        schema: Any = draw(numbers(kind))
    elif kind == "string":
        schema = draw(strings())
    elif kind == "enum":
        values = draw(st.lists(SMALL_VALUES, min_size=1, max_size=4, unique_by=json.dumps))
        schema = (
            {"const": values[0]} if len(values) == 1 and draw(st.booleans()) else {"enum": values}
        )
    elif kind == "any":
        schema = draw(st.sampled_from([True, {}]))
    else:
        schema = {"type": kind}
    nullable = isinstance(schema, dict) and schema.get("type") not in (None, "null")
    if nullable and draw(st.integers(0, 4)) == 0:
        schema["type"] = [schema["type"], "null"]  # nullable
    return schema


def _composite(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    objects = st.builds(
        _object,
        st.dictionaries(st.sampled_from(NAMES), inner, max_size=3),
        st.lists(st.sampled_from(NAMES), max_size=2, unique=True),
        st.sampled_from([True, False, None]),
    )
    arrays = st.builds(
        _array,
        inner,
        st.sampled_from([None, 0, 1, 2]),
        st.sampled_from([None, 1, 3]),
        st.booleans(),
    )
    unions = st.builds(
        lambda key, options: {key: options},
        st.sampled_from(["anyOf", "oneOf"]),
        st.lists(inner, min_size=1, max_size=3),
    )
    nullable = st.builds(lambda s: {"anyOf": [s, {"type": "null"}]}, inner)
    return objects | arrays | unions | nullable


def _object(properties: dict[str, Any], required: list[str], extra: bool | None) -> Any:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if extra is not None:
        schema["additionalProperties"] = extra
    return schema


def _array(items: Any, low: int | None, high: int | None, unique: bool) -> Any:
    schema: dict[str, Any] = {"type": "array", "items": items}
    if low is not None:
        schema["minItems"] = low
    if high is not None:
        schema["maxItems"] = high
    if unique:
        schema["uniqueItems"] = True
    return schema


schemas = st.recursive(leaves(), _composite, max_leaves=6)


@st.composite
def mutated(draw: st.DrawFn, schema: Any, depth: int = 0) -> Any:
    """``schema`` with a few local changes: most pairs are then close, as in real edits."""
    if not isinstance(schema, dict) or depth > 4 or draw(st.integers(0, 5)) == 0:
        return draw(schemas) if draw(st.integers(0, 3)) == 0 else schema
    out = dict(schema)
    for key, value in schema.items():
        if key == "properties":
            out[key] = {n: draw(mutated(s, depth + 1)) for n, s in value.items()}
            if draw(st.integers(0, 3)) == 0:
                out[key][draw(st.sampled_from(NAMES))] = draw(leaves())
        elif key in ("items",):
            out[key] = draw(mutated(value, depth + 1))
        elif key in ("anyOf", "oneOf"):
            out[key] = [draw(mutated(s, depth + 1)) for s in value]
            if draw(st.integers(0, 3)) == 0:
                out[key].append(draw(leaves()))
        elif key in ("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"):
            if draw(st.integers(0, 2)) == 0:
                out[key] = max(0, value + draw(st.sampled_from([-1, 1])))
        elif key in ("additionalProperties", "uniqueItems") and draw(st.integers(0, 2)) == 0:
            out[key] = not value if isinstance(value, bool) else value
        elif key == "required" and draw(st.integers(0, 2)) == 0:
            out[key] = value[:-1] or list(NAMES[:1])
        elif key == "enum" and draw(st.integers(0, 2)) == 0:
            out[key] = value[:-1] or value
            if draw(st.booleans()):
                extra = draw(SMALL_VALUES)
                if all(json.dumps(extra) != json.dumps(v) for v in out[key]):
                    out[key] = [*out[key], extra]
    return out


pairs = schemas.flatmap(lambda old: st.tuples(st.just(old), mutated(old) | schemas))


@st.composite
def guided(draw: st.DrawFn, schema: Any, depth: int = 0) -> Any:
    """An instance shaped like ``schema`` (not necessarily valid): names, lengths, types."""
    if depth > 4 or not isinstance(schema, dict) or draw(st.integers(0, 5)) == 0:
        return draw(json_values)
    if "enum" in schema or "const" in schema:
        return draw(st.sampled_from(schema.get("enum", [schema.get("const")])))
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        return draw(guided(draw(st.sampled_from(options)), depth + 1))
    if "properties" in schema:
        names = draw(st.lists(st.sampled_from([*NAMES, "zz"]), max_size=4, unique=True))
        props = schema["properties"]
        return {n: draw(guided(props.get(n, True), depth + 1)) for n in names}
    if "items" in schema:
        return draw(st.lists(guided(schema["items"], depth + 1), max_size=4))
    return draw(json_values)


def _candidates(data: st.DataObject, writer: Any) -> list[Any]:
    root = SchemaRoot(writer, "writer")
    found = [
        example(root, root.schema, variant, want)
        for variant in range(8)
        for want in (None, *JSON_TYPES)
    ]
    found += data.draw(st.lists(guided(writer), min_size=20, max_size=20), label="guided")
    found += data.draw(st.lists(json_values, min_size=10, max_size=10), label="json")
    return found


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(pair=pairs, data=st.data())
def test_verdicts_are_sound(pair: tuple[Any, Any], data: st.DataObject) -> None:
    old, new = pair
    result = compare_schemas(old, new)
    for direction, writer, reader in (
        (Direction.BACKWARD, old, new),
        (Direction.FORWARD, new, old),
    ):
        verdict = result.verdict(direction)
        if verdict is Verdict.COMPATIBLE:
            for instance in _candidates(data, writer):
                if accepts(writer, instance):
                    assert accepts(reader, instance), (
                        f"{direction} claimed compatible, but the writer accepts "
                        f"{json.dumps(instance)} and the reader rejects it"
                    )
        elif verdict is Verdict.INCOMPATIBLE:
            breaks = [
                c
                for c in result.changes
                if c.direction is direction and c.compatible is Verdict.INCOMPATIBLE
            ]
            assert breaks, f"{direction} is False without a break"
            for change in breaks:
                assert accepts(writer, change.witness), change
                assert not accepts(reader, change.witness), change


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=pairs)
def test_same_input_gives_identical_json(pair: tuple[Any, Any]) -> None:
    old, new = pair
    first, second = compare_schemas(old, new), compare_schemas(old, new)
    full = Verdict.COMPATIBLE
    assert render_diff_json(first, "FULL", full) == render_diff_json(second, "FULL", full)


def test_comparing_a_schema_with_itself_is_compatible_both_ways() -> None:
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(schema=schemas)
    def check(schema: Any) -> None:
        result = compare_schemas(schema, schema)
        assert (result.backward, result.forward) == (
            Verdict.COMPATIBLE,
            Verdict.COMPATIBLE,
        ), result.to_json()

    check()
