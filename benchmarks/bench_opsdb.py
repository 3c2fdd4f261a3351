"""The operational database: what recording costs, on SQLite and on a real PostgreSQL server.

Every figure is measured in this run, beside its baseline:

* job-run writes/s: :func:`record_job` (insert, heartbeat thread, final update) against the
  same two statements sent straight through the driver (sqlite3 / psycopg), per engine;
* ingest overhead: ``contracts ingest`` run as a process on sampled booking events, with
  ``--db off`` (the baseline) and with recording into SQLite and into PostgreSQL (a job run
  plus one ``bronze_event_metadata`` row per published file); goal < 3%;
* mirror: ``analytics_event_bronze`` rows/s through the mirror beside a plain ``COPY`` of the
  same rows into the same table (PostgreSQL); goal >= 80% of COPY.

Run: ``.venv/bin/python benchmarks/bench_opsdb.py [--runs N] [--events N]``. Needs the Debian
PostgreSQL binaries (scripts/install-system-deps.sh); asserts nothing about time.
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


def _bench_ingest(server: PgServer, folder: Path, events: int, repeat: int) -> Path:
    sample = _sample(events, folder)
    print(f"contracts ingest as a process, {events} booking.leg_created events, best of "
          f"{repeat} (setups interleaved); overhead = (time - baseline) / baseline")  # fmt: skip
    setups = {
        "--db off (baseline)": ["off"],
        "--db sqlite": [f"sqlite:///{folder / 'ingest.sqlite'}"],
        "--db postgresql": [server.create_database("bench_ingest")],
        "--db postgresql --mirror": [server.create_database("bench_ingest_mirror"), "--mirror"],
    }
    best = _ingest_best(sample, setups, repeat)
    base_wall, base_cpu = best["--db off (baseline)"]
    for label, (wall, cpu) in best.items():
        more_wall, more_cpu = (wall - base_wall) / base_wall, (cpu - base_cpu) / base_cpu
        overhead = f"wall {more_wall:+6.1%}, CPU {more_cpu:+6.1%}"
        print(f"  {label:<28} {events / wall:>10,.0f} events/s  {wall:6.2f} s wall  "
              f"{cpu:6.2f} s CPU  ({overhead})")  # fmt: skip
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
