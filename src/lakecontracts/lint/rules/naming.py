"""Names: events, fields, Silver tables and columns, and the file's place."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.lint.reserved_words import DDL_RESERVED, DML_RESERVED

EVENT_NAME = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9]*(_[a-z0-9]+)+$")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")
SILVER_TABLE = re.compile(r"^(fact|dim)_[a-z][a-z0-9_]*$")
VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.ya?ml$")


def event_name_format(ctx: LintContext) -> Iterator[Problem]:
    event = ctx.get("event", str)
    if event is not None and not EVENT_NAME.match(event):
        yield Problem(
            ("event",),
            f"event name '{event}' must be domain.object_action in snake_case "
            "(e.g. booking.leg_created)",
        )


def path_matches_event(ctx: LintContext) -> Iterator[Problem]:
    event = ctx.get("event", str)
    if event is None or "." not in event:
        return
    domain, name = event.split(".", 1)
    expected = ("events", domain, name)
    if ctx.relpath.parts[:-1] != expected:
        yield Problem(
            ("event",),
            f"file is at {ctx.relpath.parent}/ but event '{event}' belongs in "
            f"{'/'.join(expected)}/",
        )


def path_matches_version(ctx: LintContext) -> Iterator[Problem]:
    version = ctx.get("v", int)
    if version is None:
        return
    match = VERSION_FILE.match(ctx.relpath.name)
    if match is None or int(match[1]) != version:
        yield Problem(
            ("v",),
            f"file name '{ctx.relpath.name}' must be v{version}.yaml to match 'v: {version}'",
        )


def field_name_snake_case(ctx: LintContext) -> Iterator[Problem]:
    for site in ctx.properties:
        if not SNAKE_CASE.match(site.name):
            yield Problem(
                site.path, f"field name '{site.name}' must match ^[a-z][a-z0-9_]*$", at_key=True
            )


def field_name_not_reserved(ctx: LintContext) -> Iterator[Problem]:
    for site in ctx.properties:
        lowered = site.name.lower()
        if lowered in DDL_RESERVED or lowered in DML_RESERVED:
            where = "DDL" if lowered in DDL_RESERVED else "DML"
            yield Problem(
                site.path,
                f"field name '{site.name}' is an Athena {where} reserved word; "
                f"rename it (e.g. '{lowered}_value' or a more specific name)",
                at_key=True,
            )


def silver_table_name(ctx: LintContext) -> Iterator[Problem]:
    table = ctx.silver.get("table")
    if isinstance(table, str) and not SILVER_TABLE.match(table):
        yield Problem(
            ("silver", "table"), f"Silver table '{table}' must be fact_<name> or dim_<name>"
        )


def silver_column_name(ctx: LintContext) -> Iterator[Problem]:
    columns = ctx.silver.get("columns")
    if not isinstance(columns, dict):
        return
    for name in columns:
        if not SNAKE_CASE.match(name) or name in DDL_RESERVED or name in DML_RESERVED:
            yield Problem(
                ("silver", "columns", name),
                f"Silver column '{name}' must be snake_case and not an Athena reserved word",
                at_key=True,
            )
