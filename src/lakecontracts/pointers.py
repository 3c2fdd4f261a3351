"""JSON Pointers (RFC 6901): a path of keys and indexes to ``/a/b~1c/0`` and back.

The one place that escapes ``~`` and ``/`` in reference tokens; lint, compat, the gate, the
validator compiler, canonical JSON and the compatibility matrix all write and read pointers
through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def escape(token: str | int) -> str:
    """One reference token, escaped: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """One escaped reference token, read back (``~1`` first, so ``~01`` stays ``~1``)."""
    return token.replace("~1", "/").replace("~0", "~")


def to_pointer(path: Iterable[str | int]) -> str:
    """The pointer of a path, e.g. ``("payload", "legs", 0)`` -> ``/payload/legs/0``."""
    return "".join("/" + escape(step) for step in path)


def steps(pointer: str) -> list[str]:
    """The unescaped tokens of a pointer (``""``, the whole document, has none)."""
    return [unescape(token) for token in pointer.split("/")[1:]]


def resolve(document: Any, pointer: str) -> Any:
    """The node ``pointer`` names in ``document``, or None when it names nothing (array
    indexes are decimal digits; ``""`` is the whole document)."""
    node = document
    for token in steps(pointer):
        if isinstance(node, list) and token.isdigit():
            node = node[int(token)] if int(token) < len(node) else None
        elif isinstance(node, dict):
            node = node.get(token)
        else:
            return None
    return node
