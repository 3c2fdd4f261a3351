"""How many published-compatible steps of real schema histories `contracts diff` confirms.

The corpus is not in this repository: point an environment variable at a local checkout and
the script reads it there (it prints a note and exits 0 when the variable is unset).

* ``IGLU_CENTRAL_DIR``: a checkout of Snowplow's Iglu Central
  (https://github.com/snowplow/iglu-central, Apache-2.0). Each schema lives at
  ``schemas/<vendor>/<name>/jsonschema/<MODEL>-<REVISION>-<ADDITION>`` and SchemaVer says what
  each step promises: an ADDITION step (``1-0-0`` -> ``1-0-1``) "is compatible with all
  historical data", a REVISION step may break some, a MODEL step breaks all.

Every pair of consecutive versions of a family is compared in both directions, in process
(``compare_schemas``, the engine behind ``contracts diff``). For the ADDITION steps (the
publisher's claim: the new schema reads all old data, i.e. BACKWARD) it prints how many the
tool confirms with a proof, how many it refutes with a witness (each witness re-checked here
with the jsonschema reference validator: the old schema accepts it, the new rejects it), split
by whether the witness needs an undeclared property of the old schema's open content model,
and how many stay ``unknown`` and why. Then ``contracts diff`` runs as a fresh process on a
sample of steps, beside the interpreter floor (``python -c pass``).

    IGLU_CENTRAL_DIR=/path/to/iglu-central python benchmarks/real_world_corpus.py [--sample 10]
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.validators import validator_for

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.model import CompatResult, Direction
from lakecontracts.reporting.vocabulary import Verdict

ENV = "IGLU_CENTRAL_DIR"


@dataclass(frozen=True)
class Step:
    family: str
    kind: str  # addition, revision or model
    old: Path
    new: Path


def _version(path: Path) -> tuple[int, ...] | None:
    parts = path.name.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def iglu_steps(top: Path) -> list[Step]:
    """Consecutive versions of every ``vendor/name`` family, with SchemaVer's step kind."""
    families: dict[str, list[tuple[tuple[int, ...], Path]]] = collections.defaultdict(list)
    for path in sorted((top / "schemas").glob("*/*/jsonschema/*")):
        version = _version(path)
        if version is not None:
            families[f"{path.parts[-4]}/{path.parts[-3]}"].append((version, path))
    steps = []
    for family, versions in sorted(families.items()):
        versions.sort()
        for (v0, old), (v1, new) in itertools.pairwise(versions):
            kind = "addition" if v0[:2] == v1[:2] else "revision" if v0[0] == v1[0] else "model"
            steps.append(Step(family, kind, old, new))
    return steps


def _accepts(schema: Any, instance: Any) -> bool:
    cls = validator_for(schema, default=Draft4Validator)  # Iglu's meta-schema is draft-04
    return bool(cls(schema).is_valid(instance))


def _witness_confirmed(old: Any, new: Any, result: CompatResult) -> bool:
    for change in result.changes:
        body = change.to_json()
        if change.direction is Direction.BACKWARD and "witness" in body:
            return _accepts(old, body["witness"]) and not _accepts(new, body["witness"])
    return False


def _open_model_only(result: CompatResult) -> bool:
    refuting = [
        c
        for c in result.changes
        if c.direction is Direction.BACKWARD and c.compatible is Verdict.INCOMPATIBLE
    ]
    return bool(refuting) and all("open content model" in c.reason for c in refuting)


def measure(steps: list[Step]) -> None:
    kinds: collections.Counter[tuple[str, str]] = collections.Counter()
    refuted: collections.Counter[str] = collections.Counter()
    unknown_rules: collections.Counter[str] = collections.Counter()
    unconfirmed = 0
    start = time.process_time()
    for step in steps:
        old = json.loads(step.old.read_text(encoding="utf-8"))
        new = json.loads(step.new.read_text(encoding="utf-8"))
        result = compare_schemas(old, new)
        kinds[(step.kind, str(result.backward.to_json()).lower())] += 1
        if step.kind != "addition":
            continue
        if result.backward is Verdict.INCOMPATIBLE:
            unconfirmed += not _witness_confirmed(old, new, result)
            refuted["open content model only" if _open_model_only(result) else "declared"] += 1
        elif result.backward is Verdict.UNKNOWN:
            for change in result.changes:
                if change.direction is Direction.BACKWARD and change.compatible is Verdict.UNKNOWN:
                    unknown_rules[f"{change.rule} ({step.family})"] += 1
    cpu = time.process_time() - start
    print(f"{len(steps)} steps compared in {cpu:.1f} s CPU ({cpu / len(steps) * 1000:.0f} ms each)")
    print("\n| step | backward true | backward false | backward unknown |")
    print("| --- | --- | --- | --- |")
    for kind in ("addition", "revision", "model"):
        row = [kinds[(kind, v)] for v in ("true", "false", "unknown")]
        print(f"| {kind} ({sum(row)}) | {row[0]} | {row[1]} | {row[2]} |")
    additions = sum(v for (k, _), v in kinds.items() if k == "addition")
    confirmed = kinds[("addition", "true")]
    print(f"\nADDITION steps confirmed compatible: {confirmed} of {additions}")
    print(f"refuted with a witness: {dict(refuted)}; witnesses not re-confirmed: {unconfirmed}")
    for rule, count in unknown_rules.most_common():
        print(f"  unknown: {count} x {rule}")


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr.decode()}")
    return time.perf_counter() - start


def time_processes(steps: list[Step], sample: int) -> None:
    chosen = [s for s in steps if s.kind == "addition"][:sample]
    if not chosen:
        return
    floor = statistics.median(_run([sys.executable, "-c", "pass"]) for _ in chosen)
    runs = [
        _run([sys.executable, "-m", "lakecontracts", "diff", str(s.old), str(s.new)])
        for s in chosen
    ]
    median = statistics.median(runs)
    print(
        f"\ncontracts diff as a process on {len(chosen)} ADDITION steps: median {median:.2f} s, "
        f"floor (python -c pass) {floor:.3f} s, x{median / floor:.0f} of the floor"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=10, help="steps timed as processes")
    args = parser.parse_args()
    where = os.environ.get(ENV)
    if not where or not (Path(where) / "schemas").is_dir():
        print(f"{ENV} is not set to an Iglu Central checkout (with schemas/): skipped")
        return
    steps = iglu_steps(Path(where))
    print(f"Iglu Central at {where}: {len(steps)} consecutive-version steps")
    measure(steps)
    time_processes(steps, args.sample)


if __name__ == "__main__":
    main()
