"""Refuse schemas no validator can finish with, before comparing them.

Two shapes make the engine and the jsonschema reference validator recurse until Python's
stack runs out (found by the ``diff`` fuzz target):

* nesting deeper than :data:`MAX_NESTING` objects and arrays;
* a ``$ref`` cycle through in-place keywords only (``{"allOf": [{"$ref": "#"}]}``,
  ``{"not": {"$ref": "#"}}``, ``{"dependencies": {"a": {"$ref": "#"}}}``): each step applies
  to the *same* instance, so validating an instance (one with ``a``, in the last) never
  ends. Cycles through ``properties``, ``items`` and the like are fine (each step goes one
  level into the instance) and are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from lakecontracts.compat.sameness import SCHEMA_MAPS, SCHEMA_VALUES
from lakecontracts.errors import SchemaResolutionError
from lakecontracts.pointers import to_pointer
from lakecontracts.registry.naming import schema_nodes as walk_schema_nodes

#: Objects and arrays inside one another; real schemas stay far below this.
MAX_NESTING = 96
#: Keywords whose sub-schemas apply to the instance itself, not to a part of it.
_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONE = ("not", "if", "then", "else")
_IN_PLACE_MAPS = ("dependencies", "dependentSchemas")
_END = object()


def check_nesting(schema: Any, label: str) -> None:
    stack: list[tuple[Any, int]] = [(schema, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise SchemaResolutionError(
                f"{label}: nested more than {MAX_NESTING} objects and arrays deep",
                hint="flatten the schema (move shared parts to definitions and $ref them)",
            )
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def schema_nodes(schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, node) for every sub-schema object, walked through every draft's schema
    keywords (:func:`lakecontracts.registry.naming.schema_nodes`)."""
    values, maps = sorted(SCHEMA_VALUES), sorted(SCHEMA_MAPS)
    for path, node in walk_schema_nodes(schema, (), singles=values, lists=values, maps=maps):
        yield "#" + to_pointer(path), node


def _in_place(node: dict[str, Any], deref: Callable[[Any], Any]) -> Iterator[Any]:
    for key in _IN_PLACE_LISTS:
        if isinstance(node.get(key), list):
            yield from node[key]
    for key in _IN_PLACE_ONE:
        if key in node:
            yield node[key]
    for key in _IN_PLACE_MAPS:  # applied to the same object when it has the property
        if isinstance(node.get(key), dict):
            yield from (sub for sub in node[key].values() if isinstance(sub, dict))
    if isinstance(node.get("$ref"), str):
        try:
            yield deref({"$ref": node["$ref"]})
        except SchemaResolutionError:
            return  # reported when (if) the comparison reaches it


def check_ref_cycles(schema: Any, deref: Callable[[Any], Any], label: str) -> None:
    """Refuse a ``$ref`` cycle made of in-place keywords only (see the module docstring)."""
    done: set[int] = set()
    for where, start in schema_nodes(schema):
        if id(start) in done:
            continue
        on_path: set[int] = {id(start)}
        stack: list[tuple[dict[str, Any], Iterator[Any]]] = [(start, _in_place(start, deref))]
        while stack:
            node, children = stack[-1]
            child = next(children, _END)
            if child is _END:
                stack.pop()
                on_path.discard(id(node))
                done.add(id(node))
                continue
            if not isinstance(child, dict) or id(child) in done:
                continue
            if id(child) in on_path:
                raise SchemaResolutionError(
                    f"{label}: the $ref cycle through {where} never descends into the instance,"
                    " so validating anything against it never ends",
                    hint="put a property or item step inside the cycle, or remove it",
                )
            on_path.add(id(child))
            stack.append((child, _in_place(child, deref)))


def check_content_keywords(schema: Any, label: str) -> None:
    """``contentEncoding``/``contentMediaType`` must be strings (draft-04's meta-schema does not
    say so, and the content assertions read them as names)."""
    for where, node in schema_nodes(schema):
        for key in ("contentEncoding", "contentMediaType"):
            if key in node and not isinstance(node[key], str):
                raise SchemaResolutionError(
                    f"{label}: {key} at {where} must be a string",
                    hint='name an encoding such as "base64" or a media type such as'
                    ' "application/json"',
                )
