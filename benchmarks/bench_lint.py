"""Pre-commit latency: `contracts lint` on 1,000 contracts and on one changed file.

Each measurement is a fresh process, interpreter start included, run side by side with the
floor (`python -c pass`) in the same run. Prints medians of wall time and of CPU time (user +
system of the process: what it costs on a shared machine) and ratios; asserts nothing.

The processes run with bytecode caching on, as an installed package does (pip compiles the
modules at install time): a PYTHONDONTWRITEBYTECODE in the caller's environment would add the
compilation of every imported module to each run. One untimed run warms the caches.

    python benchmarks/bench_lint.py [--contracts 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from synthetic import write_registry

WORK = Path(__file__).resolve().parent / ".work"


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(cmd: list[str], repeat: int, expect: int = 0) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``cmd`` as a fresh process, after one warm-up."""
    walls, cpus = [], []
    for attempt in range(repeat + 1):
        cpu, start = _children_cpu(), time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, check=False, env=ENV)
        if attempt:  # the first run only writes the bytecode caches
            walls.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - cpu)
        if proc.returncode != expect:
            raise SystemExit(f"{cmd} exited {proc.returncode}: {proc.stdout[-500:]!r}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = WORK / "lint-registry"
    paths = write_registry(root, args.contracts)
    contracts = [sys.executable, "-m", "lakecontracts", "--registry", str(root), "lint"]
    floor = _time([sys.executable, "-c", "pass"], args.repeat)
    whole = _time(contracts, args.repeat)
    one = _time([*contracts, str(paths[len(paths) // 2])], args.repeat)
    print(
        f"contracts lint benchmark ({args.contracts} synthetic contracts, median of {args.repeat})"
    )
    print("                                 wall        cpu    cpu vs floor")
    print(f"  python -c pass (floor)     {floor[0] * 1000:7.1f} ms {floor[1] * 1000:7.1f} ms")
    per_contract = (whole[1] - floor[1]) / args.contracts * 1000
    print(
        f"  lint all {args.contracts:>5} contracts   {whole[0] * 1000:7.1f} ms "
        f"{whole[1] * 1000:7.1f} ms {whole[1] / floor[1]:6.1f}x   "
        f"{per_contract:.3f} ms cpu/contract   target < 2000 ms"
    )
    print(
        f"  lint one changed file      {one[0] * 1000:7.1f} ms {one[1] * 1000:7.1f} ms "
        f"{one[1] / floor[1]:6.1f}x   target < 150 ms"
    )


if __name__ == "__main__":
    main()
