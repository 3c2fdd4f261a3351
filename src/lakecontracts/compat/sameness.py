"""Structural identity of sub-schemas: a canonical text per schema node.

Two sub-schemas with the same canonical text accept the same instances, so the engine skips
comparing them. The text ignores key order, the order of unordered keyword lists (``enum``,
``required``, ``type``, ``allOf``/``anyOf``/``oneOf``) and annotations (``title``,
``description``, ...), but only where they are keywords: a property *named* ``title`` and a
``const`` object holding a ``title`` key are part of the schema's meaning. A schema holding a
``$ref`` has no text (refs compare by target, not by spelling).

A :class:`SameSchemaMemo` remembers each node's text (and holds the node, so its ``id`` is not
reused), so walking a schema level by level costs its size once, not size times depth.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_ANNOTATIONS = frozenset(["title", "description", "$comment", "examples", "default"])
_UNORDERED = frozenset(["oneOf", "anyOf", "allOf", "enum", "required", "type"])
#: Keywords whose value is an object mapping names to schemas.
SCHEMA_MAPS = frozenset(
    ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"]
)
#: Keywords whose value is a schema or a list of schemas.
SCHEMA_VALUES = frozenset(
    [
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "items",
        "prefixItems",
        "additionalItems",
        "contains",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
    ]
)


class _HasRef(Exception):
    """A ``$ref`` inside the node: it has no canonical text."""


def data_text(value: Any) -> str:
    """A deterministic JSON text of a data value (object keys sorted)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except (orjson.JSONEncodeError, TypeError):  # integers beyond 64 bits, for instance
        return json.dumps(value, sort_keys=True)


class SameSchemaMemo:
    """Canonical texts of the schema nodes seen so far (one memo per schema root)."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[Any, str | None]] = {}

    def text(self, node: Any) -> str | None:
        """The node's canonical text; None when it holds a ``$ref``."""
        try:
            return self._schema(node)
        except _HasRef:
            return None

    def _schema(self, node: Any) -> str:
        if not isinstance(node, dict):
            return data_text(node)
        known = self._texts.get(id(node))
        if known is not None and known[0] is node:
            if known[1] is None:
                raise _HasRef
            return known[1]
        try:
            text = self._object(node)
        except _HasRef:
            self._texts[id(node)] = (node, None)
            raise
        self._texts[id(node)] = (node, text)
        return text

    def _object(self, node: dict[str, Any]) -> str:
        if "$ref" in node:
            raise _HasRef
        parts = []
        for key in sorted(node):
            if key in _ANNOTATIONS:
                continue
            parts.append(json.dumps(key) + ":" + self._keyword(key, node[key]))
        return "{" + ",".join(parts) + "}"

    def _keyword(self, key: str, value: Any) -> str:
        if key in SCHEMA_MAPS and isinstance(value, dict):
            inner = (json.dumps(name) + ":" + self._schema(value[name]) for name in sorted(value))
            return "{" + ",".join(inner) + "}"
        if key in SCHEMA_VALUES:
            if not isinstance(value, list):
                return self._schema(value)
            texts = [self._schema(item) for item in value]
        elif key in _UNORDERED and isinstance(value, list):
            texts = [data_text(item) for item in value]
        else:
            return data_text(value)
        if key in _UNORDERED:
            texts.sort()
        return "[" + ",".join(texts) + "]"


def same_schema(a: Any, b: Any) -> bool:
    """Structurally equal, ignoring order where it has no meaning (no ``$ref`` inside)."""
    text_a = SameSchemaMemo().text(a)
    return text_a is not None and text_a == SameSchemaMemo().text(b)
