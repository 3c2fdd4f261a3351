"""Job schedules declared in registry.yaml's ``jobs:`` section, for missing-run detection.

```yaml
jobs:
  ingest: {schedule: "*/15 * * * *", grace_minutes: 10}
  stitch: {schedule: "0 2 * * *", grace_minutes: 60}
```

Schedules are cron expressions in UTC (croniter); a nominal time is "missing" once its grace
has passed without a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from croniter import croniter

from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.config import RegistryConfig

DEFAULT_GRACE_MINUTES = 15
#: More nominal times than this in one look-back is a mistake (a minutely job over a year).
MAX_NOMINAL_TIMES = 100_000


@dataclass(frozen=True)
class JobSchedule:
    name: str
    cron: str
    grace: timedelta

    def nominal_times(self, start: datetime, end: datetime) -> list[datetime]:
        """Every scheduled time in [start, end], oldest first."""
        times: list[datetime] = []
        it = croniter(self.cron, start - timedelta(seconds=1))
        while True:
            nominal = it.get_next(datetime).astimezone(UTC)
            if nominal > end:
                return times
            times.append(nominal)
            if len(times) > MAX_NOMINAL_TIMES:
                raise RegistryConfigError(
                    f"job {self.name!r} is due more than {MAX_NOMINAL_TIMES} times in the "
                    "look-back window",
                    hint="pass a shorter --since",
                )

    def next_after(self, nominal: datetime) -> datetime:
        return croniter(self.cron, nominal).get_next(datetime).astimezone(UTC)


def job_schedules(config: RegistryConfig) -> list[JobSchedule]:
    """The declared schedules, validated (the structure schema has checked the shape)."""
    schedules = []
    for job in sorted(config.jobs, key=lambda job: job.name):
        if not croniter.is_valid(job.schedule):
            raise RegistryConfigError(
                f"job {job.name!r}: {job.schedule!r} is not a cron expression",
                location=job.place.location("schedule"),
                hint="five fields in UTC, e.g. '0 2 * * *' for 02:00 every day",
            )
        minutes = DEFAULT_GRACE_MINUTES if job.grace_minutes is None else job.grace_minutes
        schedules.append(JobSchedule(job.name, job.schedule, timedelta(minutes=minutes)))
    return schedules
