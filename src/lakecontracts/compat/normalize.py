"""Bring draft-04/06/2019-09/2020-12 schemas into the draft-07 form the engine reads.

Only spelling changes: draft-04 boolean ``exclusiveMinimum``, 2019-09+ ``dependentRequired`` /
``dependentSchemas`` / ``prefixItems``, and draft-07's rule that ``$ref`` hides its siblings.
Remote ``$ref`` is refused: schema handling never touches the network.
"""

from __future__ import annotations

from typing import Any

from lakecontracts.errors import SchemaResolutionError

DRAFT4 = "draft-04"
DRAFT7 = "draft-07"
DRAFT2019 = "2019-09"
DRAFT2020 = "2020-12"

_DRAFTS = {
    "json-schema.org/draft-04/schema": DRAFT4,
    "json-schema.org/draft-06/schema": DRAFT7,  # draft-06 reads as draft-07 for our keywords
    "json-schema.org/draft-07/schema": DRAFT7,
    "json-schema.org/draft/2019-09/schema": DRAFT2019,
    "json-schema.org/draft/2020-12/schema": DRAFT2020,
}
_SUBSCHEMA = (
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "items",
    "unevaluatedProperties",
    "unevaluatedItems",
)
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "items", "prefixItems")
_SUBSCHEMA_MAPS = (
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependencies",
    "dependentSchemas",
)


def draft_of(schema: Any) -> str:
    """The draft a schema declares with ``$schema`` (draft-07 when absent)."""
    uri = schema.get("$schema", "") if isinstance(schema, dict) else ""
    for fragment, draft in _DRAFTS.items():
        if fragment in uri:
            return draft
    return DRAFT7


def normalize(schema: Any, source: str = "schema") -> Any:
    """A draft-07 view of ``schema``; raises SchemaResolutionError on a remote $ref."""
    return _normalize(schema, draft_of(schema), source, "#")


def _normalize(node: Any, draft: str, source: str, pointer: str) -> Any:
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and not ref.startswith("#"):
        raise SchemaResolutionError(
            f"{source}: remote $ref {ref!r} at {pointer} is not supported",
            hint="schema handling never uses the network; inline the schema or use a local "
            "'#/definitions/...' reference",
        )
    out: dict[str, Any] = {}
    for key, value in node.items():
        where = f"{pointer}/{key}"
        if key in _SUBSCHEMA_MAPS and isinstance(value, dict):
            out[key] = {
                k: _normalize(v, draft, source, f"{where}/{k}") if isinstance(v, dict | bool) else v
                for k, v in value.items()
            }
        elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
            out[key] = [_normalize(v, draft, source, f"{where}/{i}") for i, v in enumerate(value)]
        elif key in _SUBSCHEMA:
            out[key] = _normalize(value, draft, source, where)
        else:
            out[key] = value
    if draft == DRAFT4:
        _draft4_exclusive(out, "minimum", "exclusiveMinimum")
        _draft4_exclusive(out, "maximum", "exclusiveMaximum")
    if draft in (DRAFT2019, DRAFT2020):
        _modern_keywords(out, draft)
    elif isinstance(out.get("$ref"), str):
        keep = {k: v for k, v in out.items() if k in ("definitions", "$defs")}
        return {"$ref": out["$ref"], **keep}
    return out


def _draft4_exclusive(out: dict[str, Any], bound: str, flag: str) -> None:
    if isinstance(out.get(flag), bool):
        exclusive = out.pop(flag)
        if exclusive and bound in out:
            out[flag] = out.pop(bound)


#: In-place applicators: they evaluate properties and items of the same instance, so with one
#: of them beside ``unevaluated*`` the rewrite below would change the meaning.
_IN_PLACE = (
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "dependentSchemas",
    "dependencies",
)


def _unevaluated(out: dict[str, Any], draft: str) -> None:
    """``unevaluatedProperties``/``unevaluatedItems`` beside no in-place applicator mean
    exactly ``additionalProperties`` / the items after the tuple (``contains`` also marks
    items evaluated in 2020-12, so ``unevaluatedItems`` beside it is left as it is)."""
    if any(key in out for key in _IN_PLACE):
        return
    if "unevaluatedProperties" in out:
        rest = out.pop("unevaluatedProperties")
        out.setdefault("additionalProperties", rest)  # with one, every property is evaluated
    if "unevaluatedItems" not in out or "contains" in out:
        return
    rest = out.pop("unevaluatedItems")
    tuple_key = "prefixItems" if draft == DRAFT2020 else "items"
    if draft == DRAFT2020:
        out.setdefault("items", rest)
    elif isinstance(out.get(tuple_key), list):
        out.setdefault("additionalItems", rest)
    else:
        out.setdefault("items", rest)


def _modern_keywords(out: dict[str, Any], draft: str) -> None:
    _unevaluated(out, draft)
    dependencies = dict(out.pop("dependentSchemas", {}) or {})
    dependencies.update(out.pop("dependentRequired", {}) or {})
    if dependencies:
        out["dependencies"] = dependencies
    if draft == DRAFT2020 and "prefixItems" in out:
        tail = out.pop("items", None)
        out["items"] = out.pop("prefixItems")
        if tail is not None:
            out["additionalItems"] = tail
    if isinstance(out.get("$ref"), str) and len(out) > 1:
        ref = {"$ref": out.pop("$ref")}
        out.setdefault("allOf", []).append(ref)
