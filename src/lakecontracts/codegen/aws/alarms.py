"""CloudWatch alarms for the CloudFormation template, from registry.yaml's alert settings.

They watch the metrics the ingest runtimes emit as Embedded Metric Format lines (namespace
``LakeContracts/Ingest``: ``SchemaFailureRate`` in percent per window, ``IngestionLagP95`` in
seconds), once for ``contracts ingest`` (dimension ``Service=ingest``) and once for the
Firehose Lambda (``Service=firehose``) and the Athena workgroup's ``ProcessedBytes``, with the
thresholds ``contracts monitor`` applies to the operational tables. Bronze to Silver
freshness comes from ``contracts monitor --format emf`` (``BronzeToSilverFreshness`` in
seconds, dimension ``Service=monitor``), run on a schedule whose output CloudWatch Logs reads;
without it the freshness alarms see no data and stay OK. The Firehose
handler's ``FirehoseResponseOverLimit`` (dimension ``Service=firehose``: records answered
``ProcessingFailed`` because the enriched response would pass Lambda's 6 MB) warns on any.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lakecontracts.registry.alerts import AlertSettings

#: The runtime's EMF namespace, dimension and metric names (tests compare them with its output).
EMF_NAMESPACE = "LakeContracts/Ingest"
EMF_DIMENSIONS = [{"Name": "Service", "Value": "ingest"}]
FAILURE_RATE_METRIC = "SchemaFailureRate"
LAG_METRIC = "IngestionLagP95"
FIREHOSE_DIMENSIONS = [{"Name": "Service", "Value": "firehose"}]
OVER_LIMIT_METRIC = "FirehoseResponseOverLimit"
MONITOR_DIMENSIONS = [{"Name": "Service", "Value": "monitor"}]
FRESHNESS_METRIC = "BronzeToSilverFreshness"


@dataclass(frozen=True)
class Alarm:
    logical_id: str
    name: str
    level: str
    description: str
    namespace: str
    metric: str
    dimensions: list[dict[str, Any]]
    statistic: str
    period_seconds: int
    threshold: float
    origin: str = "registry.yaml alerts"


#: The runtimes that emit the schema-failure and lag metrics: the batch command and the
#: Firehose Lambda (each with its own ``Service`` dimension). Each gets its own alarms, so the
#: deployed Lambda's failures are watched too, not only a batch ingest's.
INGEST_SERVICES = (("", EMF_DIMENSIONS, ""), ("Firehose", FIREHOSE_DIMENSIONS, "firehose-"))


def alarms(settings: AlertSettings, registry: str, workgroup: dict[str, Any]) -> list[Alarm]:
    found: list[Alarm] = []
    for prefix, dimensions, name_prefix in INGEST_SERVICES:
        found.extend(_ingest_alarms(settings, registry, prefix, dimensions, name_prefix))
    found.extend(_other_alarms(settings, registry, workgroup))
    return found


def _ingest_alarms(
    settings: AlertSettings,
    registry: str,
    prefix: str,
    dimensions: list[dict[str, Any]],
    name_prefix: str,
) -> list[Alarm]:
    found: list[Alarm] = []
    where = f" ({prefix} Lambda)" if prefix else ""
    failure_period = settings.failure_window_minutes * 60
    for level, ratio in (
        ("warning", settings.failure_warning),
        ("critical", settings.failure_critical),
    ):
        found.append(
            Alarm(
                f"{prefix}SchemaFailureRate{level.title()}Alarm",
                f"{registry}-{name_prefix}schema-failure-rate-{level}",
                level,
                f"Schema failure rate above {ratio:.3%} per {settings.failure_window_minutes} min"
                f"{where}",
                EMF_NAMESPACE,
                FAILURE_RATE_METRIC,
                dimensions,
                "Maximum",
                failure_period,
                round(ratio * 100, 6),
            )
        )
    lag_period = settings.lag_window_minutes * 60
    for level, seconds in (
        ("warning", settings.lag_warning_seconds),
        ("critical", settings.lag_critical_seconds),
    ):
        if seconds is not None:
            found.append(
                Alarm(
                    f"{prefix}IngestionLagP95{level.title()}Alarm",
                    f"{registry}-{name_prefix}ingestion-lag-p95-{level}",
                    level,
                    f"p95 ingestion lag above {seconds:g} s{where}",
                    EMF_NAMESPACE,
                    LAG_METRIC,
                    dimensions,
                    "Maximum",
                    lag_period,
                    float(seconds),
                )
            )
    return found


def _other_alarms(settings: AlertSettings, registry: str, workgroup: dict[str, Any]) -> list[Alarm]:
    found: list[Alarm] = []
    for level, minutes in (
        ("warning", settings.freshness_warning_minutes),
        ("critical", settings.freshness_critical_minutes),
    ):
        if minutes is not None:
            found.append(
                Alarm(
                    f"BronzeToSilverFreshness{level.title()}Alarm",
                    f"{registry}-bronze-to-silver-freshness-{level}",
                    level,
                    f"Bronze to Silver freshness above {minutes:g} min "
                    "(contracts monitor --format emf)",
                    EMF_NAMESPACE,
                    FRESHNESS_METRIC,
                    MONITOR_DIMENSIONS,
                    "Maximum",
                    300,
                    float(minutes * 60),
                )
            )
    found.append(
        Alarm(
            "FirehoseResponseOverLimitWarningAlarm",
            f"{registry}-firehose-response-over-limit-warning",
            "warning",
            "Firehose records answered ProcessingFailed for Lambda's 6 MB response limit "
            "(lower BufferSizeInMBs; replay the processing-failed output)",
            EMF_NAMESPACE,
            OVER_LIMIT_METRIC,
            FIREHOSE_DIMENSIONS,
            "Sum",
            300,
            0.0,
            "any record; not a registry setting",
        )
    )
    if settings.athena_budget_bytes is not None:
        hours = settings.athena_window_hours
        found.append(
            Alarm(
                "AthenaBytesScannedWarningAlarm",
                f"{registry}-athena-bytes-scanned-warning",
                "warning",
                f"Athena scanned more than {settings.athena_budget_bytes} bytes in {hours} h",
                "AWS/Athena",
                "ProcessedBytes",
                [{"Name": "WorkGroup", "Value": workgroup}],
                "Sum",
                hours * 3600,
                float(settings.athena_budget_bytes),
            )
        )
    return found  # fmt: skip


def alarm_resource(alarm: Alarm) -> dict[str, Any]:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmName": alarm.name,
            "AlarmDescription": f"[{alarm.level}] {alarm.description} ({alarm.origin})",
            "Namespace": alarm.namespace,
            "MetricName": alarm.metric,
            "Dimensions": alarm.dimensions,
            "Statistic": alarm.statistic,
            "Period": alarm.period_seconds,
            "EvaluationPeriods": 1,
            "Threshold": alarm.threshold,
            "ComparisonOperator": "GreaterThanThreshold",
            "TreatMissingData": "notBreaching",
        },
    }
