"""Versions and lifecycle: supersession, compatibility mode, deprecation and retirement dates."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.config import COMPATIBILITY_MODES
from lakecontracts.registry.registry import CONTRACT_SUFFIXES


def supersedes_required(ctx: LintContext) -> Iterator[Problem]:
    version = ctx.get("v", int)
    if version is not None and version > 1 and "supersedes" not in ctx.data:
        yield Problem(
            ("v",),
            f"v{version} must say which version it replaces: add 'supersedes: {version - 1}'",
        )


def supersedes_earlier_version(ctx: LintContext) -> Iterator[Problem]:
    version, previous = ctx.get("v", int), ctx.get("supersedes", int)
    if version is None or previous is None:
        return
    if previous >= version:
        yield Problem(("supersedes",), f"supersedes {previous} must be lower than v {version}")
        return
    siblings = [ctx.relpath.parent / f"v{previous}{suffix}" for suffix in CONTRACT_SUFFIXES]
    if ctx.registry_files and not any(s in ctx.registry_files for s in siblings):
        yield Problem(("supersedes",), f"superseded version file {siblings[0]} does not exist")


def version_defined_once(ctx: LintContext) -> Iterator[Problem]:
    """v1.yaml and v1.yml side by side would define one event version twice."""
    twins = [
        ctx.relpath.with_suffix(suffix)
        for suffix in CONTRACT_SUFFIXES
        if suffix != ctx.relpath.suffix and ctx.relpath.with_suffix(suffix) in ctx.registry_files
    ]
    if twins:
        yield Problem(
            ("v",),
            f"this version is also defined in {twins[0]}; keep one file per event version",
        )


def compatibility_mode_known(ctx: LintContext) -> Iterator[Problem]:
    mode = ctx.data.get("compatibility")
    if mode is not None and mode not in COMPATIBILITY_MODES:
        yield Problem(
            ("compatibility",),
            f"unknown compatibility mode {mode!r}; use one of {', '.join(COMPATIBILITY_MODES)}",
        )


def deprecated_has_dates(ctx: LintContext) -> Iterator[Problem]:
    if ctx.data.get("status") == "deprecated":
        for key in ("deprecated_on", "sunset_on"):
            if key not in ctx.data:
                yield Problem(("status",), f"a deprecated contract needs '{key}: YYYY-MM-DD'")


def retired_has_date(ctx: LintContext) -> Iterator[Problem]:
    if ctx.data.get("status") == "retired" and "retired_on" not in ctx.data:
        yield Problem(("status",), "a retired contract needs 'retired_on: YYYY-MM-DD'")


def lifecycle_dates_ordered(ctx: LintContext) -> Iterator[Problem]:
    order = ("deprecated_on", "sunset_on", "retired_on")
    dates = [(key, ctx.data[key]) for key in order if isinstance(ctx.data.get(key), str)]
    for (early_key, early), (late_key, late) in pairwise(dates):
        if late < early:
            yield Problem((late_key,), f"{late_key} {late} is before {early_key} {early}")


def lifecycle_dates_match_status(ctx: LintContext) -> Iterator[Problem]:
    status = ctx.data.get("status")
    if status in ("draft", "active"):
        for key in ("deprecated_on", "sunset_on", "retired_on"):
            if key in ctx.data:
                yield Problem(
                    (key,), f"'{key}' on a {status} contract: set status, or remove the date"
                )
