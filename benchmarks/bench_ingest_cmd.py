"""`contracts ingest FILE --format json` as a user runs it: fresh processes on varied events.

The input mixes several events and versions sampled by `contracts sample --seed` (distinct
event IDs, realistic string lengths), shuffled with a fixed seed. Every row is a fresh process
(interpreter start included), median of ``--repeat`` runs, all measured in this run:

* floor: a process that reads the lines and ``orjson.loads`` each (nothing can beat it);
* minimal pipeline: orjson + fastjsonschema (one validator per event version, compiled from
  ``generated/schemas``) + NDJSON write and fsync, with none of the command's guarantees
  (no dedupe, signatures, lifecycle, atomic publish, metrics);
* the command with the validators as Python source (``--no-native``) and compiled by mypyc
  (``--native``; run ``contracts compile-validators EVENT...`` first, else it says so).

The command runs with fresh bronze, quarantine and state folders each time and ``--db off``
(no operational database). Prints wall time, events/s by wall time and per core (events over
the process's user + system CPU time, which a loaded machine disturbs less), peak RSS, and
ratios to the floor. Asserts nothing.

    python benchmarks/bench_ingest_cmd.py [--events 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = Path(__file__).resolve().parent / ".work" / "ingest-cmd"
CONTRACTS = [sys.executable, "-m", "lakecontracts"]
SPECS = (
    "booking.leg_created@1",
    "booking.leg_created@2",
    "funnel.search_performed",
    "messaging.message_sent",
    "identity.user_logged_in",
)

FLOOR = """
import sys, orjson
loads = orjson.loads
n = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        loads(line)
        n += 1
print(n)
"""

MINIMAL = """
import os, sys, pathlib, orjson, fastjsonschema
schemas = pathlib.Path(sys.argv[2])
check = {}
for path in schemas.glob("*/v*.schema.json"):
    key = (path.parent.name, int(path.name[1:].split(".")[0]))
    check[key] = fastjsonschema.compile(orjson.loads(path.read_bytes()))
loads, dumps = orjson.loads, orjson.dumps
ok = 0
with open(sys.argv[1], "rb") as f, open(sys.argv[3], "wb") as out:
    for line in f:
        doc = loads(line)
        meta = doc["meta"]
        try:
            check[(meta["event"], meta["v"])](doc)
        except fastjsonschema.JsonSchemaException:
            continue
        out.write(dumps(doc) + b"\\n")
        ok += 1
    out.flush()
    os.fsync(out.fileno())
print(ok)
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    stdout: bytes


def _run_usage(cmd: list[str]) -> Run:
    """Run ``cmd`` and read its own CPU time and peak RSS with ``os.wait4``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:5])} ... exited {proc.returncode}: {err[-800:]!r}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, usage.ru_maxrss / 1024, out)


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.rss_mb for r in runs),
        runs[-1].stdout,
    )


def _sample(path: Path, events: int) -> int:
    """Write ``events`` shuffled envelopes of :data:`SPECS` to ``path``; return the count."""
    per = events // len(SPECS)
    lines: list[bytes] = []
    for seed, spec in enumerate(SPECS, start=3):
        proc = subprocess.run(
            [*CONTRACTS, "sample", spec, "-n", str(per), "--seed", str(seed)],
            capture_output=True,
            check=True,
            cwd=REPO,
        )
        lines.extend(proc.stdout.splitlines(keepends=True))
    random.Random(0).shuffle(lines)
    path.write_bytes(b"".join(lines))
    return len(lines)


def _ingest(data: Path, native: bool) -> list[str]:
    scratch = WORK / "out"
    shutil.rmtree(scratch, ignore_errors=True)
    flag = "--native" if native else "--no-native"
    return [
        *CONTRACTS,
        "ingest",
        str(data),
        "--bronze",
        str(scratch / "bronze"),
        "--quarantine",
        str(scratch / "quarantine"),
        "--state",
        str(scratch / "state"),
        "--db",
        "off",
        "--format",
        "json",
        flag,
    ]


def _measure(make: object, repeat: int) -> Run:
    runs = []
    for _ in range(repeat):
        cmd = make() if callable(make) else make
        runs.append(_run_usage(cmd))  # type: ignore[arg-type]
    return _median(runs)


def _native_fresh() -> bool:
    native = REPO / "generated" / "validators" / ".native"
    return native.is_dir() and any(native.rglob("*.so"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    data = WORK / f"events-{args.events}.ndjson"
    if not data.exists():
        _sample(data, args.events)
        # Start afresh: a child forked from this process would count the sampled lines still
        # held here in its peak RSS.
        os.execv(sys.executable, [sys.executable, *sys.argv])
    with data.open("rb") as lines:
        count = sum(1 for _ in lines)
    size = data.stat().st_size
    schemas = REPO / "generated" / "schemas"
    rows: list[tuple[str, Run]] = []
    rows.append(
        ("orjson.loads (floor)", _measure([sys.executable, "-c", FLOOR, str(data)], args.repeat))
    )
    minimal = [sys.executable, "-c", MINIMAL, str(data), str(schemas), str(WORK / "minimal.ndjson")]
    rows.append(("orjson + fastjsonschema + write", _measure(minimal, args.repeat)))
    for native in (False, True):
        if native and not _native_fresh():
            print("  (no compiled validators: run `contracts compile-validators` first)")
            continue
        label = "contracts ingest, " + ("compiled" if native else "Python validators")
        run = _measure(lambda n=native: _ingest(data, n), args.repeat)
        counts = json.loads(run.stdout)
        rows.append((label, run))
        print(f"  {label}: {json.dumps(counts.get('outcomes', counts), sort_keys=True)[:200]}")
    floor = rows[0][1]
    print(
        f"contracts ingest command benchmark: {count} events of {len(SPECS)} event versions, "
        f"{size / count:.0f} bytes each, median of {args.repeat} fresh processes"
    )
    print(
        f"  {'':34} {'wall s':>7} {'ev/s wall':>10} {'ev/s/core':>10} {'RSS MB':>7}"
        f" {'x floor (cpu)':>13}"
    )
    for label, run in rows:
        print(
            f"  {label:34} {run.wall:7.2f} {count / run.wall:10,.0f} {count / run.cpu:10,.0f}"
            f" {run.rss_mb:7.0f} {run.cpu / floor.cpu:13.2f}"
        )


if __name__ == "__main__":
    main()
