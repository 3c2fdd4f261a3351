"""registry.yaml ``alerts`` and ``firehose``: the thresholds every consumer reads the same way.

``contracts monitor`` evaluates them over the operational database, the generated
CloudFormation turns them into CloudWatch alarms on the runtime's EMF metrics, and lint checks
that they can be met. Defaults are the lakehouse's (issue #14): p95 ingestion lag over 60 s
critical, Bronze to Silver freshness over 15 min warning, schema failure rate over 0.3% per
5 min warning and 0.5% critical; an Athena budget only when one is declared. Firehose buffers
300 s by default (AWS's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FIREHOSE_DEFAULT_BUFFER_SECONDS = 300


@dataclass(frozen=True)
class AlertSettings:
    failure_window_minutes: int = 5
    failure_warning: float = 0.003
    failure_critical: float = 0.005
    lag_window_minutes: int = 5
    lag_warning_seconds: float | None = None
    lag_critical_seconds: float = 60.0
    freshness_warning_minutes: float = 15.0
    freshness_critical_minutes: float | None = None
    athena_budget_bytes: int | None = None
    athena_window_hours: int = 24
    #: Jobs whose ``bytes_scanned`` are Athena scans (ingest's are its input bytes).
    athena_jobs: tuple[str, ...] = ("curate",)
    firehose_buffer_seconds: int = FIREHOSE_DEFAULT_BUFFER_SECONDS


def settings_from(data: dict[str, Any]) -> AlertSettings:
    """The settings with defaults filled in (the structure schema has checked the types);
    ``RegistryConfig.alerts`` holds them for a loaded registry."""
    alerts = _section(data, "alerts")
    failure = _section(alerts, "schema_failure_rate")
    lag = _section(alerts, "ingestion_lag_p95")
    freshness = _section(alerts, "bronze_to_silver_freshness")
    athena = _section(alerts, "athena_bytes_scanned")
    firehose = _section(data, "firehose")
    base = AlertSettings()
    return AlertSettings(
        failure_window_minutes=failure.get("window_minutes", base.failure_window_minutes),
        failure_warning=failure.get("warning", base.failure_warning),
        failure_critical=failure.get("critical", base.failure_critical),
        lag_window_minutes=lag.get("window_minutes", base.lag_window_minutes),
        lag_warning_seconds=lag.get("warning_seconds"),
        lag_critical_seconds=lag.get("critical_seconds", base.lag_critical_seconds),
        freshness_warning_minutes=freshness.get("warning_minutes", base.freshness_warning_minutes),
        freshness_critical_minutes=freshness.get("critical_minutes"),
        athena_budget_bytes=athena.get("budget_bytes"),
        athena_window_hours=athena.get("window_hours", base.athena_window_hours),
        athena_jobs=tuple(athena.get("jobs", base.athena_jobs)),
        firehose_buffer_seconds=firehose.get(
            "buffer_interval_seconds", base.firehose_buffer_seconds
        ),
    )


def _section(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}
