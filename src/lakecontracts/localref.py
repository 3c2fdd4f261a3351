"""Local ``$ref`` resolution: ``#`` and ``#/json/pointer`` references inside one document.

A ``$ref`` is a URI reference; its fragment is percent-decoded and then read as a JSON
Pointer (RFC 6901 section 6), so ``#/definitions/a%25b`` names ``definitions/a%b``. Plain-name
fragments (``#name`` anchors) and remote references are the caller's business: they name
nothing here. The registry, codegen's type mapping, the compat engine, the gate and the
validator compiler all resolve local references through :func:`local_target`; the field walk
and codegen's type mapping follow chains of them through :func:`follow_local`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from lakecontracts.pointers import resolve


def is_pointer_ref(ref: str) -> bool:
    """Whether ``ref`` is ``#`` or ``#/...``: a pointer into the same document."""
    return ref == "#" or ref.startswith("#/")


def fragment_target(document: Any, fragment: str) -> Any:
    """The node a URI fragment (without its ``#``) names, or None."""
    pointer = unquote(fragment)
    if pointer and not pointer.startswith("/"):
        return None
    return resolve(document, pointer)


def local_target(root: Any, ref: str) -> Any:
    """The node the local reference ``ref`` names in ``root``, or None (anchor, remote,
    or a pointer that names nothing)."""
    return fragment_target(root, ref[1:]) if is_pointer_ref(ref) else None


def follow_local(root: Any, schema: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """``schema`` with its chain of local ``$ref`` followed to a schema that has none:
    ``(target, None)``, or ``(None, ref)`` naming the first reference that is remote, names
    nothing or a schema, or closes a cycle."""
    seen: set[str] = set()
    node: Any = schema
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            return None, ref
        seen.add(ref)
        target = local_target(root, ref)
        if not isinstance(target, dict):
            return None, ref
        node = target
    return (node, None) if isinstance(node, dict) else (None, None)
