"""Ingest metrics: schema failure rate per window against the registry's thresholds, ingestion
lag p95, counts by outcome and reason; rendered as CloudWatch Embedded Metric Format lines.

The failure rate of a window is quarantined / (bronze + quarantined): duplicates are neither.
Windows are aligned to the epoch (a 5-minute window starts at :00, :05, ...), like CloudWatch
periods. Lag is ``ingested_at - meta.occurred_at``, kept in a fixed log-scale histogram so
memory stays constant at any rate; p95 is reported as the upper bound of its bucket (at most
10% above the true value).
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from lakecontracts.runtime.manifest_index import AlertThresholds
from lakecontracts.runtime.records import Reason

NAMESPACE = "LakeContracts/Ingest"
#: Histogram bucket upper bounds in seconds: 1 ms to ~11 years, each 10% above the last; a lag
#: above the top bound lands in an overflow bucket and is reported as "more than" the bound.
LAG_TOP_SECONDS = 3.5e8
_LAG_BOUNDS = tuple(0.001 * 1.1**i for i in range(int(math.log(LAG_TOP_SECONDS / 0.001, 1.1)) + 2))


class AlertLevel(StrEnum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"

    def reaches(self, threshold: AlertLevel) -> bool:
        """This level is ``threshold`` or more severe (members are declared mildest first)."""
        order = list(AlertLevel)
        return order.index(self) >= order.index(threshold)


@dataclass
class WindowStats:
    """Counts of one window."""

    start: int  # epoch seconds
    bronze: int = 0
    quarantined: int = 0
    duplicates: int = 0
    tombstoned: int = 0
    deprecated: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    lag: list[int] = field(default_factory=lambda: [0] * (len(_LAG_BOUNDS) + 1))

    @property
    def failure_rate(self) -> float:
        judged = self.bronze + self.quarantined
        return self.quarantined / judged if judged else 0.0

    def lag_p95_over_bound(self) -> bool:
        """True when the p95 lies in the overflow bucket: the lag is more than the top bound."""
        total = sum(self.lag)
        return bool(total) and sum(self.lag[:-1]) < math.ceil(0.95 * total)

    def lag_p95(self) -> float | None:
        """Seconds; None when no event in the window carried a readable occurred_at."""
        total = sum(self.lag)
        if not total:
            return None
        rank = math.ceil(0.95 * total)
        running = 0
        for bucket, count in enumerate(self.lag):
            running += count
            if running >= rank:
                return _LAG_BOUNDS[min(bucket, len(_LAG_BOUNDS) - 1)]
        return None  # unreachable: running reaches total


class IngestMetrics:
    """Collects per-window statistics while the pipeline runs."""

    def __init__(self, thresholds: AlertThresholds | None = None) -> None:
        self.thresholds = thresholds or AlertThresholds()
        self.windows: dict[int, WindowStats] = {}
        self._current: WindowStats | None = None

    def _window(self, at: float) -> WindowStats:
        current = self._current
        size = self.thresholds.window_seconds
        start = int(at) // size * size
        if current is not None and current.start == start:
            return current
        window = self.windows.get(start)
        if window is None:
            window = self.windows[start] = WindowStats(start)
        self._current = window
        return window

    def accepted(self, at: float, occurred_at: str, deprecated: bool) -> None:
        self.accepted_many(at, [occurred_at], int(deprecated))

    def accepted_many(self, at: float, occurred: list[str], deprecated: int) -> None:
        """A batch accepted at ``at``: the ``occurred_at`` of each record, how many deprecated."""
        self.accepted_epochs(at, [epoch_seconds(o) for o in occurred], deprecated)

    def accepted_epochs(self, at: float, occurred: list[float], deprecated: int) -> None:
        """:meth:`accepted_many` with each ``occurred_at`` as epoch seconds (NaN when it did
        not parse: counted, no lag)."""
        window = self._window(at)
        window.bronze += len(occurred)
        window.deprecated += deprecated
        lag, bounds = window.lag, _LAG_BOUNDS
        for epoch in occurred:
            if epoch == epoch:  # not NaN
                seconds = at - epoch
                lag[bisect.bisect_left(bounds, seconds if seconds > 0.0 else 0.0)] += 1

    def quarantined(self, at: float, reason: Reason) -> None:
        window = self._window(at)
        window.quarantined += 1
        window.reasons[reason.value] += 1

    def duplicate(self, at: float, count: int = 1) -> None:
        self._window(at).duplicates += count

    def tombstoned(self, at: float, count: int = 1) -> None:
        self._window(at).tombstoned += count

    def level(self, window: WindowStats) -> AlertLevel:
        rate = window.failure_rate
        if rate >= self.thresholds.critical and rate > 0:
            return AlertLevel.CRITICAL
        if rate >= self.thresholds.warning and rate > 0:
            return AlertLevel.WARNING
        return AlertLevel.OK

    def totals(self) -> WindowStats:
        """All windows added together (start = the first window's start)."""
        total = WindowStats(min(self.windows, default=0))
        for window in self.windows.values():
            total.bronze += window.bronze
            total.quarantined += window.quarantined
            total.duplicates += window.duplicates
            total.tombstoned += window.tombstoned
            total.deprecated += window.deprecated
            total.reasons.update(window.reasons)
            total.lag = [a + b for a, b in zip(total.lag, window.lag, strict=True)]
        return total

    def emf_lines(self, service: str = "ingest") -> list[dict[str, Any]]:
        """One EMF document per window, plus one per (window, reason) for the reason counts."""
        documents: list[dict[str, Any]] = []
        for start in sorted(self.windows):
            window = self.windows[start]
            documents.append(self._window_document(window, service))
            documents.extend(
                emf_document(
                    start,
                    ["Service", "Reason"],
                    {"Service": service, "Reason": reason},
                    {"QuarantinedByReason": (count, "Count")},
                )
                for reason, count in sorted(window.reasons.items())
            )
        return documents

    def _window_document(self, window: WindowStats, service: str) -> dict[str, Any]:
        values: dict[str, tuple[float, str]] = {
            "Accepted": (window.bronze, "Count"),
            "Quarantined": (window.quarantined, "Count"),
            "Duplicates": (window.duplicates, "Count"),
            "DeprecatedAccepted": (window.deprecated, "Count"),
            "SchemaFailureRate": (round(window.failure_rate * 100, 6), "Percent"),
        }
        p95 = window.lag_p95()
        if p95 is not None:
            values["IngestionLagP95"] = (round(p95, 6), "Seconds")
        document = emf_document(window.start, ["Service"], {"Service": service}, values)
        document["AlertLevel"] = self.level(window).value
        document["WindowSeconds"] = self.thresholds.window_seconds
        return document


def epoch_seconds(timestamp: str) -> float:
    """An RFC 3339 time as epoch seconds; NaN when it does not parse."""
    try:
        return datetime.fromisoformat(timestamp).timestamp()
    except ValueError:
        return math.nan


def emf_document(
    start: int, dimensions: list[str], labels: dict[str, str], values: dict[str, tuple[float, str]]
) -> dict[str, Any]:
    """One Embedded Metric Format document (CloudWatch extracts the metrics from the log line):
    namespace :data:`NAMESPACE`, ``start`` in epoch seconds, the ``dimensions`` named in
    ``labels`` (their values), and each metric's (value, CloudWatch unit)."""
    return {
        "_aws": {
            "Timestamp": start * 1000,
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [dimensions],
                    "Metrics": [{"Name": name, "Unit": unit} for name, (_, unit) in values.items()],
                }
            ],
        },
        **labels,
        **{name: value for name, (value, _) in values.items()},
    }
