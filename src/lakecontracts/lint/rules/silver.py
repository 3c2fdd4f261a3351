"""Silver mappings: columns come from real paths, natural keys are unique and always present."""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.lint.context import LintContext, envelope_has_path, is_nullable
from lakecontracts.lint.findings import Problem
from lakecontracts.registry import naming as names
from lakecontracts.registry.fields import FieldSite


def silver_source_exists(ctx: LintContext) -> Iterator[Problem]:
    columns = ctx.silver.get("columns")
    if not isinstance(columns, dict):
        return
    for column, source in columns.items():
        if not isinstance(source, str) or not _source_exists(ctx, source):
            yield Problem(
                ("silver", "columns", column),
                f"Silver column '{column}' reads {source!r}, which is not a field of this "
                "event (use payload.<field>, meta.<field> or context.<field>)",
            )


def _source_exists(ctx: LintContext, source: str) -> bool:
    head, _, rest = source.partition(".")
    if not rest:
        return False
    if head == "payload":
        return ctx.payload_property(rest) is not None
    if head in ("meta", "context"):
        return envelope_has_path(ctx.config.envelope, source)
    return False


def natural_key_declared(ctx: LintContext) -> Iterator[Problem]:
    keys = ctx.silver.get("natural_key")
    if not isinstance(keys, list):
        return
    for index, key in enumerate(keys):
        if not isinstance(key, str) or ctx.payload_property(key) is None:
            yield Problem(
                ("silver", "natural_key", index),
                f"natural key {key!r} is not a payload field",
            )


def natural_key_required(ctx: LintContext) -> Iterator[Problem]:
    for index, site in _natural_key_sites(ctx):
        if not site.required:
            yield Problem(
                ("silver", "natural_key", index),
                f"natural key '{site.key}' must be listed in payload.required",
            )


def natural_key_not_nullable(ctx: LintContext) -> Iterator[Problem]:
    for _index, site in _natural_key_sites(ctx):
        if is_nullable(site.schema):
            yield Problem(site.path, f"natural key '{site.key}' cannot be nullable")


def natural_key_annotated(ctx: LintContext) -> Iterator[Problem]:
    keys = ctx.silver.get("natural_key")
    names = {k for k in keys if isinstance(k, str)} if isinstance(keys, list) else set()
    for site in ctx.properties:
        if (
            site.schema.get("x-natural-key") is True
            and (site.name if site.plain else None) not in names
        ):
            yield Problem(
                (*site.path, "x-natural-key"),
                f"field '{site.name if site.plain else site.key}' is marked x-natural-key but "
                "silver.natural_key does not list it",
            )


def _natural_key_sites(ctx: LintContext) -> Iterator[tuple[int, FieldSite]]:
    keys = ctx.silver.get("natural_key")
    if not isinstance(keys, list):
        return
    for index, key in enumerate(keys):
        site = ctx.payload_property(key) if isinstance(key, str) else None
        if site is not None:
            yield index, site


def silver_reference_format(ctx: LintContext) -> Iterator[Problem]:
    for problem in names.silver_reference_problems(ctx.silver):
        yield Problem(problem.path, problem.message, at_key=problem.at_key)
