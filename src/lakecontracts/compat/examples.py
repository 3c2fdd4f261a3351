"""Make instances a schema (probably) accepts: the raw material of witnesses.

Nothing here is trusted: every witness is checked with the reference validator before it is
reported. ``variant`` asks for a different example (another enum value, longer strings, more
array items), so callers can try several candidates.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

from lakecontracts.compat.root import Schema, SchemaRoot
from lakecontracts.regex.examples import regex_example

FORMAT_EXAMPLES = {
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
    "date-time": "2026-01-01T00:00:00Z",
    "date": "2026-01-01",
    "time": "12:00:00Z",
    "email": "someone@example.com",
    "idn-email": "someone@example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "uri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "iri": "https://example.com/",
    "regex": "^a$",
    "json-pointer": "/a",
}
MAX_DEPTH = 12
_TYPE_ORDER = ("object", "string", "integer", "number", "boolean", "array", "null")


def example(root: SchemaRoot, schema: Schema, variant: int = 0, want: str | None = None) -> Any:
    """An instance ``schema`` likely accepts (of JSON type ``want`` when given)."""
    return _Maker(root, variant).make(schema, want, 0)


def strings_for(root: SchemaRoot, schema: Schema, count: int = 6) -> list[str]:
    """A few different strings the schema likely accepts (empty if strings are not allowed)."""
    found: list[str] = []
    for variant in range(count):
        value = example(root, schema, variant, "string")
        if isinstance(value, str) and value not in found:
            found.append(value)
    return found


class _Maker:
    def __init__(self, root: SchemaRoot, variant: int) -> None:
        self.root = root
        self.variant = variant

    def make(self, schema: Schema, want: str | None, depth: int) -> Any:
        schema = self.root.deref(schema)
        if schema is False or depth > MAX_DEPTH:
            return None
        if schema is True:
            schema = {}
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            values = schema["enum"]
            return values[self.variant % len(values)]
        for part in schema.get("allOf", []):
            part = self.root.deref(part)
            if isinstance(part, dict) and ("const" in part or "enum" in part):
                return self.make(part, want, depth + 1)
        branches = schema.get("anyOf") or schema.get("oneOf")
        if branches and not _has_type_keywords(schema):
            return self.make(branches[self.variant % len(branches)], want, depth + 1)
        kind = want or _pick_type(schema, self.variant)
        maker: dict[str, Callable[[dict[str, Any], int], Any]] = {
            "object": self.make_object,
            "array": self.make_array,
            "string": self.make_string,
            "integer": self.make_integer,
            "number": self.make_number,
            "boolean": lambda s, d: self.variant % 2 == 0,
            "null": lambda s, d: None,
        }
        return maker[kind](schema, depth)

    def make_object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties = _merged_properties(self.root, schema)
        result: dict[str, Any] = {}
        names = list(schema.get("required", []))
        if self.variant % 3 == 2:
            names += [n for n in properties if n not in names]
        for name in names:
            sub = properties.get(name, _additional(schema))
            if sub is not False:
                result[name] = self.make(sub, None, depth + 1)
        wanted = schema.get("minProperties", 0)
        extra = _additional(schema)
        index = 0
        while len(result) < wanted and extra is not False and index < 50:
            name = f"extra_{index}"
            if name not in properties:
                result[name] = self.make(extra, None, depth + 1)
            index += 1
        return result

    def make_array(self, schema: dict[str, Any], depth: int) -> list[Any]:
        items = schema.get("items", {})
        low = schema.get("minItems", 0)
        count = max(low, 1 if self.variant % 2 else 0)
        if isinstance(schema.get("maxItems"), int):
            count = min(count, schema["maxItems"])
        if isinstance(items, list):
            values = [self.make(item, None, depth + 1) for item in items[: count or len(items)]]
            tail = schema.get("additionalItems", {})
            while len(values) < count and tail is not False:
                values.append(self.make(tail, None, depth + 1))
            return values
        values = [self.make(items, None, depth + 1) for _ in range(count)]
        if schema.get("uniqueItems") and len(values) > 1:
            values = [self.make(items, None, depth + 1)]
        return values

    def make_string(self, schema: dict[str, Any], depth: int) -> str:
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt in FORMAT_EXAMPLES:
            return FORMAT_EXAMPLES[fmt]
        pattern = schema.get("pattern")
        text = regex_example(pattern, self.variant) if isinstance(pattern, str) else ""
        if text is None:
            text = ""
        low = schema.get("minLength", 0)
        high = schema.get("maxLength")
        if not isinstance(pattern, str):
            text = "x" * max(low, self.variant)
        if len(text) < low:
            text = text + "x" * (low - len(text))
        if isinstance(high, int) and len(text) > high:
            text = text[:high]
        return text

    def make_integer(self, schema: dict[str, Any], depth: int) -> int:
        value = self.make_number(schema, depth, integer=True)
        return int(value)

    def make_number(self, schema: dict[str, Any], depth: int, integer: bool = False) -> Any:
        low, high = _bounds(schema)
        step = schema.get("multipleOf")
        step = step if isinstance(step, int | float) and step > 0 else None
        if integer:
            step = _integer_step(step)
        start = 0 if low is None else low
        if high is not None and start > high:
            start = high
        start += self.variant
        if high is not None and start > high:
            start = high if low is None else low
        if step and math.isfinite(start / step) and (high is None or math.isfinite(high / step)):
            candidate = math.ceil(start / step) * step
            if high is not None and candidate > high:
                candidate = math.floor(high / step) * step
            start = candidate
        if _excluded(schema, start):
            start = start + (step or 1)
        if isinstance(start, float) and not math.isfinite(start):  # bounds near 1.8e308
            start = math.copysign(sys.float_info.max, start)
        if integer or (isinstance(start, float) and start.is_integer() and step is None):
            return int(start)
        return start


def _has_type_keywords(schema: dict[str, Any]) -> bool:
    return any(k in schema for k in ("type", "properties", "items", "pattern", "minimum"))


def _pick_type(schema: dict[str, Any], variant: int) -> str:
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    if not types:
        hints = {
            "object": ("properties", "required", "additionalProperties", "minProperties"),
            "array": ("items", "minItems", "maxItems", "uniqueItems", "contains"),
            "string": ("pattern", "minLength", "maxLength", "format"),
            "number": ("minimum", "maximum", "multipleOf", "exclusiveMinimum"),
        }
        types = [t for t, keys in hints.items() if any(k in schema for k in keys)]
    if not types:
        types = list(_TYPE_ORDER)
    ordered = [t for t in _TYPE_ORDER if t in types]
    return ordered[variant % len(ordered)]


def _merged_properties(root: SchemaRoot, schema: dict[str, Any]) -> dict[str, Schema]:
    properties = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        part = root.deref(part)
        if isinstance(part, dict):
            for name, sub in part.get("properties", {}).items():
                properties.setdefault(name, sub)
    return properties


def _additional(schema: dict[str, Any]) -> Schema:
    extra = schema.get("additionalProperties", True)
    return extra if isinstance(extra, dict | bool) else True


def _bounds(schema: dict[str, Any]) -> tuple[Any, Any]:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    number = (int, float)
    return (
        low if isinstance(low, number) and not isinstance(low, bool) else None,
        high if isinstance(high, number) and not isinstance(high, bool) else None,
    )


def _excluded(schema: dict[str, Any], value: Any) -> bool:
    return bool(value == schema.get("exclusiveMinimum") or value == schema.get("exclusiveMaximum"))


def _integer_step(step: Any) -> int:
    if step is None:
        return 1
    if float(step).is_integer():
        return int(step)
    return 1 if (1 / step).is_integer() else math.ceil(step)
