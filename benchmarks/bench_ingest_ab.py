"""``contracts ingest`` as a process: this checkout against a baseline checkout, side by side.

For changes to the ingest path (issue #10: the state folder's lock, the bounded line reader,
UUID dedupe keys, integral-float normalisation, quarantine dedupe) whose cost must stay
within 5% of the code before them. Both run the same command on the same NDJSON (valid
``booking.leg_created`` envelopes with distinct event IDs, 1% broken ones, about 770 bytes
each) into fresh folders with the default RocksDB state, alternately, ``--repeat`` times;
the figure is the best run's CPU time (user + system, from the child's rusage), which other
processes on the machine disturb less than wall time. Start-up is included in both.

Run: ``.venv/bin/python benchmarks/bench_ingest_ab.py --baseline-src ../base/src``
(a ``src`` folder of the baseline checkout, e.g. a ``git worktree`` with the change
reverted). Prints events per CPU-second for each and the ratio; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.sample import pick_route, samples

REPO = Path(__file__).resolve().parents[1]


def _input(generated: Path, events: int, path: Path) -> None:
    index = load_index(generated)
    route = pick_route(index, "booking.leg_created")
    valid = [s.line for s in samples(index, route, events - events // 100, seed=1)]
    made = samples(index, route, events // 100, seed=2, invalid=True)
    broken = [s.line for s in made if len(s.line) < 4096]  # not the 1 MB oversize mutation
    step = max(len(valid) // max(len(broken), 1), 1)
    lines = []
    for n, line in enumerate(valid):
        lines.append(line)
        if n % step == 0 and broken:
            lines.append(broken.pop())
    path.write_bytes(b"\n".join(lines + broken) + b"\n")


def _cpu_seconds(src: Path, generated: Path, source: Path, out: Path, native: bool) -> float:
    command = [
        sys.executable,
        "-m",
        "lakecontracts",
        "ingest",
        str(source),
        "--bronze",
        str(out / "b"),
        "--quarantine",
        str(out / "q"),
        "--generated",
        str(generated),
        "--native" if native else "--no-native",
        "--format",
        "json",
    ]
    env = {**os.environ, "PYTHONPATH": str(src)}
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{src}: ingest failed: {child.stderr.read() if child.stderr else ''!r}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, required=True)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generated", type=Path, default=REPO / "generated")
    parser.add_argument("--native", action="store_true", help="compiled validators, if fresh")
    args = parser.parse_args()
    trees = {"baseline": args.baseline_src.resolve(), "this checkout": REPO / "src"}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "events.ndjson"
        _input(args.generated, args.events, source)
        size = source.stat().st_size
        print(f"{args.events:,} events, {size / args.events:.0f} bytes each; best of {args.repeat}")
        best = dict.fromkeys(trees, float("inf"))
        for run in range(args.repeat):
            for name, src in trees.items():
                out = Path(tmp) / f"{name}-{run}".replace(" ", "-")
                cpu = _cpu_seconds(src, args.generated, source, out, args.native)
                best[name] = min(best[name], cpu)
    for name, cpu in best.items():
        print(f"{name:<15}{args.events / cpu:>12,.0f} events/CPU-s  ({cpu:.2f} s)")
    ratio = best["baseline"] / best["this checkout"]
    print(f"this checkout / baseline throughput: {ratio:.3f}")


if __name__ == "__main__":
    main()
