"""The pipeline's decisions: every route, every named breakage, lifecycle, dedupe, signatures."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac

import orjson
import pytest

from lakecontracts.registry.canonical import canonical_bytes
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.pipeline import Pipeline
from lakecontracts.runtime.records import Outcome, Reason, raw_bytes
from lakecontracts.runtime.sample import MUTATIONS, pick_route, samples
from lakecontracts.runtime.signatures import HmacKeys, SignatureMode, Verifier
from tests.runtime.helpers import FakeClock


def test_valid_samples_of_every_event_version_reach_bronze(index: ManifestIndex) -> None:
    for route in index.routes.values():
        lines = [s.line for s in samples(index, route, 30, seed=route.v)]
        results = Pipeline(index).process(lines, "test")
        assert [r.outcome for r in results] == [Outcome.BRONZE] * 30, (route.event, route.v)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_named_breakage_gets_its_reason(index: ManifestIndex, name: str) -> None:
    route = pick_route(index, "booking.leg_created")
    broken = [
        s
        for s in samples(index, route, 3 * len(MUTATIONS), invalid=True, seed=5)
        if s.mutation == name
    ]
    results = Pipeline(index).process([s.line for s in broken], "test")
    assert [(r.outcome, r.reason) for r in results] == [
        (Outcome.QUARANTINE, MUTATIONS[name].expected)
    ] * len(broken)


def test_bronze_record_is_the_envelope_plus_ingest(index: ManifestIndex) -> None:
    clock = FakeClock(1_767_229_384.25)  # 2026-01-01T01:03:04.250Z
    route = pick_route(index, "booking.leg_created@2")
    sample = samples(index, route, 1, seed=1)[0]
    [result] = Pipeline(index, clock=clock).process([sample.line], "test")
    record = orjson.loads(result.line or b"")
    ingest = record.pop("ingest")
    assert record == orjson.loads(sample.line)
    assert ingest == {
        "ingested_at": "2026-01-01T01:03:04.250Z",
        "partition_key": "event=booking.leg_created/v=2/dt=2026-01-01/hour=01",
        "privacy_tier": route.privacy_tier,
        "manifest_hash": index.manifest_hash,
        "schema_hash": route.schema_hash,
    }
    assert result.partition == ingest["partition_key"]


def test_quarantine_record_keeps_the_raw_bytes_and_errors(index: ManifestIndex) -> None:
    raw = b'{"meta": {"event": "booking.leg_created", "v": 2}, "payload": \xff}'
    [bad_utf8] = Pipeline(index).process([raw], "in.ndjson", first_line=7)
    record = orjson.loads(bad_utf8.line or b"")
    assert record["schema_failure_reason"] == "invalid_json"
    assert record["source"] == "in.ndjson:7"
    assert raw_bytes(record) == raw
    route = pick_route(index, "booking.leg_created")
    envelope = orjson.loads(samples(index, route, 1, seed=3)[0].line)
    envelope["payload"]["amount_minor"] = -5
    envelope["meta"]["signature"] = Verifier().sign(envelope)  # signed, so validation decides
    [violation] = Pipeline(index).process([orjson.dumps(envelope)], "x")
    assert violation.reason is Reason.SCHEMA_VIOLATION
    assert any(path == "/payload/amount_minor" for path, _ in violation.errors)
    assert orjson.loads(violation.line or b"")["event_id"] == envelope["meta"]["event_id"]


def _with_status(index: ManifestIndex, event: str, v: int, status: str) -> ManifestIndex:
    routes = dict(index.routes)
    routes[(event, v)] = dataclasses.replace(routes[(event, v)], status=status)
    return dataclasses.replace(index, routes=routes)


def test_retired_versions_are_quarantined_and_deprecated_ones_counted(
    index: ManifestIndex,
) -> None:
    retired = _with_status(index, "booking.leg_created", 2, "retired")
    line = samples(index, index.routes[("booking.leg_created", 2)], 1, seed=1)[0].line
    [result] = Pipeline(retired).process([line], "t")
    assert result.reason is Reason.RETIRED_VERSION
    assert index.routes[("booking.leg_created", 1)].deprecated
    pipeline = Pipeline(index)
    old = [s.line for s in samples(index, index.routes[("booking.leg_created", 1)], 4, seed=2)]
    assert {r.outcome for r in pipeline.process(old, "t")} == {Outcome.BRONZE}
    assert pipeline.metrics.totals().deprecated == 4


def test_unknown_event_and_version_are_told_apart(index: ManifestIndex) -> None:
    envelope = orjson.loads(
        samples(index, pick_route(index, "booking.leg_created"), 1, seed=1)[0].line
    )
    envelope["meta"]["v"] = 7
    unknown_version = orjson.dumps(envelope)
    envelope["meta"]["event"] = "booking.nope"
    results = Pipeline(index).process([unknown_version, orjson.dumps(envelope), b"[1]"], "t")
    assert [r.reason for r in results] == [
        Reason.UNKNOWN_VERSION,
        Reason.UNKNOWN_EVENT,
        Reason.NOT_AN_ENVELOPE,
    ]


def test_duplicates_within_and_across_batches_are_counted_not_written(
    index: ManifestIndex,
) -> None:
    lines = [s.line for s in samples(index, pick_route(index, "funnel.listing_viewed"), 3, seed=4)]
    pipeline = Pipeline(index)
    first = pipeline.process([lines[0], lines[1], lines[0]], "t")
    second = pipeline.process([lines[1], lines[2]], "t")
    outcomes = [r.outcome for r in first + second]
    assert outcomes == [
        Outcome.BRONZE,
        Outcome.BRONZE,
        Outcome.DUPLICATE,
        Outcome.DUPLICATE,
        Outcome.BRONZE,
    ]
    assert all(r.line is None for r in first + second if r.outcome is Outcome.DUPLICATE)
    assert pipeline.metrics.totals().duplicates == 2


def test_dedupe_window_is_bounded(index: ManifestIndex) -> None:
    from lakecontracts.runtime.state import MemoryState

    clock = FakeClock()
    line = samples(index, pick_route(index, "funnel.listing_viewed"), 1, seed=4)[0].line
    pipeline = Pipeline(index, state=MemoryState(window_seconds=60), clock=clock)
    assert pipeline.process([line], "t")[0].outcome is Outcome.BRONZE
    clock.at += 30
    assert pipeline.process([line], "t")[0].outcome is Outcome.DUPLICATE
    clock.at += 61
    assert pipeline.process([line], "t")[0].outcome is Outcome.BRONZE


def _signing_input(envelope: dict[str, object]) -> bytes:
    """Scheme v2 written out independently: prefix + RFC 8785 of the envelope minus signature."""
    meta = {k: v for k, v in envelope["meta"].items() if k != "signature"}  # type: ignore[attr-defined]
    return b"lakecontracts-envelope-v2\n" + canonical_bytes({**envelope, "meta": meta})


def test_signature_is_sha256_of_the_rfc8785_envelope(index: ManifestIndex) -> None:
    line = samples(index, pick_route(index, "booking.leg_created"), 1, seed=9)[0].line
    envelope = orjson.loads(line)
    digest = hashlib.sha256(_signing_input(envelope)).hexdigest()
    assert envelope["meta"]["signature"] == digest
    envelope["payload"]["currency"] = "USD" if envelope["payload"]["currency"] != "USD" else "EUR"
    [tampered] = Pipeline(index).process([orjson.dumps(envelope)], "t")
    assert tampered.reason is Reason.SIGNATURE_MISMATCH


def test_hmac_mode_uses_the_key_of_the_source(index: ManifestIndex) -> None:
    sources = ("web", "ios", "android", "backend", "stripe", "ses", "idv")
    keys = HmacKeys({source: f"key-{source}".encode() for source in sources})
    verifier = Verifier(SignatureMode.HMAC, keys)
    route = pick_route(index, "funnel.listing_viewed")
    signed = samples(index, route, 20, seed=1, verifier=verifier)
    assert {
        r.outcome for r in Pipeline(index, verifier=verifier).process([s.line for s in signed], "t")
    } == {Outcome.BRONZE}
    digest_signed = [s.line for s in samples(index, route, 5, seed=2)]
    assert {r.reason for r in Pipeline(index, verifier=verifier).process(digest_signed, "t")} == {
        Reason.SIGNATURE_MISMATCH
    }
    envelope = orjson.loads(signed[0].line)
    source = envelope["meta"]["source"]
    expected = hmac.new(keys.keys[source], _signing_input(envelope), hashlib.sha256)
    assert envelope["meta"]["signature"] == expected.hexdigest()
    without_key = Verifier(SignatureMode.HMAC, HmacKeys({}))
    assert (
        Pipeline(index, verifier=without_key).process([signed[0].line], "t")[0].reason
        is Reason.UNKNOWN_SIGNING_KEY
    )


def test_keys_never_appear_in_repr(tmp_path: object) -> None:
    keys = HmacKeys({"web": b"super-secret-key"})
    assert "super-secret-key" not in repr(keys)
    assert "super-secret-key" not in repr(Verifier(SignatureMode.HMAC, keys))


def test_ingest_object_follows_the_clock_from_batch_to_batch(index: ManifestIndex) -> None:
    clock = FakeClock(1_767_229_384.25)  # 2026-01-01T01:03:04.250Z
    route = pick_route(index, "booking.leg_created@2")
    first, second = [s.line for s in samples(index, route, 2, seed=6)]
    pipeline = Pipeline(index, clock=clock)
    [early] = pipeline.process([first], "t")
    clock.at += 3600.5
    [late] = pipeline.process([second], "t")
    ingests = [orjson.loads(r.line or b"")["ingest"] for r in (early, late)]
    assert [i["ingested_at"] for i in ingests] == [
        "2026-01-01T01:03:04.250Z",
        "2026-01-01T02:03:04.750Z",
    ]
    assert [r.partition for r in (early, late)] == [i["partition_key"] for i in ingests]
    assert late.partition == "event=booking.leg_created/v=2/dt=2026-01-01/hour=02"


def test_decided_lines_are_the_results_lines_by_zone_and_partition(
    index: ManifestIndex,
) -> None:
    lines = [s.line for s in samples(index, pick_route(index, "booking.leg_created"), 6, seed=3)]
    lines += [s.line for s in samples(index, pick_route(index, "funnel.listing_viewed"), 4, seed=3)]
    lines += [b"{", lines[0], b"[]", lines[7]]
    decided = Pipeline(index).decide(lines, "t")
    expected: dict[tuple[str, str], list[bytes]] = {}
    for result in decided.results:
        if result.line is not None:
            expected.setdefault((result.outcome.value, result.partition), []).append(result.line)
    assert decided.lines == expected
    assert [r.outcome for r in decided.results[-4:]] == [
        Outcome.QUARANTINE,
        Outcome.DUPLICATE,
        Outcome.QUARANTINE,
        Outcome.DUPLICATE,
    ]
    assert len(expected) == 4  # two events' bronze partitions, two quarantine reasons
