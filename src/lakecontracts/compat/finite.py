"""Writers with a finite set of values (``enum``/``const``): which values each side accepts.

Checking every value of an n-value enum against a schema holding another n-value enum with
the reference validator costs n * n comparisons (jsonschema scans the enum list for each
instance): an 8,000-value enum took 18 s. Here ``enum``/``const`` membership is one hash
lookup with jsonschema's equality (``1 == 1.0``, ``true != 1``, recursively in arrays and
objects), and the rest of the schema is checked by the reference validator, built once per
schema. The answers are the same as validating each value against the whole sub-schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lakecontracts.compat.root import SchemaRoot
from lakecontracts.compat.sameness import same_schema

#: Keywords whose meaning is a finite set of values, checked here by hashing.
_VALUE_KEYWORDS = ("enum", "const")


def value_key(value: Any) -> Any:
    """A hashable key equal for two JSON values exactly when jsonschema's ``equal`` is."""
    if isinstance(value, str):
        return value  # every other key is a tuple, never equal to a string
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("num", value)  # Python compares 1 and 1.0 (and hashes them) as equal
    if isinstance(value, list | tuple):
        return ("list", tuple(value_key(item) for item in value))
    if isinstance(value, dict):
        return ("dict", frozenset((key, value_key(item)) for key, item in value.items()))
    return ("other", value)


def _allowed_keys(schema: dict[str, Any]) -> list[set[Any]]:
    """One key set per ``enum``/``const`` of ``schema``: a value must be in each."""
    sets = []
    if "const" in schema:
        sets.append({value_key(schema["const"])})
    if isinstance(schema.get("enum"), list):
        sets.append({value_key(v) for v in schema["enum"]})
    return sets


def _rest(schema: dict[str, Any], dropped: Iterable[str]) -> dict[str, Any]:
    gone = set(dropped)
    return {k: v for k, v in schema.items() if k not in gone}


def _type_class(value: Any) -> Any:
    """Values of one class pass or fail every ``type`` keyword together."""
    if type(value) is float and value.is_integer():
        return "integral float"
    return type(value)


def _accepted(
    root: SchemaRoot,
    keys: list[set[Any]],
    rest: dict[str, Any],
    values: list[Any],
    undecided: bool,
) -> list[bool]:
    """Per value: in every key set, and accepted by ``rest`` (``root.sub_accepts``; a value
    the validator cannot decide counts as ``undecided``); ``rest`` is validated once per type
    class when ``type`` is the only keyword it asserts."""
    mask = [True] * len(values)
    if keys:
        value_keys = [value_key(v) for v in values]
        for allowed in keys:
            mask = [ok and key in allowed for ok, key in zip(mask, value_keys, strict=True)]
    if not rest:
        return mask
    accepts = root.sub_acceptor(rest, failure=undecided)
    if set(rest) & root.asserting_keywords - {"type"}:
        return [ok and accepts(v) for ok, v in zip(mask, values, strict=True)]
    classes = [_type_class(v) for v in values]
    sample = dict(zip(classes, values, strict=True))
    verdict = {kind: accepts(value) for kind, value in sample.items()}
    return [ok and verdict[kind] for ok, kind in zip(mask, classes, strict=True)]


def writer_values(root: SchemaRoot, schema: dict[str, Any], values: list[Any]) -> list[Any]:
    """The values of the writer's own ``enum`` (or ``const``) its whole sub-schema accepts.

    ``values`` came from ``schema``'s ``const`` when it has one, else from its ``enum``; that
    keyword holds for them by construction, so only the others are checked.
    """
    source = "const" if "const" in schema else "enum"
    keys = _allowed_keys(_rest(schema, [source]))
    # a value the writer's validator cannot decide is kept: the writer may send it
    mask = _accepted(root, keys, _rest(schema, _VALUE_KEYWORDS), values, undecided=True)
    return [v for v, ok in zip(values, mask, strict=True) if ok]


def reader_rejects(
    root: SchemaRoot, schema: dict[str, Any], values: list[Any], writer_rest: Any
) -> list[Any]:
    """The values the reader's sub-schema rejects, in order.

    ``writer_rest`` is the writer's sub-schema without ``enum``/``const``, which every value
    already satisfies: when the reader's rest is the same schema, it is not checked again.
    """
    rest = _rest(schema, _VALUE_KEYWORDS)
    if same_schema(_rest(writer_rest, _VALUE_KEYWORDS), rest):
        rest = {}
    mask = _accepted(root, _allowed_keys(schema), rest, values, undecided=False)
    return [v for v, ok in zip(values, mask, strict=True) if not ok]
