"""Hypothesis strategies driven by a resolved contract schema: valid values and mutations.

Covers the keywords contracts use (type, enum, const, properties, required,
additionalProperties, items, min/maxItems, uniqueItems, pattern, format, maxLength, minimum,
maximum, $ref). Valid values only need to be *mostly* valid: the differential test compares
verdicts, it never assumes one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import strategies as st

from lakecontracts.regex.ecma import to_python

JsonPath = tuple[str | int, ...]

_TIMEZONES = st.sampled_from(["Z", "z", "+00:00", "-08:00", "+05:30", "+14:00"])
_FORMATS: dict[str, st.SearchStrategy[str]] = {
    "uuid": st.uuids().map(str),
    "date": st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: f"{d.year:04d}{d.isoformat()[-6:]}"),
    "date-time": st.builds(
        lambda d, frac, tz: d.strftime("%Y-%m-%dT%H:%M:%S").rjust(19, "0") + frac + tz,
        st.datetimes(min_value=dt.datetime(1000, 1, 1)),
        st.sampled_from(["", ".5", ".123", ".123456789"]),
        _TIMEZONES,
    ),
}


def values(schema: Any, root: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that (almost always) satisfy ``schema``."""
    if schema is True or not isinstance(schema, dict):
        return st.none()
    if "$ref" in schema:
        return values(_resolve(schema["$ref"], root), root)
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    types = schema.get("type", ["object"] if "properties" in schema else ["string"])
    types = types if isinstance(types, list) else [types]
    return st.one_of([_typed(name, schema, root) for name in types])


def _typed(name: str, schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[Any]:
    if name == "object":
        return _objects(schema, root)
    if name == "array":
        item = values(schema.get("items", True), root)
        low, high = schema.get("minItems", 0), schema.get("maxItems", 5)
        return st.lists(item, min_size=low, max_size=high, unique=schema.get("uniqueItems", False))
    if name == "string":
        return _strings(schema)
    if name in ("integer", "number"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if name == "integer":
            return st.integers(low, high)
        return st.floats(low, high, allow_nan=False, allow_infinity=False)
    if name == "boolean":
        return st.booleans()
    return st.none()


def _strings(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    limit = schema.get("maxLength")
    if schema.get("format") in _FORMATS:
        base = _FORMATS[schema["format"]]
    elif "pattern" in schema:
        base = st.from_regex(re.compile(to_python(schema["pattern"])), fullmatch=False)
    else:
        base = st.text(max_size=limit if limit is not None else 20)
    return base.filter(lambda text: limit is None or len(text) <= limit)


def _objects(schema: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    fixed = {name: values(sub, root) for name, sub in props.items() if name in required}
    optional = {name: values(sub, root) for name, sub in props.items() if name not in required}
    extra = schema.get("additionalProperties", True)
    base = st.fixed_dictionaries(fixed, optional=optional)
    if extra is False or not isinstance(extra, dict):
        return base
    keys = st.text(min_size=1, max_size=8).filter(lambda key: key not in props)
    return st.tuples(base, st.dictionaries(keys, values(extra, root), max_size=3)).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def _resolve(ref: str, root: dict[str, Any]) -> Any:
    node: Any = root
    for token in ref.lstrip("#").split("/")[1:]:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


# -- mutations ---------------------------------------------------------------------------------

#: Replacement values of every JSON type, including the Python traps (bool vs int, 1.0).
ODD_VALUES: tuple[Any, ...] = (None, True, False, 0, 1, 1.0, -0.0, 1.5, 2**64, "", "x", [], {}, [1])
BAD_STRINGS = (
    "",
    "not-a-uuid",
    "0b7a4c7e-3f1d-4c55-9a4b-7d2e8f6a1c3g",
    "0b7a4c7e3f1d4c559a4b7d2e8f6a1c3b",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01 10:00:00Z",
    "2024-01-01T10:00:00",
    "EUR\n",
    "eur",
    "u-ABCDEF",
    "\u0660\u0661",
    "x" * 200,
)


def mutation_sites(
    schema: Any, value: Any, root: dict[str, Any], path: JsonPath = ()
) -> list[tuple[JsonPath, str]]:
    """Every (path, kind) where a mutation can be applied to ``value``."""
    if isinstance(schema, dict) and "$ref" in schema:
        schema = _resolve(schema["$ref"], root)
    sites: list[tuple[JsonPath, str]] = [(path, "replace")] if path else []
    if not isinstance(schema, dict):
        return sites
    if isinstance(value, dict):
        sites.append((path, "extra"))
        props = schema.get("properties", {})
        for key, item in value.items():
            sites.append(((*path, key), "drop"))
            sub = props.get(key, schema.get("additionalProperties", True))
            sites += mutation_sites(sub, item, root, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            sites += mutation_sites(schema.get("items", True), item, root, (*path, index))
        if value:
            sites.append((path, "duplicate"))
    elif type(value) in (int, float):
        sites.append((path, "numeric"))
    elif isinstance(value, str):
        sites.append((path, "string"))
    return sites


def mutate(value: Any, path: JsonPath, kind: str, draw: Any) -> Any:
    """A copy of ``value`` with one change at ``path``."""
    if not path:
        return _mutate_here(value, kind, draw)
    head, rest = path[0], path[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    if kind == "drop" and not rest:
        del copy[head]  # type: ignore[arg-type]
        return copy
    copy[head] = mutate(copy[head], rest, kind, draw)  # type: ignore[index]
    return copy


def _mutate_here(value: Any, kind: str, draw: Any) -> Any:
    if kind == "extra":
        return {**value, draw(st.sampled_from(["unexpected", "event", "x-extra"])): 1}
    if kind == "duplicate":
        return [*value, value[0]]
    if kind == "numeric":
        delta = draw(st.sampled_from([-1, 1, 0.5, -(10**12), 10**12]))
        return value + delta
    if kind == "string":
        return draw(st.sampled_from(BAD_STRINGS) | st.just(value + "!") | st.just(value[:-1]))
    return draw(st.sampled_from(ODD_VALUES))
