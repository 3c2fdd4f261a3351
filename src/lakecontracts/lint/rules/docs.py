"""Ownership and descriptions: someone answers for every event and every field is explained."""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem

MIN_DESCRIPTION = 10


def owner_declared(ctx: LintContext) -> Iterator[Problem]:
    owner = ctx.get("owner", str)
    owners = ctx.config.owners
    if owner is not None and owners and owner not in owners:
        yield Problem(
            ("owner",), f"owner '{owner}' is not in registry.yaml owners ({', '.join(owners)})"
        )


def description_present(ctx: LintContext) -> Iterator[Problem]:
    description = ctx.data.get("description")
    if isinstance(description, str) and len(description.strip()) < MIN_DESCRIPTION:
        yield Problem(
            ("description",),
            f"event description must say what happened and when it is sent "
            f"(at least {MIN_DESCRIPTION} characters)",
        )


def field_description_present(ctx: LintContext) -> Iterator[Problem]:
    for site in ctx.properties:
        description = site.schema.get("description")
        if not isinstance(description, str) or not description.strip():
            yield Problem(site.path, f"field '{site.key}' needs a description", at_key=True)
