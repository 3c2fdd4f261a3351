"""registry.yaml's residual-data inventory (issue #17): where deleted data survives a purge.

S3 noncurrent object versions, Athena query results, table-format snapshots and backups keep
an erased subject's rows after the lake is purged. Each is declared under
``storage.residual`` with its maximum lifetime; these rules hold that every one is gone
within the DSAR deadline and that something removes it: a lifecycle rule the generated
CloudFormation carries (bronze noncurrent versions) or one named in ``lifecycle``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem

_DEFAULT_DEADLINE = 30


def _entries(ctx: LintContext) -> Iterator[tuple[str, dict[str, Any]]]:
    storage = ctx.data.get("storage")
    residual = storage.get("residual") if isinstance(storage, dict) else None
    if isinstance(residual, dict):
        for name, spec in residual.items():
            if isinstance(spec, dict):
                yield str(name), spec


def residual_within_deadline(ctx: LintContext) -> Iterator[Problem]:
    storage = ctx.data.get("storage")
    deadline = storage.get("dsar_deadline_days") if isinstance(storage, dict) else None
    days = deadline if isinstance(deadline, int) else _DEFAULT_DEADLINE
    for name, spec in _entries(ctx):
        lifetime = spec.get("max_days")
        if isinstance(lifetime, int) and lifetime > days:
            yield Problem(
                ("storage", "residual", name, "max_days"),
                f"{name} keeps deleted data up to {lifetime} days, beyond the DSAR deadline of "
                f"{days} days; shorten its lifecycle rule so an erasure is physically complete "
                "in time",
            )


def residual_has_lifecycle(ctx: LintContext) -> Iterator[Problem]:
    for name, spec in _entries(ctx):
        generated = (
            spec.get("kind") == "s3_noncurrent_versions" and spec.get("location") == "bronze"
        )
        if not generated and not spec.get("lifecycle"):
            yield Problem(
                ("storage", "residual", name),
                f"{name} declares no lifecycle rule, so nothing removes what it keeps; name the "
                "rule in 'lifecycle:' (only bronze noncurrent versions get a generated rule)",
            )
