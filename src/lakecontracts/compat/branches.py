"""The writer's schema as a union of plain branches (no combinators), each a superset.

To prove "everything the writer accepts, the reader accepts" it is enough to prove it for a
*larger* writer language, so the writer may be over-approximated but never under-approximated:

* ``allOf`` members are merged into their parent (constraints that cannot be merged exactly
  are kept from one side only, which only enlarges the language);
* ``anyOf`` / ``oneOf`` split into one branch per alternative (``oneOf`` read as ``anyOf``);
* ``if/then/else`` splits into a ``then`` branch and an ``else`` branch; the ``if`` is kept
  aside (``__if__``/``__arm__``) so a reader with the same condition can be matched arm by arm;
* of several ``not`` constraints, one is kept.

Witnesses are always checked against the real writer schema, so an over-approximation can
cost an ``unknown`` verdict but never a false "incompatible".
"""

from __future__ import annotations

from typing import Any

from lakecontracts.compat.root import Schema, SchemaRoot

MAX_BRANCHES = 32
_MIN_KEYS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_MAX_KEYS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_DROPPED = ("allOf", "anyOf", "oneOf", "if", "then", "else", "$ref")


def writer_branches(root: SchemaRoot, schema: Schema, depth: int = 0) -> list[Schema]:
    """Plain schemas whose union contains everything ``schema`` accepts."""
    schema = root.deref(schema)
    if isinstance(schema, bool):
        return [schema]
    base: Schema = {k: v for k, v in schema.items() if k not in _DROPPED}
    for part in schema.get("allOf", []):
        merged: list[Schema] = []
        for option in writer_branches(root, part, depth + 1):
            merged.append(merge(root, base, option))
        base = merged[0] if len(merged) == 1 else base
    alternatives: list[Schema] = [base]
    for keyword in ("anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list):
            alternatives = _product(root, alternatives, schema[keyword], depth)
    if "if" in schema and ("then" in schema or "else" in schema):
        split: list[Schema] = []
        for arm in ("then", "else"):
            for branch in _product(root, alternatives, [schema.get(arm, True)], depth):
                if isinstance(branch, dict):
                    branch = {**branch, "__if__": schema["if"], "__arm__": arm}
                split.append(branch)
        alternatives = split
    if len(alternatives) > MAX_BRANCHES:
        return [base]
    return [a for a in alternatives if a is not False] or [False]


def _product(
    root: SchemaRoot, current: list[Schema], options: list[Any], depth: int
) -> list[Schema]:
    result: list[Schema] = []
    for left in current:
        for option in options:
            for branch in writer_branches(root, option, depth + 1):
                result.append(merge(root, left, branch))
                if len(result) > MAX_BRANCHES:
                    return result
    return result


def merge(root: SchemaRoot, left: Schema, right: Schema) -> Schema:
    """A schema accepting at least everything both ``left`` and ``right`` accept."""
    if left is False or right is False:
        return False
    if left is True:
        return right
    if right is True:
        return left
    merged: dict[str, Any] = dict(left)
    for key, value in right.items():
        if key not in merged:
            merged[key] = value
            continue
        current = merged[key]
        if key in _MIN_KEYS and _numbers(current, value):
            merged[key] = max(current, value)
        elif key in _MAX_KEYS and _numbers(current, value):
            merged[key] = min(current, value)
        elif key == "required":
            merged[key] = sorted(set(current) | set(value))
        elif key == "type":
            merged[key] = _type_intersection(current, value)
        elif key == "enum":
            merged[key] = [v for v in current if any(_same(v, w) for w in value)]
        elif key == "properties":
            merged[key] = _merge_properties(root, left, right)
        # Anything else: keep the left constraint only (a superset of the conjunction).
    if "properties" in right and "properties" in left:
        _close_property_sets(left, right, merged)
    return merged


def _merge_properties(root: SchemaRoot, left: dict[str, Any], right: dict[str, Any]) -> Any:
    result: dict[str, Any] = {}
    names = list(left.get("properties", {})) + [
        n for n in right.get("properties", {}) if n not in left.get("properties", {})
    ]
    for name in names:
        a = left.get("properties", {}).get(name, _extra(left))
        b = right.get("properties", {}).get(name, _extra(right))
        result[name] = merge(root, root.deref(a), root.deref(b))
    return result


def _close_property_sets(
    left: dict[str, Any], right: dict[str, Any], merged: dict[str, Any]
) -> None:
    """additionalProperties applies to names outside *its own* properties: merge carefully."""
    if "patternProperties" in left or "patternProperties" in right:
        merged.pop("additionalProperties", None)
        merged.pop("patternProperties", None)
        return
    a, b = _extra(left), _extra(right)
    if a is False or b is False:
        merged["additionalProperties"] = False
    elif a is True:
        merged["additionalProperties"] = b
    else:
        merged["additionalProperties"] = a


def _extra(schema: dict[str, Any]) -> Schema:
    extra = schema.get("additionalProperties", True)
    return extra if isinstance(extra, dict | bool) else True


def _type_intersection(a: Any, b: Any) -> Any:
    left = {a} if isinstance(a, str) else set(a)
    right = {b} if isinstance(b, str) else set(b)
    both = left & right
    if "integer" in left and "number" in right:
        both.add("integer")
    if "integer" in right and "number" in left:
        both.add("integer")
    return sorted(both)


def _numbers(a: Any, b: Any) -> bool:
    return all(isinstance(x, int | float) and not isinstance(x, bool) for x in (a, b))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)
