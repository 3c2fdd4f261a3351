"""Failure-rate windows, alert levels from the registry's thresholds, lag p95, EMF shape."""

from __future__ import annotations

from lakecontracts.runtime.manifest_index import AlertThresholds, ManifestIndex
from lakecontracts.runtime.metrics import AlertLevel, IngestMetrics
from lakecontracts.runtime.records import Reason


def test_thresholds_come_from_the_registry(index: ManifestIndex) -> None:
    assert index.thresholds == AlertThresholds(window_seconds=300, warning=0.003, critical=0.005)


def _metrics_with(failures: int, total: int) -> IngestMetrics:
    metrics = IngestMetrics(AlertThresholds())
    for i in range(total - failures):
        metrics.accepted(1_000_000.0 + i % 10, "1970-01-12T13:46:30Z", deprecated=False)
    for _ in range(failures):
        metrics.quarantined(1_000_001.0, Reason.SCHEMA_VIOLATION)
    return metrics


def test_alert_levels_follow_the_thresholds() -> None:
    levels = {}
    for failures in (0, 2, 3, 4, 5, 6):
        metrics = _metrics_with(failures, 1000)
        [window] = metrics.windows.values()
        levels[failures] = metrics.level(window)
    assert levels == {
        0: AlertLevel.OK,
        2: AlertLevel.OK,
        3: AlertLevel.WARNING,
        4: AlertLevel.WARNING,
        5: AlertLevel.CRITICAL,
        6: AlertLevel.CRITICAL,
    }


def test_windows_are_five_minutes_and_lag_p95_is_near_the_truth() -> None:
    metrics = IngestMetrics()
    start = 1_767_225_600.0  # 2026-01-01T00:00:00Z, a window boundary
    for i in range(100):
        metrics.accepted(start + i, "2026-01-01T00:00:00Z", deprecated=False)  # lag = i s
    metrics.accepted(start + 300, "2026-01-01T00:05:00Z", deprecated=True)
    assert sorted(metrics.windows) == [int(start), int(start) + 300]
    p95 = metrics.windows[int(start)].lag_p95()
    assert p95 is not None and 94 <= p95 <= 95 * 1.1


def test_emf_documents_name_their_metrics() -> None:
    metrics = _metrics_with(5, 1000)
    documents = metrics.emf_lines()
    main, by_reason = documents
    declared = {m["Name"] for m in main["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert declared <= set(main) and "SchemaFailureRate" in declared
    assert main["SchemaFailureRate"] == 0.5 and main["AlertLevel"] == "critical"
    assert by_reason["Reason"] == "schema_violation" and by_reason["QuarantinedByReason"] == 5
    assert main["_aws"]["Timestamp"] % 300_000 == 0


def test_a_batch_counts_as_its_records_one_by_one() -> None:
    at = 1_767_225_900.5
    occurred = ["2026-01-01T00:04:59Z", "not a time", "2026-01-01T00:00:00.250+00:00", "2027-01-01"]
    one_by_one, batched = IngestMetrics(), IngestMetrics()
    for i, occurred_at in enumerate(occurred):
        one_by_one.accepted(at, occurred_at, deprecated=i % 2 == 0)
    batched.accepted_many(at, occurred, deprecated=2)
    assert batched.windows == one_by_one.windows
    window = batched.windows[1_767_225_900]
    assert (window.bronze, window.deprecated, sum(window.lag)) == (4, 2, 3)
    assert window.lag[0] == 1  # occurred in the future: lag 0, not negative


def test_a_lag_of_months_is_reported_truthfully_and_beyond_years_as_more_than() -> None:
    metrics = IngestMetrics()
    at = 1_767_225_600.0  # 2026-01-01
    metrics.accepted(at, "2025-09-01T00:00:00Z", deprecated=False)  # 122 days
    [window] = metrics.windows.values()
    p95 = window.lag_p95()
    assert p95 is not None and 122 * 86400 <= p95 <= 122 * 86400 * 1.1
    assert not window.lag_p95_over_bound()
    metrics.accepted(at, "1970-01-01T00:00:00Z", deprecated=False)  # 56 years
    metrics.accepted(at, "1970-01-01T00:00:00Z", deprecated=False)
    assert window.lag_p95_over_bound()
