"""The operational database: what recording costs, on SQLite and on a real PostgreSQL server.

Every figure is measured in this run, beside its baseline:

* job-run writes/s: :func:`record_job` (insert, heartbeat thread, final update) against the
  same two statements sent straight through the driver (sqlite3 / psycopg), per engine;
* ingest overhead: ``contracts ingest`` run as a process on sampled booking events, with
  ``--db off`` (the baseline) and with recording into SQLite and into PostgreSQL (a job run
  plus one ``bronze_event_metadata`` row per published file); goal < 3%;
* mirror: ``analytics_event_bronze`` rows/s through the mirror beside a plain ``COPY`` of the
  same rows into the same table (PostgreSQL); goal >= 80% of COPY.

The ingest setups run interleaved, round by round, and each is timed in wall and in CPU
seconds (the child's user + system time, steadier than wall on a shared machine). A
1,000-event run of each setup splits the overhead into a per-process cost (SQLAlchemy's
import, the engine, the migration check, the job run's rows and heartbeat thread) and a
per-event one.

Run: ``.venv/bin/python benchmarks/bench_opsdb.py [--runs N] [--events N] [--repeat N]
[--parts jobs ingest mirror]``. Needs the Debian PostgreSQL binaries
(scripts/install-system-deps.sh); asserts nothing about time.

Figures (2026-12-06, 2 cores shared with 8 other agents, load average 8-16: CPU times vary
by up to 1.7x between identical runs, so read them as rough):

* bronze_event_metadata from the pipeline's stamps (#14 item 1), 100,000 events, best of 3
  interleaved, CPU: before (rows described by re-reading each published file) ``--db
  sqlite`` cost +15.4% over ``--db off``; after, +8.3% in total, of which about 0.25 s is the
  per-process cost. A profile of the same run attributes ~1% of ingest CPU to the rows
  themselves (``describe_stamped``: the min/max and sorted lags of floats the pipeline
  parsed once for its lag metrics, plus one upsert); the rest of the gap is spread over
  functions both runs execute alike (rocksdict writes, orjson), i.e. load noise. A repeat of
  that comparison ten minutes later gave after: +28.9% (off 4.26 s, sqlite 5.50 s), and the
  before-code's own ``--db off`` run took 12.4 s instead of 3.8 s: no process-level ratio
  measured on this machine that day is reproducible.
* ``--parts ingest --events 200000``: off 7.03 s CPU; sqlite 10.61 s (+50.9%); postgresql
  10.89 s (+55.0%); postgresql --mirror 14.32 s (+103.8%); per-process +1.15 s / +1.03 s /
  +0.81 s. Unreproducible: straight after, the same two commands measured off 12.0-12.4 s
  and sqlite 14.8-16.7 s user CPU. The < 3% goal for the rows is met by profile
  attribution; a quiet machine is needed to confirm it at the process level.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.pg_server import PgServer, start_server  # noqa: E402

from lakecontracts.opsdb.connect import open_database  # noqa: E402
from lakecontracts.opsdb.jobs import record_job  # noqa: E402
from lakecontracts.opsdb.mirror import COPY_STATEMENT, mirror, rows_from_lines  # noqa: E402

CONTRACTS = str(Path(sys.executable).parent / "contracts")


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _job_runs(url: str, count: int) -> float:
    engine = open_database(url)

    def run() -> None:
        for _ in range(count):
            with record_job(engine, "bench") as job:
                job.add(rows=1)

    rate = count / _best(run)
    engine.dispose()
    return rate


_INSERT = (
    "INSERT INTO analytics_job_run (run_id, job_namespace, job_name, started_at, heartbeat_at, "
    "status) VALUES ({p}, 'lakecontracts', 'bench', {p}, {p}, 'running')"
)
_UPDATE = (
    "UPDATE analytics_job_run SET status = 'completed', completed_at = {p}, heartbeat_at = {p}, "
    "rows_processed = 1 WHERE run_id = {p}"
)


def _raw_sqlite(path: str, count: int) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    insert, update = _INSERT.format(p="?"), _UPDATE.format(p="?")

    def run() -> None:
        for _ in range(count):
            run_id, now = str(uuid.uuid4()), datetime.now(UTC).isoformat()
            with connection:
                connection.execute(insert, (run_id, now, now))
            with connection:
                connection.execute(update, (now, now, run_id))

    rate = count / _best(run)
    connection.close()
    return rate


def _raw_postgres(url: str, count: int) -> float:
    insert, update = _INSERT.format(p="%s"), _UPDATE.format(p="%s")
    with psycopg.connect(url.replace("+psycopg", "")) as connection:

        def run() -> None:
            for _ in range(count):
                run_id, now = str(uuid.uuid4()), datetime.now(UTC)
                with connection.transaction():
                    connection.execute(insert, (run_id, now, now))
                with connection.transaction():
                    connection.execute(update, (now, now, run_id))

        return count / _best(run)


def _sample(events: int, folder: Path) -> Path:
    path = folder / "events.ndjson"
    with open(path, "wb") as out:
        subprocess.run(
            [CONTRACTS, "sample", "booking.leg_created", "-n", str(events), "--seed", "7"],
            check=True,
            stdout=out,
            cwd=REPO,
            env={**os.environ, "CONTRACTS_DB": "off"},
        )
    return path


def _ingest_once(events: Path, db: str, *extra: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one ``contracts ingest`` process."""
    with tempfile.TemporaryDirectory() as tmp:
        args = [CONTRACTS, "ingest", str(events), "--bronze", f"{tmp}/b", *extra]
        args += ["--quarantine", f"{tmp}/q", "--db", db, "--format", "json"]
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{' '.join(args)} exited {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def _ingest_best(events: Path, setups: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """Best wall and best CPU seconds of each setup (its ``--db`` and options), the setups
    interleaved round by round so a change in the machine's load hits them alike."""
    best = {label: [float("inf"), float("inf")] for label in setups}
    for _ in range(repeat):
        for label, (db, *extra) in setups.items():
            wall, cpu = _ingest_once(events, db, *extra)
            best[label] = [min(best[label][0], wall), min(best[label][1], cpu)]
    return best


def _row(label: str, rate: float, unit: str, base: float | None = None) -> None:
    ratio = "" if base is None else f"  {rate / base:6.2f}x"
    print(f"  {label:<52} {rate:>12,.0f} {unit}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500, help="job runs per measurement")
    parser.add_argument("--events", type=int, default=200_000, help="events ingested")
    parser.add_argument("--repeat", type=int, default=3, help="ingest rounds (best counts)")
    parser.add_argument(
        "--parts", nargs="+", choices=["jobs", "ingest", "mirror"],
        default=["jobs", "ingest", "mirror"], help="which measurements to run",
    )  # fmt: skip
    args = parser.parse_args()
    server: PgServer | None = start_server()
    if server is None:
        sys.exit("PostgreSQL is not installed: run scripts/install-system-deps.sh")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if "jobs" in args.parts:
                _bench_job_runs(server, folder, args.runs)
            if "ingest" in args.parts:
                sample = _bench_ingest(server, folder, args.events, args.repeat)
            if "mirror" in args.parts:
                if "ingest" not in args.parts:
                    sample = _sample(args.events, folder)
                _bench_mirror(server, folder, sample)
    finally:
        server.stop()


def _bench_job_runs(server: PgServer, folder: Path, runs: int) -> None:
    print(f"job-run writes ({runs} runs, best of 3; insert + final update per run)")
    sqlite_file = folder / "jobs.sqlite"
    ours = _job_runs(f"sqlite:///{sqlite_file}", runs)
    raw = _raw_sqlite(str(sqlite_file), runs)
    _row("SQLite, sqlite3 driver alone (baseline)", raw, "runs/s")
    _row("SQLite, record_job", ours, "runs/s", raw)
    pg = server.create_database("bench_jobs")
    ours = _job_runs(pg, runs)
    raw = _raw_postgres(pg, runs)
    _row("PostgreSQL, psycopg alone (baseline)", raw, "runs/s")
    _row("PostgreSQL, record_job", ours, "runs/s", raw)


#: Events of the small run that measures each setup's per-process cost (imports, engine,
#: migration check, the job run's rows): what recording costs however little is ingested.
SMALL_EVENTS = 1_000


def _bench_ingest(server: PgServer, folder: Path, events: int, repeat: int) -> Path:
    sample = _sample(events, folder)
    small = folder / "small.ndjson"
    with open(sample, "rb") as source, open(small, "wb") as out:
        out.writelines(line for _, line in zip(range(SMALL_EVENTS), source, strict=False))
    print(f"contracts ingest as a process, {events} booking.leg_created events, best of "
          f"{repeat} (setups interleaved); overhead = (time - baseline) / baseline")  # fmt: skip
    setups = {
        "--db off (baseline)": ["off"],
        "--db sqlite": [f"sqlite:///{folder / 'ingest.sqlite'}"],
        "--db postgresql": [server.create_database("bench_ingest")],
        "--db postgresql --mirror": [server.create_database("bench_ingest_mirror"), "--mirror"],
    }
    best = _ingest_best(sample, setups, repeat)
    fixed = _ingest_best(small, setups, repeat)
    base_wall, base_cpu = best["--db off (baseline)"]
    fixed_base = fixed["--db off (baseline)"][1]
    for label, (wall, cpu) in best.items():
        more_wall, more_cpu = (wall - base_wall) / base_wall, (cpu - base_cpu) / base_cpu
        overhead = f"wall {more_wall:+6.1%}, CPU {more_cpu:+6.1%}"
        print(f"  {label:<28} {events / wall:>10,.0f} events/s  {wall:6.2f} s wall  "
              f"{cpu:6.2f} s CPU  ({overhead})")  # fmt: skip
    print(f"  per-process cost (CPU of a {SMALL_EVENTS}-event run over the baseline's) and "
          "per-event overhead (the rest, over the baseline's per-event CPU):")  # fmt: skip
    for label, (_, cpu) in best.items():
        if label.startswith("--db off"):
            continue
        per_process = fixed[label][1] - fixed_base
        per_event = (cpu - base_cpu - per_process) / (base_cpu - fixed_base)
        print(f"  {label:<28} per process {per_process:+6.3f} s CPU, per event {per_event:+6.1%}")
    return sample


def _bronze_lines(sample: Path, folder: Path) -> list[bytes]:
    lake = folder / "lake"
    args = [CONTRACTS, "ingest", str(sample), "--bronze", str(lake / "b")]
    subprocess.run([*args, "--quarantine", str(lake / "q"), "--db", "off"], check=True,
                   capture_output=True, cwd=REPO)  # fmt: skip
    files = sorted(p for p in (lake / "b").rglob("*.ndjson") if "_ingest" not in p.parts)
    return [line for f in files for line in f.read_bytes().splitlines()]


def _bench_mirror(server: PgServer, folder: Path, sample: Path) -> None:
    lines = _bronze_lines(sample, folder)
    url = server.create_database("bench_mirror")
    engine = open_database(url)
    rows = rows_from_lines(lines)
    print(f"mirror into PostgreSQL, {len(lines)} bronze records, best of 3 (table emptied first)")

    def fresh(run: Callable[[sa.Connection], None]) -> Callable[[], None]:
        def timed() -> None:
            with engine.begin() as connection:
                connection.execute(sa.text("TRUNCATE analytics_event_bronze"))
            with engine.begin() as connection:
                run(connection)

        return timed

    def plain_copy(connection: sa.Connection) -> None:
        raw: Any = connection.connection.dbapi_connection
        with raw.cursor() as cursor, cursor.copy(COPY_STATEMENT) as copy:
            for row in rows:
                copy.write_row(row)

    base = len(rows) / _best(fresh(plain_copy))
    _row("plain COPY of the same rows (baseline)", base, "events/s")
    _row(
        "mirror (COPY path)", len(rows) / _best(fresh(lambda c: mirror(c, rows))), "events/s", base
    )
    _row(
        "mirror with parsing the bronze lines",
        len(rows) / _best(fresh(lambda c: mirror(c, rows_from_lines(lines)))),
        "events/s",
        base,
    )

    def replayed(connection: sa.Connection) -> None:
        mirror(connection, rows[: len(rows) // 2])
        mirror(connection, rows)  # half present: the staged ON CONFLICT path

    _row("mirror, batch half present (merge path)", len(rows) / _best(fresh(replayed)),
         "events/s", base)  # fmt: skip
    engine.dispose()


if __name__ == "__main__":
    main()
