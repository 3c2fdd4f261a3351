"""Regular expressions and formats: they must work, be safe, and mean what they say."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.regex.safety import catastrophic_shape

#: Formats the validators really assert (see the runtime validators) and Athena can carry.
KNOWN_FORMATS = frozenset(
    {"uuid", "date-time", "date", "time", "email", "uri", "ipv4", "ipv6", "hostname"}
)


def _patterns(ctx: LintContext) -> Iterator[tuple[tuple[Any, ...], str]]:
    for path, schema in ctx.schemas:
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            yield (*path, "pattern"), pattern
        pattern_props = schema.get("patternProperties")
        if isinstance(pattern_props, dict):
            for key in pattern_props:
                yield (*path, "patternProperties", key), key


def _compiles(pattern: str) -> re.error | None:
    try:
        re.compile(pattern)
    except re.error as exc:
        return exc
    return None


def pattern_compiles(ctx: LintContext) -> Iterator[Problem]:
    for path, pattern in _patterns(ctx):
        error = _compiles(pattern)
        if error is not None:
            yield Problem(path, f"pattern {pattern!r} does not compile: {error}")


def pattern_not_catastrophic(ctx: LintContext) -> Iterator[Problem]:
    for path, pattern in _patterns(ctx):
        if _compiles(pattern) is None and (reason := catastrophic_shape(pattern)):
            yield Problem(path, f"pattern {pattern!r} can backtrack catastrophically: {reason}")


def pattern_anchored(ctx: LintContext) -> Iterator[Problem]:
    for path, pattern in _patterns(ctx):
        if path[-1] == "pattern" and not (pattern.startswith("^") and pattern.endswith("$")):
            yield Problem(
                path,
                f"pattern {pattern!r} is not anchored; JSON Schema patterns match anywhere, "
                "so write ^...$ unless a substring match is meant",
            )


def format_known(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        fmt = schema.get("format")
        if fmt is not None and (not isinstance(fmt, str) or fmt not in KNOWN_FORMATS):
            yield Problem(
                (*path, "format"),
                f"unknown format {fmt!r}; use one of {', '.join(sorted(KNOWN_FORMATS))} "
                "or a pattern",
            )
