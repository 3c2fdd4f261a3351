"""`contracts diff` on big schemas: seconds per pair against a small-schema baseline.

Issue #10/#13 measured an 8,000-value enum at 18 s, 800 ``patternProperties`` at 115 s and a
100,000-value enum at over 180 s. Each case below is an (old, new) pair of generated schemas
written to files and compared by ``contracts diff --format json`` run as a fresh process,
the way CI runs it. The baseline is the same command on a 10-value enum. Every case prints
its best wall time over ``--repeat`` runs, its best CPU time (user + system: what the process
itself costs on a shared machine), the ratio to the baseline and the bound we hold it to.

    python benchmarks/bench_compat_big.py [--repeat 3] [--only enum_100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DRAFT7 = "http://json-schema.org/draft-07/schema#"
Schema = dict[str, Any]


def enum_pair(size: int) -> tuple[Schema, Schema]:
    """A string property whose enum gains one value (a forward break)."""

    def schema(count: int) -> Schema:
        values = [f"value_{i:06d}" for i in range(count)]
        prop = {"type": "string", "enum": values}
        return {"$schema": DRAFT7, "type": "object", "properties": {"status": prop}}

    return schema(size), schema(size + 1)


def pattern_pair(size: int, closed: bool) -> tuple[Schema, Schema]:
    """An object whose ``patternProperties`` gain one pattern (open or closed content)."""

    def schema(count: int) -> Schema:
        patterns = {
            f"^attr{i}_[a-z]+$": {"type": "string", "maxLength": 10 + i % 50} for i in range(count)
        }
        result: Schema = {
            "$schema": DRAFT7,
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "patternProperties": patterns,
        }
        if closed:
            result["additionalProperties"] = False
        return result

    return schema(size), schema(size + 1)


def properties_pair(size: int) -> tuple[Schema, Schema]:
    """An object with many properties, one of them changing type (a break both ways)."""

    def schema(changed: str) -> Schema:
        props: dict[str, Any] = {f"field_{i}": {"type": "string"} for i in range(size)}
        props[f"field_{size // 2}"] = {"type": changed}
        return {"$schema": DRAFT7, "type": "object", "properties": props}

    return schema("string"), schema("integer")


#: name -> (pair builder, bound in seconds; None for the baseline)
CASES: dict[str, tuple[Callable[[], tuple[Schema, Schema]], float | None]] = {
    "baseline: enum 10": (lambda: enum_pair(10), None),
    "enum_8000": (lambda: enum_pair(8_000), 2.0),
    "enum_100000": (lambda: enum_pair(100_000), 2.0),
    "pattern_properties_800": (lambda: pattern_pair(800, closed=False), 5.0),
    "pattern_properties_2000": (lambda: pattern_pair(2_000, closed=False), 5.0),
    "pattern_properties_2000_closed": (lambda: pattern_pair(2_000, closed=True), 5.0),
    "properties_10000": (lambda: properties_pair(10_000), 5.0),
}


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_diff(old: Path, new: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit code) of one ``contracts diff`` process."""
    command = [sys.executable, "-m", "lakecontracts", "diff", str(old), str(new)]
    cpu, start = _child_cpu(), time.perf_counter()
    done = subprocess.run([*command, "--format", "json"], capture_output=True, check=False)
    elapsed, cpu = time.perf_counter() - start, _child_cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"contracts diff failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed, cpu, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", help="run only these cases (and the baseline)")
    args = parser.parse_args()
    names = [n for n in CASES if n.startswith("baseline") or not args.only or n in args.only]
    baseline = 0.0
    print(f"contracts diff --format json as a process, best of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="bench-compat-big-") as tmp:
        for name in names:
            build, bound = CASES[name]
            old_schema, new_schema = build()
            old, new = Path(tmp, f"{name}-old.json"), Path(tmp, f"{name}-new.json")
            old.write_text(json.dumps(old_schema), encoding="utf-8")
            new.write_text(json.dumps(new_schema), encoding="utf-8")
            runs = [run_diff(old, new) for _ in range(args.repeat)]
            best = min(seconds for seconds, _, _ in runs)
            cpu = min(cpu for _, cpu, _ in runs)
            if bound is None:
                baseline = best
            size = (old.stat().st_size + new.stat().st_size) / 1e6
            verdict = "within" if bound is None or best <= bound else "OVER"
            print(
                f"  {name:32s} {size:5.2f} MB  wall {best:6.3f} s  cpu {cpu:6.3f} s"
                f"  x{best / baseline:5.1f} of baseline  exit {runs[0][2]}"
                + (f"  bound {bound:.0f} s: {verdict}" if bound is not None else "")
            )


if __name__ == "__main__":
    main()
