"""`contracts generate` for every target on a 1,000-contract synthetic registry.

Measures, each as a fresh process (interpreter start included) beside the floor
(`python -c pass`) in the same run: a full generation into an empty folder (wall time and
peak memory of the process), a rerun with nothing changed, and an incremental run after one
contract changed (only the affected outputs are rewritten; the script counts them).

    python benchmarks/bench_generate.py [--contracts 1000]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from synthetic import write_registry

WORK = Path(__file__).resolve().parent / ".work"


def _run(cmd: list[str]) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds, peak RSS of the child in MiB, and the command's JSON output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
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
    files = full_out.get("files", 0)
    print(f"contracts generate benchmark ({args.contracts} synthetic contracts, all targets)")
    print(f"  python -c pass (floor)          {floor * 1000:9.1f} ms")
    print(
        f"  full generation                 {full * 1000:9.1f} ms   {files} files, "
        f"peak RSS {full_peak:.0f} MiB"
    )
    print(
        f"  rerun, nothing changed          {rerun * 1000:9.1f} ms   "
        f"{len(rerun_out.get('written', []))} files rewritten"
    )
    print(
        f"  one contract changed            {incremental * 1000:9.1f} ms   "
        f"{len(inc_out.get('written', []))} files rewritten of {inc_out.get('files')}"
    )
    by_target = inc_out.get("targets", {})
    print(f"  files per target: {json.dumps(by_target, sort_keys=True)}")


if __name__ == "__main__":
    main()
