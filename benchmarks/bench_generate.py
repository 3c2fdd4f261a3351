"""`contracts generate` for every target on a 1,000-contract synthetic registry.

Measures, each as a fresh process (interpreter start included) beside the floor
(`python -c pass`) in the same run: a full generation into an empty folder with an empty
cache (wall time and peak memory of the process), a rerun with nothing changed, an
incremental run after one contract changed (only the affected outputs are rewritten; the
script counts them), `generate --check` after a second change, and the same change rendered
with `--no-cache` (the uncached baseline). Ratios are against the cold run.

    python benchmarks/bench_generate.py [--contracts 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from synthetic import write_registry

WORK = Path(__file__).resolve().parent / ".work"
#: The benchmark's own cache folder: the registry sits inside this checkout, whose
#: .contracts-cache/ the example registry's runs use too.
CACHE = WORK / "generate-cache"
ENV = {**os.environ, "CONTRACTS_CACHE_DIR": str(CACHE)}


CPU: dict[float, float] = {}  # wall seconds of a run -> its CPU seconds (user + system)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], expect: int = 0) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds, peak RSS of the child in MiB, and the command's JSON output.

    The child's CPU seconds are kept in ``CPU`` too: on a shared machine they move far
    less than wall time, so the ratios are printed for both.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu = _cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=ENV)
    elapsed = time.perf_counter() - start
    CPU[elapsed] = _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != expect:
        raise SystemExit(f"{cmd} exited {proc.returncode}, not {expect}:\n{proc.stderr[-2000:]}")
    output = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
    return elapsed, max(peak, before) / 1024, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=1000)
    args = parser.parse_args()
    root = WORK / "generate-registry"
    paths = write_registry(root / "contracts", args.contracts)
    out = root / "generated"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(CACHE, ignore_errors=True)
    contracts = [
        sys.executable, "-m", "lakecontracts", "--registry", str(root / "contracts"),
        "generate", "--format", "json",
    ]  # fmt: skip
    floor, _, _ = _run([sys.executable, "-c", "pass"])
    full, full_peak, full_out = _run(contracts)
    rerun, _, rerun_out = _run(contracts)
    changed = paths[len(paths) // 2]
    changed.write_text(changed.read_text().replace("maximum: 1000,", "maximum: 999,"))
    incremental, _, inc_out = _run(contracts)
    other = paths[len(paths) // 3]
    other.write_text(other.read_text().replace("maximum: 1000,", "maximum: 998,"))
    check, _, _ = _run([*contracts, "--check"], expect=1)
    uncached, _, _ = _run([*contracts, "--no-cache"])
    files = full_out.get("files", 0)
    rows = [
        ("python -c pass (floor)", floor, ""),
        ("full generation, empty cache", full, f"{files} files, peak RSS {full_peak:.0f} MiB"),
        ("rerun, nothing changed", rerun, f"{len(rerun_out.get('written', []))} rewritten"),
        (
            "one contract changed",
            incremental,
            f"{len(inc_out.get('written', []))} rewritten of {inc_out.get('files')}",
        ),
        ("--check after a second change", check, "exit 1: stale"),
        ("that change again, --no-cache", uncached, "the uncached baseline"),
    ]
    print(f"contracts generate benchmark ({args.contracts} synthetic contracts, all targets)")
    print(f"  {'':32} {'wall ms':>9} {'cpu ms':>9} {'cpu/cold':>9} {'cpu/floor':>9}")
    for label, wall, note in rows:
        cpu = CPU[wall]
        print(
            f"  {label:32} {wall * 1000:9.1f} {cpu * 1000:9.1f} {cpu / CPU[full]:9.3f} "
            f"{cpu / max(CPU[floor], 1e-3):9.1f}   {note}"
        )
    by_target = inc_out.get("targets", {})
    print(f"  files per target: {json.dumps(by_target, sort_keys=True)}")


if __name__ == "__main__":
    main()
