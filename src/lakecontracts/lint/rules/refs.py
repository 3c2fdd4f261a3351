"""``$ref``: local only (no network, ever), and pointing at something that exists."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.resolve import iter_refs


def ref_local_only(ctx: LintContext) -> Iterator[Problem]:
    for path, ref in iter_refs(ctx.payload, ("payload",)):
        if not ref.startswith("#"):
            yield Problem(
                path,
                f"remote $ref {ref!r} is not allowed; define it under payload.definitions "
                "and use '#/definitions/NAME'",
            )


def ref_resolves(ctx: LintContext) -> Iterator[Problem]:
    definitions: dict[str, Any] = {}
    for key in ("definitions", "$defs"):
        if isinstance(ctx.payload.get(key), dict):
            definitions.update(ctx.payload[key])
    for path, ref in iter_refs(ctx.payload, ("payload",)):
        if not ref.startswith("#"):
            continue
        parts = ref.lstrip("#").strip("/").split("/")
        if (
            len(parts) != 2
            or parts[0] not in ("definitions", "$defs")
            or parts[1] not in definitions
        ):
            yield Problem(path, f"$ref {ref!r} does not name an entry of payload.definitions")
