"""Draft-07 ``$ref`` resolution inside one document: base URIs, ``$id`` anchors, pointers.

Only references that land inside the schema being compiled resolve; anything else is a
remote reference and is refused (schema handling never touches the network).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag
from urllib.parse import urljoin as _urljoin

from lakecontracts.errors import SchemaResolutionError
from lakecontracts.localref import fragment_target, is_pointer_ref

#: Keywords whose value is a schema, a list of schemas, or a map of schemas (draft-07).
SCHEMA_KEYWORDS = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
)
SCHEMA_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf")
SCHEMA_MAP_KEYWORDS = ("properties", "patternProperties", "definitions")

#: The base URI of a document without ``$id`` (never fetched, only used for joining).
DEFAULT_BASE = "https://lakecontracts.invalid/schema.json"


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def urljoin(base: str, ref: str) -> str:
    """RFC 3986 reference resolution that also handles ``urn:`` bases (urllib's does not)."""
    if _SCHEME.match(ref):
        return ref
    if ref.startswith("#") or not ref:
        return urldefrag(base)[0] + ref
    return _urljoin(base, ref)


def subschemas(schema: Any) -> list[Any]:
    """The direct subschemas of ``schema`` (only real schema positions, never enum values)."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return []
    found = [schema[key] for key in SCHEMA_KEYWORDS if key in schema]
    for key in SCHEMA_LIST_KEYWORDS:
        found.extend(schema.get(key) or [])
    for key in SCHEMA_MAP_KEYWORDS:
        found.extend((schema.get(key) or {}).values())
    items = schema.get("items")
    found.extend(items if isinstance(items, list) else [] if items is None else [items])
    dependencies = schema.get("dependencies") or {}
    found.extend(value for value in dependencies.values() if not isinstance(value, list))
    return found


@dataclass
class RefIndex:
    """Base URI of every schema node and every resource (``$id``) of one document."""

    root: Any
    bases: dict[int, str] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, root: Any) -> RefIndex:
        index = cls(root)
        index._walk(root, DEFAULT_BASE)
        return index

    def _walk(self, node: Any, base: str) -> None:
        if isinstance(node, dict):
            own = node.get("$id")
            if isinstance(own, str) and "$ref" not in node:  # $ref hides its siblings
                base = urljoin(base, own)
                url, fragment = urldefrag(base)
                self.resources.setdefault(base if fragment else url, node)
            if base == DEFAULT_BASE or node is self.root:
                self.resources.setdefault(urldefrag(base)[0], node)
            self.bases[id(node)] = base
        for child in subschemas(node):
            self._walk(child, base)

    def resolve(self, ref: str, at: Any) -> Any:
        """The schema node ``ref`` (found in node ``at``) points to."""
        target = urljoin(self.bases.get(id(at), DEFAULT_BASE), ref)
        if target in self.resources:  # a location-independent "#name" identifier
            return self.resources[target]
        url, fragment = urldefrag(target)
        if url not in self.resources:
            raise SchemaResolutionError(
                f"$ref '{ref}' points outside this schema",
                hint="only local references ('#', '#/definitions/NAME') are supported",
            )
        return _pointer(self.resources[url], fragment, ref)


def _pointer(document: Any, fragment: str, ref: str) -> Any:
    if not is_pointer_ref("#" + unquote(fragment)):
        raise SchemaResolutionError(f"$ref '{ref}' names an unknown anchor")
    node = fragment_target(document, fragment)
    if node is None:
        raise SchemaResolutionError(f"$ref '{ref}' does not resolve")
    return node
