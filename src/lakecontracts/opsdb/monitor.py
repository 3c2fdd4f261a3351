"""``contracts monitor``: the registry's alert settings evaluated over the operational tables.

Each monitor is one small function over the database returning a measured value; the table
:data:`MONITORS` pairs it with its thresholds, and :func:`evaluate` compares them in one place.

- ingestion lag p95: bronze files published in the window, each file's p95 lag weighted by
  its record count (the file-level p95s bound the exact figure; the per-record histogram
  lives in the runtime's EMF metrics, which the CloudWatch alarms read);
- bronze to silver freshness: how long the oldest bronze file published after the last
  completed ``curate`` run started has waited (0 when none waits);
- schema failure rate: records ingest rejected over records it judged, over ingest runs that
  completed in the window;
- Athena bytes scanned: bytes the Athena jobs scanned in the window, against the budget.

Freshness has no emitter in the runtime (ingest cannot know how far curate lags), so
:func:`emf_lines` turns this evaluation into EMF (``contracts monitor --format emf``):
``BronzeToSilverFreshness`` in seconds, namespace ``LakeContracts/Ingest``, dimension
``Service=monitor``, the metric the generated CloudFormation alarms on at the registry's
thresholds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from lakecontracts.opsdb.jobs import utcnow
from lakecontracts.opsdb.schema import bronze_event_metadata as bronze
from lakecontracts.opsdb.schema import job_run
from lakecontracts.registry.alerts import AlertSettings
from lakecontracts.runtime.metrics import emf_document

LEVELS = ("no_data", "ok", "warning", "critical")


@dataclass(frozen=True)
class Reading:
    value: float | None
    detail: str


@dataclass(frozen=True)
class AlertResult:
    name: str
    level: str
    value: float | None
    unit: str
    warning: float | None
    critical: float | None
    detail: str

    @property
    def fired(self) -> bool:
        return self.level in ("warning", "critical")


Measure = Callable[[sa.Connection, AlertSettings, datetime], Reading]


def lag_p95(connection: sa.Connection, settings: AlertSettings, now: datetime) -> Reading:
    since = now - timedelta(minutes=settings.lag_window_minutes)
    rows = connection.execute(
        sa.select(bronze.c.lag_p95_seconds, bronze.c.record_count)
        .where(bronze.c.published_at.between(since, now), bronze.c.lag_p95_seconds.is_not(None))
        .order_by(bronze.c.lag_p95_seconds)
    ).all()
    total = sum(int(r.record_count) for r in rows)
    if not total:
        return Reading(
            None, f"no bronze file published in the last {settings.lag_window_minutes} min"
        )
    seen = 0
    for row in rows:
        seen += row.record_count
        if seen >= 0.95 * total:
            return Reading(row.lag_p95_seconds, f"{len(rows)} file(s), {total} record(s)")
    raise AssertionError("unreachable: the weights add up to the total")


def freshness(connection: sa.Connection, settings: AlertSettings, now: datetime) -> Reading:
    last_curate = connection.execute(
        sa.select(sa.func.max(job_run.c.started_at)).where(
            job_run.c.job_name == "curate", job_run.c.status == "completed"
        )
    ).scalar()
    waiting = sa.select(sa.func.min(bronze.c.published_at))
    if last_curate is not None:
        waiting = waiting.where(bronze.c.published_at > last_curate)
    oldest = connection.execute(waiting).scalar()
    if oldest is None:
        if last_curate is None:
            return Reading(None, "no bronze file and no curate run recorded")
        return Reading(0.0, "every bronze file predates the last curate run")
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
    since = "no completed curate run" if last_curate is None else "the last curate run"
    return Reading((now - oldest).total_seconds() / 60, f"oldest file waiting since {since}")


def failure_rate(connection: sa.Connection, settings: AlertSettings, now: datetime) -> Reading:
    since = now - timedelta(minutes=settings.failure_window_minutes)
    judged, rejected = connection.execute(
        sa.select(
            sa.func.sum(job_run.c.rows_processed), sa.func.sum(job_run.c.rows_rejected)
        ).where(
            job_run.c.job_name == "ingest",
            job_run.c.status == "completed",
            job_run.c.completed_at.between(since, now),
        )
    ).one()
    # PostgreSQL sums BIGINTs as NUMERIC (Decimal): back to int.
    judged, rejected = int(judged or 0), int(rejected or 0)
    if not judged:
        window = settings.failure_window_minutes
        return Reading(None, f"no ingest completed in the last {window} min")
    return Reading(rejected / judged, f"{rejected} of {judged} record(s) quarantined")


def athena_bytes(connection: sa.Connection, settings: AlertSettings, now: datetime) -> Reading:
    since = now - timedelta(hours=settings.athena_window_hours)
    scanned = connection.execute(
        sa.select(sa.func.sum(job_run.c.bytes_scanned)).where(
            job_run.c.job_name.in_(settings.athena_jobs), job_run.c.started_at.between(since, now)
        )
    ).scalar()
    jobs = ", ".join(settings.athena_jobs)
    return Reading(float(scanned or 0), f"jobs {jobs} over {settings.athena_window_hours} h")


#: (warning, critical) thresholds from the settings; None when the monitor is not configured.
Thresholds = Callable[[AlertSettings], tuple[float | None, float | None] | None]


def _lag(s: AlertSettings) -> tuple[float | None, float | None]:
    return s.lag_warning_seconds, s.lag_critical_seconds


def _freshness(s: AlertSettings) -> tuple[float | None, float | None]:
    return s.freshness_warning_minutes, s.freshness_critical_minutes


def _failure(s: AlertSettings) -> tuple[float | None, float | None]:
    return s.failure_warning, s.failure_critical


def _athena(s: AlertSettings) -> tuple[float | None, float | None] | None:
    return None if s.athena_budget_bytes is None else (float(s.athena_budget_bytes), None)


@dataclass(frozen=True)
class Monitor:
    name: str
    unit: str
    measure: Measure
    thresholds: Thresholds


MONITORS: tuple[Monitor, ...] = (
    Monitor("ingestion_lag_p95", "seconds", lag_p95, _lag),
    Monitor("bronze_to_silver_freshness", "minutes", freshness, _freshness),
    Monitor("schema_failure_rate", "ratio", failure_rate, _failure),
    Monitor("athena_bytes_scanned", "bytes", athena_bytes, _athena),
)


def evaluate(
    engine: sa.Engine, settings: AlertSettings, now: datetime | None = None
) -> list[AlertResult]:
    now = now or utcnow()
    results = []
    with engine.connect() as connection:
        for monitor in MONITORS:
            thresholds = monitor.thresholds(settings)
            if thresholds is None:
                continue
            warning, critical = thresholds
            reading = monitor.measure(connection, settings, now)
            results.append(
                AlertResult(
                    monitor.name,
                    _level(reading.value, warning, critical),
                    reading.value,
                    monitor.unit,
                    warning,
                    critical,
                    reading.detail,
                )
            )
    return results


def _level(value: float | None, warning: float | None, critical: float | None) -> str:
    if value is None:
        return "no_data"
    if critical is not None and value > critical:
        return "critical"
    if warning is not None and value > warning:
        return "warning"
    return "ok"


#: The EMF metric (seconds) and ``Service`` dimension of :func:`emf_lines`.
FRESHNESS_METRIC = "BronzeToSilverFreshness"
SERVICE = "monitor"
#: Monitors that only ``contracts monitor`` can measure: (monitor name, metric, unit, factor
#: from the monitor's unit to the metric's; CloudWatch has no minutes).
_EMITTED = (("bronze_to_silver_freshness", FRESHNESS_METRIC, "Seconds", 60.0),)


def emf_lines(results: list[AlertResult], now: datetime) -> list[dict[str, Any]]:
    """The EMF document of an evaluation: the readings no runtime emits, when measured (a
    monitor without data emits nothing; the alarms treat missing data as not breaching)."""
    values = {
        metric: (round(r.value * factor, 3), unit)
        for name, metric, unit, factor in _EMITTED
        for r in results
        if r.name == name and r.value is not None
    }
    if not values:
        return []
    document = emf_document(int(now.timestamp()), ["Service"], {"Service": SERVICE}, values)
    document["AlertLevels"] = {r.name: r.level for r in results}
    return [document]
