"""registry.yaml's alert settings against the delivery settings they depend on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.alerts import settings_from
from lakecontracts.registry.yamlsource import JsonPath


def lag_alert_reachable(ctx: LintContext) -> Iterator[Problem]:
    """Firehose holds a record up to its buffer interval before delivering it, so the p95
    ingestion lag is at least that interval: a lower lag threshold fires all the time."""
    settings = settings_from(ctx.data)
    buffer = settings.firehose_buffer_seconds
    default = "" if _declared(ctx.data, ("firehose", "buffer_interval_seconds")) else " (default)"
    for key, threshold in (
        ("critical_seconds", settings.lag_critical_seconds),
        ("warning_seconds", settings.lag_warning_seconds),
    ):
        if threshold is not None and threshold <= buffer:
            yield Problem(
                _where(ctx.data, key),
                f"a p95 ingestion lag alert at {threshold:g} s can never be met while Firehose "
                f"buffers up to {buffer} s{default}: set firehose.buffer_interval_seconds below "
                "the threshold, or raise alerts.ingestion_lag_p95",
            )


def _where(data: dict[str, Any], key: str) -> JsonPath:
    """The lag setting if declared, else the buffer setting, else the alerts section."""
    for path in (
        ("alerts", "ingestion_lag_p95", key),
        ("firehose", "buffer_interval_seconds"),
        ("alerts",),
    ):
        if _declared(data, path):
            return path
    return ()


def _declared(data: Any, path: JsonPath) -> bool:
    for step in path:
        if not isinstance(data, dict) or step not in data:
            return False
        data = data[step]
    return True
