"""Names: events, fields, Silver tables and columns, and the file's place."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry import naming as names
from lakecontracts.registry.naming import RESERVED, NameProblem, shown
from lakecontracts.registry.reserved_words import DDL_RESERVED, DML_RESERVED

VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.ya?ml$")


def _problems(found: Iterable[NameProblem]) -> Iterator[Problem]:
    for problem in found:
        yield Problem(problem.path, problem.message, at_key=problem.at_key)


def event_name_format(ctx: LintContext) -> Iterator[Problem]:
    yield from _problems(names.event_name_problems(ctx.get("event", str)))


def path_matches_event(ctx: LintContext) -> Iterator[Problem]:
    event = ctx.get("event", str)
    if event is None or "." not in event:
        return
    domain, name = event.split(".", 1)
    expected = ("events", domain, name)
    if ctx.relpath.parts[:-1] != expected:
        where = "/".join(expected) + "/"
        yield Problem(
            ("event",),
            f"file is at {ctx.relpath.parent}/ but event {shown(event)} belongs in "
            f"{where if where.isprintable() and len(where) <= 120 else shown(where, 120)}",
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
    yield from _problems(names.field_name_problems(ctx.data.get("payload")))


def field_name_not_reserved(ctx: LintContext) -> Iterator[Problem]:
    for site in ctx.properties:
        lowered = site.key.lower()
        if lowered in DDL_RESERVED or lowered in DML_RESERVED:
            where = "DDL" if lowered in DDL_RESERVED else "DML"
            yield Problem(
                site.path,
                f"field name '{site.key}' is an Athena {where} reserved word; "
                f"rename it (e.g. '{lowered}_value' or a more specific name)",
                at_key=True,
            )


def silver_table_name(ctx: LintContext) -> Iterator[Problem]:
    yield from _problems(names.silver_table_problems(ctx.silver))


def silver_column_name(ctx: LintContext) -> Iterator[Problem]:
    yield from _problems(names.silver_column_problems(ctx.silver, RESERVED))
