"""The file's shape."""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.structure import structure_violations


def contract_structure(ctx: LintContext) -> Iterator[Problem]:
    """Keys, value types and required entries of the contract file format."""
    if not isinstance(ctx.doc.data, dict):
        yield Problem((), "a contract must be a mapping of keys (event, v, status, ...)")
        return
    for violation in structure_violations(ctx.doc.data, "contract"):
        yield Problem(violation.path, violation.message, at_key=violation.at_key)


def payload_is_object(ctx: LintContext) -> Iterator[Problem]:
    payload = ctx.data.get("payload")
    if isinstance(payload, dict) and payload.get("type") != "object":
        yield Problem(("payload",), "payload must be an object schema ('type: object')")
