"""Issue #10 items 3 and 7: the Firehose handler under retries, full buffers and bad events.

A retried batch was answered ``Dropped`` (IDs were marked seen before the response went out),
a full 3 MB buffer of ~718-byte events produced a 6.59 MB response (over Lambda's limit, so
the retry happened routinely), only digest signatures were accepted, and a list event raised
an AttributeError.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from lakecontracts.errors import FirehoseEventError, UsageError
from lakecontracts.runtime.firehose import (
    MAX_RESPONSE_BYTES,
    firehose_pipeline,
    make_handler,
    transform,
)
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.pipeline import Pipeline
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.signatures import HmacKeys, SignatureMode, Verifier
from tests.runtime.conftest import build_generated
from tests.runtime.helpers import FakeClock

_BUFFER = 3_000_000  # Firehose's largest Lambda buffer


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def index(generated: Path) -> ManifestIndex:
    return load_index(generated)


@pytest.fixture(scope="module")
def full_buffer(index: ManifestIndex) -> list[bytes]:
    """funnel.listing_viewed envelopes (~717 bytes each) filling a 3 MB buffer."""
    route = pick_route(index, "funnel.listing_viewed")
    lines, size = [], 0
    for sample in samples(index, route, 5000, seed=7):
        if size + len(sample.line) > _BUFFER:
            break
        lines.append(sample.line)
        size += len(sample.line)
    assert len(lines) >= 4000 and 700 <= size / len(lines) <= 740
    return lines


def _event(datas: list[bytes], first: int = 0) -> dict[str, Any]:
    return {
        "invocationId": "inv-1",
        "records": [
            {
                # Firehose record IDs are long: the response repeats them
                "recordId": f"4954698668313554428650745793632167567570019247115678{i:06d}",
                "approximateArrivalTimestamp": 1767225600000,
                "data": base64.b64encode(data).decode(),
            }
            for i, data in enumerate(datas, start=first)
        ],
    }


def _pipeline(index: ManifestIndex, verifier: Verifier | None = None) -> Pipeline:
    pipeline = firehose_pipeline(index, verifier)
    pipeline._clock.now = FakeClock()  # one stamp: responses compare byte for byte
    return pipeline


def _results(response: dict[str, Any]) -> list[str]:
    return [r["result"] for r in response["records"]]


def test_a_full_buffer_gets_a_response_under_lambdas_limit(
    index: ManifestIndex, full_buffer: list[bytes]
) -> None:
    event = _event(full_buffer)
    response = transform(_pipeline(index), event)
    assert len(json.dumps(response)) < MAX_RESPONSE_BYTES  # as Lambda's runtime writes it
    assert len(orjson.dumps(response)) < MAX_RESPONSE_BYTES
    out = response["records"]
    assert [r["recordId"] for r in out] == [r["recordId"] for r in event["records"]]
    assert set(_results(response)) <= {"Ok", "ProcessingFailed"}
    failed = [n for n, r in enumerate(out) if r["result"] == "ProcessingFailed"]
    assert failed == list(range(len(out) - len(failed), len(out)))  # from the end, if any
    for n in failed:  # the exact bytes go to Firehose's error output
        assert out[n]["data"] == event["records"][n]["data"] and "metadata" not in out[n]
    for record in out[: len(out) - len(failed)]:
        assert "ingest" in orjson.loads(base64.b64decode(record["data"]))


def test_a_retried_full_buffer_gets_the_same_answer(
    index: ManifestIndex, full_buffer: list[bytes]
) -> None:
    pipeline = _pipeline(index)
    event = _event(full_buffer)
    first = transform(pipeline, event)
    retry = transform(pipeline, event)  # the first response was lost
    assert retry == first
    assert "Dropped" not in _results(retry)


def test_a_retry_is_answered_alike_and_a_resent_event_is_dropped(index: ManifestIndex) -> None:
    route = pick_route(index, "booking.leg_created")
    lines = [s.line for s in samples(index, route, 5, seed=3)]
    pipeline = _pipeline(index)
    event = _event([*lines, lines[0]])  # the last is an in-batch duplicate
    first = transform(pipeline, event)
    assert _results(first) == ["Ok"] * 5 + ["Dropped"]
    assert transform(pipeline, event) == first
    resent = transform(pipeline, _event(lines[:2], first=100))  # the producer retried
    assert _results(resent) == ["Dropped", "Dropped"]
    broken = samples(index, route, 1, seed=4, invalid=True)[0].line
    quarantined = _event([broken], first=200)
    assert _results(transform(pipeline, quarantined)) == ["Ok"]
    assert _results(transform(pipeline, quarantined)) == ["Ok"]  # retried: same answer
    assert _results(transform(pipeline, _event([broken], first=300))) == ["Dropped"]


def test_records_over_the_limit_fall_back_and_are_not_claimed(index: ManifestIndex) -> None:
    route = pick_route(index, "booking.leg_created")
    lines = [s.line for s in samples(index, route, 10, seed=5)]
    pipeline = _pipeline(index)
    full = transform(_pipeline(index), _event(lines))
    limit = len(json.dumps(full)) - 1000  # a few records cannot be enriched
    squeezed = transform(pipeline, _event(lines), max_response_bytes=limit)
    results = _results(squeezed)
    assert len(json.dumps(squeezed)) < limit
    assert results[:6] == ["Ok"] * 6 and "ProcessingFailed" in results[6:]
    assert set(results) == {"Ok", "ProcessingFailed"}
    failed = [n for n, r in enumerate(results) if r == "ProcessingFailed"]
    again = transform(pipeline, _event([lines[n] for n in failed], first=50))
    assert _results(again) == ["Ok"] * len(failed)  # replayed from the error output: accepted
    with pytest.raises(FirehoseEventError, match="even unprocessed"):
        transform(_pipeline(index), _event(lines), max_response_bytes=1000)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ([{"recordId": "r", "data": ""}], "not list"),
        ("records", "not str"),
        (None, "not NoneType"),
        ({"invocationId": "x"}, "no list of records"),
        ({"records": {"recordId": "r"}}, "no list of records"),
    ],
)
def test_a_malformed_event_is_a_clear_error(generated: Path, event: object, message: str) -> None:
    handler = make_handler(generated, emit=lambda line: None, environ={})
    with pytest.raises(FirehoseEventError, match=message) as raised:
        handler(event, None)
    assert raised.value.hint and "records" in raised.value.hint


def test_the_handler_verifies_hmac_with_keys_from_the_environment(
    generated: Path, index: ManifestIndex, tmp_path: Path
) -> None:
    route = pick_route(index, "booking.leg_created")
    sources = ("web", "ios", "android", "backend", "stripe", "ses", "idv")
    keys = {source: f"key-{source}".encode() for source in sources}
    signer = Verifier(SignatureMode.HMAC, HmacKeys(keys))
    signed = [s.line for s in samples(index, route, 3, seed=6, verifier=signer)]
    digest = [s.line for s in samples(index, route, 1, seed=8)]
    key_file = tmp_path / "keys.json"
    key_file.write_text(json.dumps({s: k.decode() for s, k in keys.items() if s != "web"}))
    environ = {
        "CONTRACTS_SIGNATURE": "hmac",
        "CONTRACTS_HMAC_KEYS_FILE": str(key_file),
        "CONTRACTS_HMAC_KEY_WEB": "key-web",
    }
    lines: list[str] = []
    handler = make_handler(generated, emit=lines.append, environ=environ)
    response = handler(_event([*signed, *digest]), None)
    out = response["records"]
    assert _results(response) == ["Ok"] * 4
    assert [r["metadata"]["partitionKeys"]["zone"] for r in out[:3]] == ["bronze"] * 3
    assert out[3]["metadata"]["partitionKeys"]["reason"] in {
        "signature_mismatch",
        "unknown_signing_key",
    }
    assert not any("key-" in line for line in lines)  # keys never reach the logs
    with pytest.raises(UsageError, match="needs at least one key"):
        make_handler(generated, environ={"CONTRACTS_SIGNATURE": "hmac"})
