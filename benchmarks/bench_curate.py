"""Bronze -> Silver on DuckDB as a user runs it: ``contracts curate``, beside one DuckDB COPY.

Bronze is made the way a user makes it, once per size (cached in ``--data``): ``contracts
sample`` (8 event types with Silver mappings, a population of users over a week) piped into
``contracts ingest``. Then, each in its own process, side by side in one run:

  floor        DuckDB reads the same NDJSON into one Parquet file with a single COPY
               (``read_json`` over the bronze glob, ``union_by_name``): the least any
               bronze -> Parquet step can cost on this engine
  curate full  ``contracts curate`` on a fresh lake over that bronze: dbt run (staging,
               conformed Silver, the sanitized and private tables as Parquet, Gold, the
               Metabase views) then dbt test (every data test but relationships:
               sampled events reference users and checkouts at random)
  curate hour  one more hour of events (1/24 of the size) ingested into the same bronze,
               then ``contracts curate`` again: the incremental run

Reports wall time, events/s and peak RSS (the process tree: curate, dbt, DuckDB) per step, and
the ratios curate full / floor and curate hour / curate full. Asserts nothing about time.

Measured 2026-12-06 at 200k events (2 cores shared with other jobs and a concurrent pytest run,
so wall times are inflated): floor 11.5 s (17,352 events/s, 518 MiB); curate full 97.4 s
(2,053 events/s, 327 MiB), 8.45x the floor (goal 1.5x); curate hour (7,664 new events) 104.4 s,
107% of the full run (goal < 5%). Most of both runs is fixed cost: dbt starting twice and
running ~75 models and ~300 tests; the split tables are rebuilt and rewritten as Parquet on every
run, so the incremental run gains nothing yet. 1M and 10M were not run (time).

Run: ``.venv/bin/python benchmarks/bench_curate.py`` (1M events; ``--events 10000000`` for
10M). dbt comes from ``.venv-dbt`` (``make install-dbt``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTRACTS = REPO / ".venv" / "bin" / "contracts"
EVENTS = (
    "booking.leg_created",
    "booking.booking_confirmed",
    "funnel.search_performed",
    "funnel.listing_viewed",
    "funnel.checkout_started",
    "funnel.checkout_completed",
    "payments.payment_succeeded",
    "identity.user_logged_in",
)
FLOOR = """
import sys, duckdb
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute(
    "COPY (SELECT * FROM read_json($1, format='newline_delimited', union_by_name=true)) "
    "TO '" + sys.argv[2].replace("'", "''") + "' (FORMAT parquet)",
    [sys.argv[1]],
)
"""


@dataclass(frozen=True)
class Measured:
    name: str
    seconds: float
    peak_mib: float
    events: int

    def line(self) -> str:
        rate = self.events / self.seconds if self.seconds else 0.0
        return (
            f"  {self.name:<13} {self.seconds:9.1f} s  {rate:12,.0f} events/s  "
            f"peak {self.peak_mib:8.0f} MiB"
        )


def run(name: str, args: list[str], events: int, findings_ok: bool = False) -> Measured:
    """One process (tree): wall time and the peak RSS of its largest member (wait4). With
    ``findings_ok`` an exit 1 (a data test failed on sampled data) still counts as a run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args,
        cwd=REPO,
        env=os.environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and not (findings_ok and proc.returncode == 1):
        sys.exit(f"{name} failed ({proc.returncode}):\n{output.decode()[-4000:]}")
    failed = [line.strip() for line in output.decode().splitlines() if line.startswith("  fail ")]
    for line in failed:
        print(f"  ({name}: {line[:120]})")
    return Measured(name, seconds, usage.ru_maxrss / 1024, events)


def contracts(*args: str) -> list[str]:
    return [str(CONTRACTS), "--registry", str(REPO / "contracts"), *args]


def make_bronze(
    bronze: Path, work: Path, events: int, seed: int, anchor: str | None, days: float
) -> None:
    """``contracts sample | contracts ingest`` per event type, events split evenly."""
    each = max(1, events // len(EVENTS))
    users = max(10, each // 20)
    for i, event in enumerate(EVENTS):
        sample = contracts("sample", event, "-n", str(each), "--seed", str(seed + i))
        sample += ["--users", str(users), "--days", str(days)]
        if anchor:
            sample += ["--anchor", anchor]
        ingest = contracts("ingest", "-", "--bronze", str(bronze))
        ingest += ["--quarantine", str(work / "quarantine"), "--state", str(work / "state")]
        producer = subprocess.Popen(sample, stdout=subprocess.PIPE, cwd=REPO)
        done = subprocess.run(ingest, stdin=producer.stdout, cwd=REPO, capture_output=True)
        producer.wait()
        if producer.returncode or done.returncode:
            sys.exit(f"making bronze for {event} failed:\n{done.stdout.decode()[-2000:]}")


def count_lines(bronze: Path) -> int:
    total = 0
    for path in bronze.rglob("*.ndjson"):
        with path.open("rb") as f:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return total


def bench(events: int, data: Path) -> None:
    cached = data / f"bronze-{events}"
    if not (cached / "COMPLETE").is_file():
        shutil.rmtree(cached, ignore_errors=True)
        print(f"making {events:,} events of bronze (sample | ingest) in {cached} ...")
        make_bronze(cached / "bronze", cached, events, 1, None, 7)
        (cached / "COMPLETE").write_text("done\n")
    lake = data / "lake"
    shutil.rmtree(lake, ignore_errors=True)
    shutil.copytree(cached / "bronze", lake / "bronze")
    n = count_lines(lake / "bronze")
    glob = str(lake / "bronze" / "event=*" / "v=*" / "dt=*" / "hour=*" / "*.ndjson")
    print(f"\n{n:,} bronze events, {len(EVENTS)} event types")
    floor = run("floor (COPY)", [sys.executable, "-c", FLOOR, glob, str(data / "floor.parquet")], n)
    # sampled events reference users and checkouts at random: relationships would fail
    curate = contracts("curate", "--lake", str(lake), "--db", "off")
    curate += ["--exclude", "test_name:relationships"]
    full = run("curate full", curate, n, findings_ok=True)
    hour = max(1, n // 24)
    # the hour after the week the seeded samples end at (2025-01-01, see contracts sample)
    make_bronze(lake / "bronze", data / "hour-work", hour, 99, "2025-01-01T01:00:00+0000", 1 / 24)
    added = count_lines(lake / "bronze") - n
    incremental = run("curate hour", curate, added, findings_ok=True)
    for measured in (floor, full, incremental):
        print(measured.line())
    print(f"  curate full / floor:        {full.seconds / floor.seconds:6.2f}x (goal <= 1.5x)")
    print(
        f"  curate hour / curate full:  {incremental.seconds / full.seconds:6.1%} "
        f"(goal < 5%; {added:,} new events)"
    )
    shutil.rmtree(data / "hour-work", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=REPO / "benchmarks" / ".work" / "curate")
    args = parser.parse_args()
    if not (REPO / ".venv-dbt" / "bin" / "dbt").is_file():
        sys.exit("no .venv-dbt/bin/dbt: `make install-dbt` first")
    bench(args.events, args.data)


if __name__ == "__main__":
    main()
