"""Validation speed on the ``booking.leg_created`` v2 envelope, side by side in one run.

One core, one process. Rows: orjson.loads alone (the floor for bytes in), fastjsonschema
(compiled), jsonschema-rs, the jsonschema reference (with a FormatChecker) and ours: the
generated module in generated/validators/ run as Python source, and the same source compiled
by mypyc (``contracts compile-validators``; compiled here first when there is no fresh build).
Each validator is timed on a parsed dict (validation alone) and from bytes (orjson.loads +
validation). Prints events/s and the ratio to jsonschema-rs; asserts nothing.

    python benchmarks/bench_validate.py [--seconds 1.0]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "generated" / "schemas" / "booking.leg_created" / "v2.schema.json"
MODULE = ROOT / "generated" / "validators" / "booking__leg_created__v2.py"

ENVELOPE: dict[str, Any] = {
    "meta": {
        "event": "booking.leg_created",
        "v": 2,
        "event_id": "0b7a4c7e-3f1d-4c55-9a4b-7d2e8f6a1c3b",
        "occurred_at": "2025-06-14T09:31:07.482Z",
        "sent_at": "2025-06-14T09:31:08.015+02:00",
        "source": "backend",
        "request_id": "req-7f3a9c1e2b",
        "signature": "3f0c9a7be21d4e58a6b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1",
    },
    "context": {
        "user_id": "u-8k2m4n6p",
        "anon_id": "a-q9w8e7r6t5",
        "session_id": "s-z1x2c3v4b5",
        "device": {"ua_hash": "d-9f8e7d6c5b4a3f2e", "os": "ios", "app_version": "5.12.1"},
        "ids": {"thread_id": "th-123", "cart_id": "c-987"},
        "country": "PT",
        "city": "lisbon",
        "locale": "pt-PT",
    },
    "payload": {
        "leg_id": "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "booking_id": "7e6d5c4b-3a29-4187-b6a5-f4e3d2c1b0a9",
        "listing_id": "1a2b3c4d-5e6f-4708-9a1b-2c3d4e5f6a7b",
        "traveller_index": 1,
        "amount_minor": 12950,
        "currency": "EUR",
        "starts_on": "2025-07-01",
        "ends_on": "2025-07-08",
        "status": "pending",
    },
}


def _ours() -> Callable[[Any], bool]:
    spec = importlib.util.spec_from_file_location("bench_generated_validator", MODULE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {MODULE}: run `contracts generate` first")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    check: Callable[[Any], bool] = module.is_valid
    return check


def _ours_compiled() -> Callable[[Any], bool]:
    """The same module compiled by mypyc, as the runtime loads it."""
    from lakecontracts.validator.native_build import compile_module
    from lakecontracts.validator.stamp import fresh_compiled, import_compiled

    compiled = fresh_compiled(MODULE)
    if compiled is None:
        print(f"compiling {MODULE.name} with mypyc ...", file=sys.stderr)
        compiled = compile_module(MODULE).path
    check: Callable[[Any], bool] = import_compiled(compiled, "_bench_native").is_valid
    return check


def third_party(schema: dict[str, Any]) -> dict[str, Callable[[Any], bool]]:
    """The other validators' ``is_valid`` for ``schema`` (draft-07, formats asserted)."""
    import fastjsonschema
    import jsonschema
    import jsonschema_rs

    compiled = fastjsonschema.compile(schema)

    def fast(instance: Any) -> bool:
        try:
            compiled(instance)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    reference = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    rust = jsonschema_rs.Draft7Validator(schema, validate_formats=True)
    return {
        "fastjsonschema": fast,
        "jsonschema-rs": rust.is_valid,
        "jsonschema (reference)": reference.is_valid,
    }


def _validators(schema: dict[str, Any]) -> dict[str, Callable[[Any], bool]]:
    return {
        **third_party(schema),
        "ours, Python source": _ours(),
        "ours, compiled (mypyc)": _ours_compiled(),
    }


def _rate(work: Callable[[], object], seconds: float) -> float:
    """Calls per second of ``work``, measured in batches for about ``seconds``."""
    batch, done, spent = 1, 0, 0.0
    while spent < seconds:
        start = time.perf_counter()
        for _ in range(batch):
            work()
        spent += time.perf_counter() - start
        done += batch
        batch = min(batch * 2, 20000)
    return done / spent


def _interleaved(
    work: dict[str, Callable[[], object]], seconds: float, rounds: int
) -> dict[str, float]:
    """Median rate of each callable over ``rounds`` rounds that take turns (so load drifts
    on this shared machine hit every row alike)."""
    rates: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(rounds):
        for name, call in work.items():
            rates[name].append(_rate(call, seconds / rounds))
    return {name: statistics.median(values) for name, values in rates.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (median)")
    args = parser.parse_args()
    schema = json.loads(SCHEMA.read_text())
    raw = orjson.dumps(ENVELOPE)
    validators = _validators(schema)
    for name, check in validators.items():
        if check(ENVELOPE) is not True:
            raise SystemExit(f"{name} rejects the benchmark envelope")
    work: dict[str, Callable[[], object]] = {"floor": lambda: orjson.loads(raw)}
    for name, check in validators.items():
        work[f"{name}/dict"] = lambda check=check: check(ENVELOPE)  # type: ignore[misc]
        work[f"{name}/bytes"] = lambda check=check: check(orjson.loads(raw))  # type: ignore[misc]
    rates = _interleaved(work, args.seconds, args.rounds)
    rows: list[tuple[str, float | None, float]] = [
        ("orjson.loads alone (floor)", None, rates["floor"])
    ]
    rows += [(name, rates[f"{name}/dict"], rates[f"{name}/bytes"]) for name in validators]
    anchor = next(row for row in rows if row[0] == "jsonschema-rs")
    print(f"booking.leg_created v2 envelope, {len(raw)} bytes, Python {sys.version.split()[0]}")
    print(f"medians of {args.rounds} interleaved rounds")
    print(f"{'':28} {'validate dict/s':>16} {'vs rs':>7} {'bytes->valid/s':>16} {'vs rs':>7}")
    for label, dict_rate, bytes_rate in rows:
        dict_text = " " * 24
        if dict_rate and anchor[1]:
            dict_text = f"{dict_rate:16,.0f} {dict_rate / anchor[1]:6.2f}x"
        print(f"{label:28} {dict_text} {bytes_rate:16,.0f} {bytes_rate / anchor[2]:6.2f}x")


if __name__ == "__main__":
    main()
