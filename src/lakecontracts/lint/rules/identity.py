"""Identifiers the stitch job reads must be declared in the registry."""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem


def identifiers_declared(ctx: LintContext) -> Iterator[Problem]:
    identifiers = ctx.data.get("identifiers")
    if not isinstance(identifiers, list):
        return
    declared = [ident.name for ident in ctx.config.identifiers]
    for index, name in enumerate(identifiers):
        if not isinstance(name, str) or ctx.config.identifier(name) is None:
            yield Problem(
                ("identifiers", index),
                f"identifier {name!r} is not declared in registry.yaml ({', '.join(declared)})",
            )


def identifiers_unique(ctx: LintContext) -> Iterator[Problem]:
    identifiers = ctx.data.get("identifiers")
    if not isinstance(identifiers, list):
        return
    seen: set[str] = set()
    for index, name in enumerate(identifiers):
        if isinstance(name, str) and name in seen:
            yield Problem(("identifiers", index), f"identifier {name!r} is listed twice")
        seen.add(str(name))
