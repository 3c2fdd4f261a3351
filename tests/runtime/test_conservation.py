"""Conservation: every input record ends in exactly one of bronze, quarantine or duplicate.

Hypothesis mixes valid envelopes with arbitrary bytes, truncated JSON, huge numbers, deep
nesting, invalid UTF-8, wrong types and duplicates; the test counts the lines actually written
to bronze and quarantine files, so a record silently dropped or written twice fails it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakecontracts.runtime.assemble import open_ingestor
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.records import Outcome, raw_bytes
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.writers import RollPolicy
from tests.runtime.helpers import ndjson_lines


def _valid_pool(index: ManifestIndex) -> list[bytes]:
    pool = []
    for spec in ("booking.leg_created", "booking.leg_created@1", "payments.payment_succeeded"):
        pool += [s.line for s in samples(index, pick_route(index, spec), 8, seed=11)]
    return pool


def _huge_number(line: bytes, number: int | float) -> bytes:
    envelope = orjson.loads(line)
    key = next(iter(envelope["payload"]))
    return orjson.dumps(envelope).replace(
        orjson.dumps({key: envelope["payload"][key]})[1:-1],
        f'"{key}":{number}'.encode(),
        1,
    )


def _record_strategy(pool: list[bytes]) -> st.SearchStrategy[bytes]:
    valid = st.sampled_from(pool)
    no_newline = st.binary(max_size=200).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b""))
    return st.one_of(
        valid,
        valid,  # duplicates appear because the pool is small
        no_newline,
        st.tuples(valid, st.integers(1, 400)).map(lambda t: t[0][: t[1]]),  # truncated JSON
        st.tuples(valid, st.sampled_from([10**30, 2**60, -(2**63), 1e308, 2**53 + 1])).map(
            lambda t: _huge_number(*t)
        ),
        st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),  # deep nesting
        st.tuples(valid, st.integers(0, 300)).map(
            lambda t: t[0][: t[1]] + b"\xc3\x28" + t[0][t[1] :]
        ),
        valid.map(lambda line: line.replace(b'"v":2', b'"v":"2"', 1)),  # wrong type
        valid.map(lambda line: line.replace(b'"payload":{', b'"payload":{"extra":[{}],', 1)),
        st.recursive(
            st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=10,
        ).map(orjson.dumps),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_record_ends_in_exactly_one_place(
    data: st.DataObject, generated_dir: Path, index: ManifestIndex
) -> None:
    records = data.draw(st.lists(_record_strategy(_valid_pool(index)), min_size=1, max_size=60))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ingestor = open_ingestor(
            generated_dir, root / "b", root / "q", policy=RollPolicy(max_file_bytes=5000)
        )
        half = len(records) // 2
        results = ingestor.ingest(records[:half], "p", 1) + ingestor.ingest(
            records[half:], "p", half + 1
        )
        ingestor.close()
        bronze, quarantine = ndjson_lines(root / "b"), ndjson_lines(root / "q")
    counts = {outcome: sum(r.outcome is outcome for r in results) for outcome in Outcome}
    assert len(results) == len(records)
    assert len(bronze) == counts[Outcome.BRONZE]
    assert len(quarantine) == counts[Outcome.QUARANTINE]
    assert len(bronze) + len(quarantine) + counts[Outcome.DUPLICATE] == len(records)
    # Nothing doubled: bronze event IDs are unique; quarantine keeps every rejected input exactly.
    ids = [r["meta"]["event_id"] for r in bronze]
    assert len(ids) == len(set(ids))
    rejected = sorted(
        r for r, res in zip(records, results, strict=True) if res.outcome is Outcome.QUARANTINE
    )
    assert sorted(raw_bytes(q) for q in quarantine) == rejected
