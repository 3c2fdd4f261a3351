"""Signature verification cost: scheme v1 (payload only) against v2 (the whole envelope).

Issue #10 item 6 moved ``meta.signature`` from the RFC 8785 payload to the RFC 8785 envelope
(minus the signature, with a domain prefix). v2 canonicalizes more bytes per record; this
measures how much that costs, on the example registry's envelopes (every event version, made
by ``contracts sample``, about 600-900 bytes each):

* in one process: the old check (canonical payload, then SHA-256 or HMAC-SHA256 and a
  constant-time compare, as ``Verifier.check`` did) against ``Verifier.verify`` (v2), in digest
  and HMAC mode, best of ``--repeat`` runs, in us per record;
* the command as a process: ``contracts ingest`` of the same NDJSON with ``--signature digest``
  and ``--signature hmac``, wall time per record (start-up included), the whole pipeline.

Run: ``.venv/bin/python benchmarks/bench_signatures.py [--events N]``. Prints figures and
ratios (v2 / v1); asserts nothing about time.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.registry.canonical import canonical_bytes
from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.sample import samples
from lakecontracts.runtime.signatures import HmacKeys, SignatureMode, Verifier

REPO = Path(__file__).resolve().parents[1]
GENERATED = REPO / "generated"
SOURCES = ("web", "ios", "android", "backend", "stripe", "ses", "idv")
KEYS = {source: f"bench-key-{source}" for source in SOURCES}


def _v1(key: bytes | None) -> Callable[[dict[str, Any]], bool]:
    """The v1 check as the pipeline ran it: canonical payload, digest or HMAC, compare."""

    def check(envelope: dict[str, Any]) -> bool:
        canonical = canonical_bytes(envelope["payload"])
        if key is None:
            expected = hashlib.sha256(canonical).hexdigest()
        else:
            expected = hmac.new(key, canonical, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, envelope["meta"]["signature"])

    return check


def _per_record_us(
    check: Callable[[dict[str, Any]], Any], envelopes: list[Any], repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for envelope in envelopes:
            check(envelope)
        best = min(best, time.perf_counter() - start)
    return best / len(envelopes) * 1e6


def _envelopes(verifier: Verifier, count: int) -> list[bytes]:
    index = load_index(GENERATED, native=False)
    routes = [r for r in index.routes.values() if not r.retired]
    each = max(1, count // len(routes))
    lines = [s.line for r in routes for s in samples(index, r, each, seed=r.v, verifier=verifier)]
    return lines[:count]


def _in_process(count: int, repeat: int) -> None:
    hmac_keys = HmacKeys({s: k.encode() for s, k in KEYS.items()})
    print(f"verify, in one process ({count:,} envelopes, best of {repeat}):")
    print(f"  {'mode':8} {'v1 payload':>12} {'v2 envelope':>12} {'v2/v1':>7}")
    for mode, verifier in (
        ("digest", Verifier()),
        ("hmac", Verifier(SignatureMode.HMAC, hmac_keys)),
    ):
        lines = _envelopes(verifier, count)
        parsed = [orjson.loads(line) for line in lines]
        size = sum(map(len, lines)) / len(lines)
        assert all(verifier.verify(e) is None for e in parsed)
        v1_signed = [_resign_v1(e, mode, hmac_keys) for e in parsed]
        v1 = _per_record_us(_v1_for(mode, hmac_keys), v1_signed, repeat)
        v2 = _per_record_us(verifier.verify, parsed, repeat)
        print(f"  {mode:8} {v1:10.2f}us {v2:10.2f}us {v2 / v1:6.2f}x   ({size:.0f} B/envelope)")


def _v1_for(mode: str, keys: HmacKeys) -> Callable[[dict[str, Any]], bool]:
    if mode == "digest":
        return _v1(None)
    checks = {source: _v1(keys.get(source)) for source in SOURCES}
    return lambda envelope: checks[envelope["meta"]["source"]](envelope)


def _resign_v1(envelope: dict[str, Any], mode: str, keys: HmacKeys) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(envelope))
    canonical = canonical_bytes(copy["payload"])
    key = keys.get(copy["meta"]["source"])
    copy["meta"]["signature"] = (
        hashlib.sha256(canonical).hexdigest()
        if mode == "digest" or key is None
        else hmac.new(key, canonical, hashlib.sha256).hexdigest()
    )
    return copy


def _as_process(count: int) -> None:
    """``contracts ingest`` of the same envelopes, digest against hmac mode."""
    print(f"contracts ingest as a process ({count:,} envelopes, start-up included):")
    cli = Path(sys.executable).with_name("contracts")
    env = {**os.environ, **{f"CONTRACTS_HMAC_KEY_{s.upper()}": k for s, k in KEYS.items()}}
    hmac_keys = HmacKeys({s: k.encode() for s, k in KEYS.items()})
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode, verifier in (
            ("digest", Verifier()),
            ("hmac", Verifier(SignatureMode.HMAC, hmac_keys)),
        ):
            data = Path(tmp, f"{mode}.ndjson")
            data.write_bytes(b"\n".join(_envelopes(verifier, count)) + b"\n")
            lake = Path(tmp, mode)
            command = [str(cli), "ingest", str(data), "--generated", str(GENERATED)]
            command += ["--bronze", str(lake / "b"), "--quarantine", str(lake / "q")]
            start = time.perf_counter()
            done = subprocess.run(
                [*command, "--signature", mode, "--format", "json"],
                env=env,
                capture_output=True,
                check=True,
            )
            figures[mode] = (time.perf_counter() - start) / count * 1e6
            counts = orjson.loads(done.stdout)
            print(f"  {mode:8} {figures[mode]:8.2f}us/record   {_summary(counts)}")
    print(f"  hmac/digest {figures['hmac'] / figures['digest']:.2f}x")


def _summary(counts: dict[str, Any]) -> str:
    outcomes = counts["outcomes"]
    return ", ".join(f"{name} {outcomes[name]:,}" for name in ("bronze", "quarantine", "duplicate"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    _in_process(args.events, args.repeat)
    _as_process(args.events)


if __name__ == "__main__":
    main()
