"""Ingest pipeline throughput on the example booking.leg_created envelope, side by side.

One process, one core (the pipeline is single-threaded), every figure measured in this run:

* parse alone: ``orjson.loads`` of the envelope bytes (the floor nothing can beat);
* validate alone: the generated validator's ``is_valid`` on parsed envelopes;

each row from "validate" on is measured twice: with the generated validators as Python
source, and compiled by mypyc (``contracts compile-validators``, run first when there is no
fresh build), as the runtime loads them;
* decisions only: the pipeline's parse, route, validate, verify, in-memory dedupe and enrich to
  NDJSON lines, without the state store or files (what the durable parts cost is the difference);
* whole pipeline: bytes -> parse, route, validate, verify, dedupe (the default state store,
  RocksDB), enrich -> NDJSON files published in ``event=/v=/dt=/hour=`` partitions (the flush
  is included); once with an empty dedupe window, and once (compiled) with ``--preload`` IDs
  already in it, as a running ingester's window holds;
* whole pipeline with another validator: the same, with fastjsonschema, jsonschema-rs or
  the jsonschema reference (on fewer events) deciding validity instead of ours;
* digest: RFC 8785 canonical payload + SHA-256 with ours, the pure-Python ``rfc8785`` package
  (exact) and orjson with sorted keys (fast, not exact on some floats).

Run: ``.venv/bin/python benchmarks/bench_ingest.py [--events N]``. Prints events/s and ratios;
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from bench_dedupe_state import _ids
from lakecontracts.registry.canonical import canonical_bytes
from lakecontracts.runtime.assemble import open_ingestor
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.pipeline import Pipeline
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.state import MemoryState

REPO = Path(__file__).resolve().parents[1]
GENERATED = REPO / "generated"
BATCH = 4096


def _rate(count: int, run: Callable[[], Any], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in items per second."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return count / best


def _each(func: Callable[[Any], object], items: list[Any]) -> None:
    """Call ``func`` on every item, keeping no results (as the pipeline does)."""
    for item in items:
        func(item)


def _repeat(func: Callable[[], object], count: int) -> Callable[[], None]:
    def run() -> None:
        for _ in range(count):
            func()

    return run


def _distinct_envelopes(line: bytes, count: int) -> list[bytes]:
    """The same envelope with distinct random event IDs (the payload and signature unchanged).

    Random as producers' UUIDv4s are (seeded, so runs compare): counting IDs 0, 1, 2, ... would
    reach the dedupe table in key order and hide the cost of its B-tree inserts.
    """
    event_id = orjson.loads(line)["meta"]["event_id"].encode()
    return [line.replace(event_id, fresh.encode()) for fresh in _ids(count, 4)]


def _decisions_rate(index: ManifestIndex, lines: list[bytes]) -> float:
    best = 0.0
    for _ in range(3):
        pipeline = Pipeline(index, state=MemoryState())
        start = time.perf_counter()
        for i in range(0, len(lines), BATCH):
            pipeline.process(lines[i : i + BATCH], "bench")
        best = max(best, len(lines) / (time.perf_counter() - start))
    return best


def _pipeline_rate(
    generated: Path,
    lines: list[bytes],
    native: bool,
    index: ManifestIndex | None = None,
    repeat: int = 3,
) -> float:
    best = 0.0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            b, q = Path(tmp) / "b", Path(tmp) / "q"
            ingestor = open_ingestor(generated, b, q, native=native, index=index)
            start = time.perf_counter()
            for i in range(0, len(lines), BATCH):
                ingestor.ingest(lines[i : i + BATCH], "bench")
            ingestor.close()
            best = max(best, len(lines) / (time.perf_counter() - start))
    return best


def _steady_rate(generated: Path, lines: list[bytes], preload: int) -> float:
    """The whole pipeline (compiled, default state store) once the window already holds
    ``preload`` random IDs spread over the last 24 h: the steady state of a running ingester.
    One run (a run changes the state; preloading again takes longer than the run)."""
    from bench_dedupe_state import WINDOW, _preload_rocks
    from lakecontracts.runtime.writers import STATE_FOLDER

    with tempfile.TemporaryDirectory() as tmp:
        state_dir = Path(tmp) / "b" / STATE_FOLDER
        state_dir.mkdir(parents=True)
        print(f"preloading {preload:,} IDs into the dedupe window ...", file=sys.stderr)
        _preload_rocks(
            state_dir / "state.rocksdb", _ids(preload, 1), time.time() - WINDOW, WINDOW / preload
        )
        gc.collect()
        ingestor = open_ingestor(generated, Path(tmp) / "b", Path(tmp) / "q", native=True)
        start = time.perf_counter()
        for i in range(0, len(lines), BATCH):
            ingestor.ingest(lines[i : i + BATCH], "bench")
        ingestor.close()
        return len(lines) / (time.perf_counter() - start)


#: Events the whole pipeline gets with the reference validator (about 7,000 events/s).
_REFERENCE_EVENTS = 10_000


def _other_validator_rows(
    generated: Path, index: ManifestIndex, lines: list[bytes]
) -> list[tuple[str, float]]:
    """The whole pipeline with another library deciding ``is_valid`` on the benchmark route
    (ours still lists the errors of rejected events; every event here is valid)."""
    from bench_validate import third_party

    key = ("booking.leg_created", 2)
    schema = orjson.loads(index.schema_path(*key).read_bytes())
    rows = []
    for name, check in third_party(schema).items():
        route = dataclasses.replace(index.routes[key], is_valid=check, native=False)
        swapped = dataclasses.replace(index, routes={**index.routes, key: route})
        reference = name.startswith("jsonschema (")
        some = lines[:_REFERENCE_EVENTS] if reference else lines
        rate = _pipeline_rate(generated, some, False, swapped, repeat=1 if reference else 3)
        rows.append((f"whole pipeline ({name} validating)", rate))
    return rows


def _validator_rows(
    index: ManifestIndex, label: str, lines: list[bytes], parsed: list[Any]
) -> list[tuple[str, float]]:
    loads, is_valid = orjson.loads, pick_route(index, "booking.leg_created@2").is_valid
    return [
        (f"validate alone ({label})", _rate(len(parsed), lambda: _each(is_valid, parsed))),
        (
            f"parse + validate ({label})",
            _rate(len(lines), lambda: _each(lambda x: is_valid(loads(x)), lines)),
        ),
        (f"decisions only ({label})", _decisions_rate(index, lines)),
    ]


def _compile_missing(generated: Path) -> None:
    """Compile the validators that have no fresh build (mypyc; takes a while once)."""
    from lakecontracts.runtime.manifest_index import VALIDATORS_DIR
    from lakecontracts.validator.native_build import compile_validators, modules_in
    from lakecontracts.validator.stamp import fresh_compiled

    folder = generated / VALIDATORS_DIR
    if any(fresh_compiled(module) is None for module in modules_in(folder)):
        print("compiling the validators with mypyc ...", file=sys.stderr)
        compile_validators(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--generated", type=Path, default=GENERATED, help="default: generated/")
    parser.add_argument(
        "--preload",
        type=int,
        default=4_000_000,
        help="event IDs already in the 24 h dedupe window for the steady-state row (0: skip)",
    )
    args = parser.parse_args()
    _compile_missing(args.generated)
    indexes = {native: load_index(args.generated, native) for native in (False, True)}
    index = indexes[False]
    route = pick_route(index, "booking.leg_created@2")
    line = samples(index, route, 1, seed=1)[0].line
    lines = _distinct_envelopes(line, args.events)
    parsed = [orjson.loads(x) for x in lines]
    payload = parsed[0]["payload"]
    gc.collect()
    gc.freeze()  # the inputs are long-lived: keep the collector from rescanning them
    print(f"booking.leg_created v2 envelope, {len(line)} bytes; {args.events} events; one core")

    loads = orjson.loads
    floor = _rate(len(lines), lambda: _each(loads, lines))
    rows = [("orjson parse alone (floor)", floor)]
    for native, label in ((False, "Python"), (True, "compiled")):
        rows += _validator_rows(indexes[native], label, lines, parsed)
        rows.append((f"whole pipeline ({label})", _pipeline_rate(args.generated, lines, native)))
    rows += _other_validator_rows(args.generated, index, lines)
    if args.preload:
        steady = _steady_rate(args.generated, lines, args.preload)
        rows.append((f"whole pipeline (compiled), {args.preload:,} IDs in window", steady))
    width = max(len(name) for name, _ in rows) + 2
    print(
        f"\n{'ingest (decisions: memory dedupe, no files)':<{width}}{'events/s':>12}{'x floor':>10}"
    )
    for name, rate in rows:
        print(f"{name:<{width}}{rate:>12,.0f}{rate / floor:>10.2f}")
    rates = dict(rows)
    pipeline = rates["whole pipeline (compiled)"]
    rust = rates["whole pipeline (jsonschema-rs validating)"]
    print(f"whole pipeline, ours compiled / with jsonschema-rs validating: {pipeline / rust:.2f}x")
    print(f"target: whole pipeline >= 100,000 events/s per core: {pipeline:,.0f} (compiled)")

    digest_rows: list[tuple[str, Callable[[], str]]] = [
        (
            "ours: canonical_bytes + sha256",
            lambda: hashlib.sha256(canonical_bytes(payload)).hexdigest(),
        ),
        (
            "orjson sorted keys + sha256 (not exact)",
            lambda: hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest(),
        ),
    ]
    try:
        import rfc8785

        digest_rows.append(
            (
                "rfc8785 package + sha256 (exact)",
                lambda: hashlib.sha256(rfc8785.dumps(payload)).hexdigest(),
            )
        )
    except ImportError:
        print("(rfc8785 not installed: `pip install -e .[dev]` to compare)")
    n = 100_000
    results = [(name, _rate(n, _repeat(digest, n))) for name, digest in digest_rows]
    ours = results[0][1]
    print(f"\n{'digest of the payload':<40}{'payloads/s':>12}{'ours / it':>10}")
    for name, rate in results:
        print(f"{name:<40}{rate:>12,.0f}{ours / rate:>10.2f}")
    print(f"target: >= 300,000 payloads/s exactly RFC 8785: {ours:,.0f}")


if __name__ == "__main__":
    main()
