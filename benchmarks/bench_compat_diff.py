"""`contracts diff` throughput: schema pairs compared per second.

Two corpora of (old, new) pairs:

* the 145 labelled pairs of Apicurio Registry's JSON Schema compatibility tests
  (../shared/conformance/apicurio-compatibility, skipped when absent);
* the example registry's resolved schemas, each version against mutated copies of itself:
  a required field added, a field's type changed, an enum widened, an optional field added,
  a maxLength halved.

Measured in one run, side by side:

* in-process ``compare_schemas`` (both directions, witnesses confirmed): pairs/s;
* in-process ``contracts diff --format json`` through click (file reading, rendering): pairs/s;
* ``contracts diff`` as a fresh process on a sample of pairs, with the interpreter floor
  (``python -c pass``) measured the same way;
* baseline: a plain ``jsonschema.validate`` of one instance per pair (meta-schema check,
  validator construction and one validation), and a prebuilt validator's ``is_valid``.

Prints figures and ratios; asserts nothing.

    python benchmarks/bench_compat_diff.py [--repeat 3] [--processes 10]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from jsonschema import Draft7Validator, ValidationError, validate
from jsonschema.validators import validator_for

from lakecontracts.cli.main import cli
from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.examples import example
from lakecontracts.compat.root import SchemaRoot
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import resolve_all

REPO = Path(__file__).resolve().parents[1]
APICURIO = (
    REPO.parent
    / "shared"
    / "conformance"
    / "apicurio-compatibility"
    / "compatibility-test-data.json"
)
Pair = tuple[str, Any, Any]


def apicurio_pairs() -> list[Pair]:
    if not APICURIO.is_file():
        print(f"(Apicurio corpus not found at {APICURIO}: skipped)")
        return []
    tests = json.loads(APICURIO.read_text(encoding="utf-8"))["tests"]
    return [(f"apicurio:{t['id']}", t["original"], t["updated"]) for t in tests]


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _payload(schema: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = schema["properties"]["payload"]
    return payload


def add_required_field(schema: dict[str, Any]) -> bool:
    payload = _payload(schema)
    payload.setdefault("properties", {})["bench_added"] = {"type": "string"}
    payload["required"] = [*payload.get("required", []), "bench_added"]
    return True


def add_optional_field(schema: dict[str, Any]) -> bool:
    _payload(schema).setdefault("properties", {})["bench_optional"] = {"type": "string"}
    return True


def change_type(schema: dict[str, Any]) -> bool:
    for node in _walk(_payload(schema)):
        if node.get("type") in ("string", "integer"):
            node["type"] = "integer" if node["type"] == "string" else "string"
            for key in ("format", "pattern", "maxLength", "minLength", "minimum", "maximum"):
                node.pop(key, None)
            return True
    return False


def widen_enum(schema: dict[str, Any]) -> bool:
    for node in _walk(_payload(schema)):
        if isinstance(node.get("enum"), list) and all(isinstance(v, str) for v in node["enum"]):
            node["enum"] = [*node["enum"], "bench_value"]
            return True
    return False


def halve_max_length(schema: dict[str, Any]) -> bool:
    for node in _walk(_payload(schema)):
        if isinstance(node.get("maxLength"), int) and node["maxLength"] > 1:
            node["maxLength"] //= 2
            return True
    return False


MUTATIONS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "add_required_field": add_required_field,
    "add_optional_field": add_optional_field,
    "change_type": change_type,
    "widen_enum": widen_enum,
    "halve_max_length": halve_max_length,
}


def registry_pairs() -> list[Pair]:
    pairs: list[Pair] = []
    for event in resolve_all(Registry.open(REPO / "contracts")):
        for name, mutate in MUTATIONS.items():
            new = copy.deepcopy(event.schema)
            if mutate(new):
                pairs.append((f"{event.event}@{event.v}:{name}", event.schema, new))
    return pairs


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs, in seconds (least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def one_instance(schema: Any) -> Any:
    root = SchemaRoot(schema, "bench")
    return example(root, root.schema)


def measure_corpus(label: str, pairs: list[Pair], repeat: int, folder: Path) -> None:
    if not pairs:
        return
    count = len(pairs)
    instances = [one_instance(old) for _, old, _ in pairs]
    files = []
    for index, (_, old, new) in enumerate(pairs):
        old_path, new_path = (
            folder / f"{label}-{index}-old.json",
            folder / f"{label}-{index}-new.json",
        )
        old_path.write_text(json.dumps(old), encoding="utf-8")
        new_path.write_text(json.dumps(new), encoding="utf-8")
        files.append((str(old_path), str(new_path)))
    runner = CliRunner()

    def engine() -> None:
        for _, old, new in pairs:
            compare_schemas(old, new)

    def command() -> None:
        for old_path, new_path in files:
            runner.invoke(cli, ["diff", old_path, new_path, "--format", "json"])

    def plain_validate() -> None:
        for (_, old, _), instance in zip(pairs, instances, strict=True):
            with contextlib.suppress(ValidationError):  # the verdict is not what is timed
                validate(instance, old, cls=validator_for(old, default=Draft7Validator))

    validators = [validator_for(old, default=Draft7Validator)(old) for _, old, _ in pairs]

    def prebuilt_is_valid() -> None:
        for validator, instance in zip(validators, instances, strict=True):
            validator.is_valid(instance)

    figures = {
        "compare_schemas (in-process)": best_of(repeat, engine),
        "contracts diff --format json (in-process)": best_of(repeat, command),
        "baseline: jsonschema.validate of 1 instance": best_of(repeat, plain_validate),
        "baseline: prebuilt validator.is_valid": best_of(repeat, prebuilt_is_valid),
    }
    base = figures["baseline: jsonschema.validate of 1 instance"]
    print(f"\n{label}: {count} pairs (best of {repeat})")
    for name, seconds in figures.items():
        print(
            f"  {name:45s} {count / seconds:10.1f} pairs/s  {1000 * seconds / count:8.3f} ms/pair"
            f"  x{seconds / base:7.1f} of jsonschema.validate"
        )
    result = [compare_schemas(old, new) for _, old, new in pairs]
    verdicts: dict[str, int] = {}
    for r in result:
        key = f"backward={r.backward} forward={r.forward}"
        verdicts[key] = verdicts.get(key, 0) + 1
    print("  verdicts: " + ", ".join(f"{k}: {n}" for k, n in sorted(verdicts.items())))


def measure_processes(pairs: list[Pair], processes: int, folder: Path) -> None:
    sample = pairs[:: max(1, len(pairs) // processes)][:processes]
    if not sample:
        return
    paths = []
    for index, (_, old, new) in enumerate(sample):
        old_path, new_path = folder / f"proc-{index}-old.json", folder / f"proc-{index}-new.json"
        old_path.write_text(json.dumps(old), encoding="utf-8")
        new_path.write_text(json.dumps(new), encoding="utf-8")
        paths.append((str(old_path), str(new_path)))
    contracts = [sys.executable, "-m", "lakecontracts", "diff"]

    def timed(command: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        return time.perf_counter() - start

    floor = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(5))
    imports = statistics.median(
        timed([sys.executable, "-c", "import jsonschema, lakecontracts.cli.main"]) for _ in range(3)
    )
    runs = [timed([*contracts, old, new, "--format", "json"]) for old, new in paths]
    median = statistics.median(runs)
    print(f"\ncontracts diff as a fresh process ({len(runs)} pairs, median):")
    print(f"  python -c pass (floor)                      {1000 * floor:8.1f} ms")
    print(f"  import jsonschema + the CLI                 {1000 * imports:8.1f} ms")
    print(
        f"  contracts diff OLD NEW --format json        {1000 * median:8.1f} ms"
        f"  = {1 / median:5.2f} pairs/s  x{median / floor:5.1f} of the floor"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, default=10)
    args = parser.parse_args()
    apicurio, registry = apicurio_pairs(), registry_pairs()
    with tempfile.TemporaryDirectory(prefix="bench-compat-diff-") as tmp:
        folder = Path(tmp)
        measure_corpus("apicurio", apicurio, args.repeat, folder)
        measure_corpus("example registry (version vs mutated copy)", registry, args.repeat, folder)
        measure_processes(apicurio + registry, args.processes, folder)


if __name__ == "__main__":
    main()
