"""Pre-commit latency: `contracts lint` on 1,000 contracts and on one changed file.

Each measurement is a fresh process, interpreter start included, run side by side with the
floor (`python -c pass`) in the same run. Prints medians and ratios; asserts nothing.

    python benchmarks/bench_lint.py [--contracts 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from synthetic import write_registry

WORK = Path(__file__).resolve().parent / ".work"


def _time(cmd: list[str], repeat: int, expect: int = 0) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
        if proc.returncode != expect:
            raise SystemExit(f"{cmd} exited {proc.returncode}: {proc.stdout[-500:]!r}")
    return statistics.median(samples)


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
    print(f"  python -c pass (floor)        {floor * 1000:8.1f} ms")
    print(
        f"  lint all {args.contracts:>5} contracts      {whole * 1000:8.1f} ms   "
        f"{whole / floor:6.1f}x floor   {(whole - floor) / args.contracts * 1000:.3f} ms/contract"
        f"   target < 2000 ms"
    )
    print(
        f"  lint one changed file         {one * 1000:8.1f} ms   {one / floor:6.1f}x floor"
        f"   target < 300 ms"
    )


if __name__ == "__main__":
    main()
