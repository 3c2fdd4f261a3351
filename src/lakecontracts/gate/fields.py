"""Payload fields of a contract schema and where an instance path is declared in it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.localref import local_target
from lakecontracts.pointers import steps


def payload_fields(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(dotted name, schema) of every payload property, nested objects and array items
    included (``tags[]``), local ``$ref`` followed once."""
    payload = schema.get("properties", {}).get("payload", {})
    yield from _fields(schema, payload, "", 0)


def _fields(
    root: dict[str, Any], node: Any, prefix: str, depth: int
) -> Iterator[tuple[str, dict[str, Any]]]:
    node = _deref(root, node)
    if not isinstance(node, dict) or depth > 16:
        return
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            dotted = f"{prefix}.{name}" if prefix else name
            target = _deref(root, sub)
            if isinstance(target, dict):
                yield dotted, target
                yield from _fields(root, target, dotted, depth + 1)
    items = node.get("items")
    if isinstance(items, dict) and prefix:
        yield from _fields(root, items, f"{prefix}[]", depth + 1)


def _deref(root: dict[str, Any], node: Any) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str) and ref.startswith("#/"):
        return local_target(root, ref)
    return node


def field_doc_path(dotted: str, keyword: str) -> tuple[str | int, ...]:
    path: list[str | int] = ["payload"]
    for part in dotted.split("."):
        path += ["properties", part.removesuffix("[]")] + ["items"] * part.count("[]")
    return (*path, keyword)


def instance_doc_path(pointer: str) -> tuple[str | int, ...]:
    """Where an instance path like ``/payload/legs/0/price`` is declared in the contract."""
    tokens = steps(pointer)
    if not tokens or tokens[0] != "payload":
        return ()
    path: list[str | int] = ["payload"]
    for step in tokens[1:]:
        path += ["items"] if step.isdigit() else ["properties", step]
    return tuple(path)


def envelope_doc_path(pointer: str) -> tuple[str | int, ...] | None:
    """Where registry.yaml's envelope declares an instance path outside the payload
    (``/meta/request_id`` -> envelope.properties.meta.properties.request_id), or None for a
    path inside the payload."""
    steps = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
    if steps and steps[0] == "payload":
        return None
    path: list[str | int] = ["envelope"]
    for step in steps:
        path += ["items"] if step.isdigit() else ["properties", step]
    return tuple(path)
