"""registry.yaml's residual-data inventory (issue #17): where deleted data survives a purge.

S3 noncurrent object versions, Athena query results, table-format snapshots and backups keep
an erased subject's rows after the lake is purged. Each is declared under
``storage.residual`` with its maximum lifetime; these rules hold that every one is gone
within the DSAR deadline and that something removes it: a lifecycle rule the generated
CloudFormation carries (noncurrent versions in the bronze, quarantine and Silver buckets) or one
named in ``lifecycle``. Quarantine keeps the raw bytes of rejected records, which a purge does
not rewrite: its expiry (``storage.quarantine_expire_after_days``) is held to the deadline too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.storage import (
    BUCKET_LAYERS,
    DEFAULT_DSAR_DEADLINE_DAYS,
    DEFAULT_QUARANTINE_EXPIRE_AFTER_DAYS,
)

_DEFAULT_DEADLINE = DEFAULT_DSAR_DEADLINE_DAYS


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
            spec.get("kind") == "s3_noncurrent_versions" and spec.get("location") in BUCKET_LAYERS
        )
        if not generated and not spec.get("lifecycle"):
            yield Problem(
                ("storage", "residual", name),
                f"{name} declares no lifecycle rule, so nothing removes what it keeps; name the "
                "rule in 'lifecycle:' (noncurrent versions in the bronze, quarantine and silver "
                "buckets get a generated rule)",
            )


def quarantine_within_deadline(ctx: LintContext) -> Iterator[Problem]:
    storage = ctx.data.get("storage")
    if not isinstance(storage, dict):
        return
    deadline = storage.get("dsar_deadline_days")
    days = deadline if isinstance(deadline, int) else _DEFAULT_DEADLINE
    declared = storage.get("quarantine_expire_after_days")
    expiry = declared if isinstance(declared, int) else DEFAULT_QUARANTINE_EXPIRE_AFTER_DAYS
    if expiry > days:
        where = (
            ("storage", "quarantine_expire_after_days") if declared is not None else ("storage",)
        )
        yield Problem(
            where,
            f"quarantined records (raw bytes, possibly personal data) are kept {expiry} days"
            f"{'' if declared is not None else ' (the default)'}, beyond the DSAR deadline of "
            f"{days} days; set storage.quarantine_expire_after_days to at most {days}",
        )
