"""Issue #10 item 6 and the verify-before-validate order: a signature covers the whole envelope.

A v1 signature covered the payload alone, so a captured event could be replayed under a new
``meta.event_id`` (defeating dedupe) or re-attributed to another ``context.user_id``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from lakecontracts.errors import UsageError
from lakecontracts.registry.canonical import canonical_bytes
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.pipeline import Pipeline
from lakecontracts.runtime.records import Outcome, Reason
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.signatures import HmacKeys, SignatureMode, Verifier, open_verifier
from tests.runtime.conftest import build_generated

KEYS = HmacKeys({s: f"k-{s}".encode() for s in ("web", "ios", "android", "backend", "stripe")})
HMAC = Verifier(SignatureMode.HMAC, KEYS)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ManifestIndex:
    return load_index(build_generated(tmp_path_factory.mktemp("generated")))


def _signed(index: ManifestIndex, verifier: Verifier = HMAC) -> dict[str, Any]:
    route = pick_route(index, "booking.leg_created")
    return dict(orjson.loads(samples(index, route, 1, seed=4, verifier=verifier)[0].line))


def _outcome(index: ManifestIndex, envelope: dict[str, Any], verifier: Verifier = HMAC) -> Any:
    [result] = Pipeline(index, verifier=verifier).process([orjson.dumps(envelope)], "t")
    return result


def _new_event_id(envelope: dict[str, Any]) -> None:
    envelope["meta"]["event_id"] = "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b"


def _other_user(envelope: dict[str, Any]) -> None:
    envelope["context"]["user_id"] = "u-attacker01"


def _other_source(envelope: dict[str, Any]) -> None:
    envelope["meta"]["source"] = "web" if envelope["meta"]["source"] != "web" else "ios"


@pytest.mark.parametrize("tamper", [_new_event_id, _other_user, _other_source])
def test_a_replayed_event_with_changed_meta_or_context_fails(
    index: ManifestIndex, tamper: Callable[[dict[str, Any]], None]
) -> None:
    envelope = _signed(index)
    assert _outcome(index, envelope).outcome is Outcome.BRONZE
    tamper(envelope)
    assert _outcome(index, envelope).reason is Reason.SIGNATURE_MISMATCH


def test_a_payload_only_v1_signature_no_longer_verifies(index: ManifestIndex) -> None:
    envelope = _signed(index)
    key = KEYS.keys[envelope["meta"]["source"]]
    v1 = hmac.new(key, canonical_bytes(envelope["payload"]), hashlib.sha256).hexdigest()
    envelope["meta"]["signature"] = v1
    assert _outcome(index, envelope).reason is Reason.SIGNATURE_MISMATCH


def test_unsigned_input_is_refused_before_schema_validation(index: ManifestIndex) -> None:
    envelope = _signed(index)
    envelope["payload"]["not_in_the_contract"] = "a" * 10_000  # a schema violation too
    envelope["meta"]["signature"] = "f" * 64
    result = _outcome(index, envelope)
    assert result.reason is Reason.SIGNATURE_MISMATCH  # the validator was never asked
    assert result.errors[0][0] == "/meta/signature"


@pytest.mark.parametrize("signature", [None, 42, ["x"], "é" * 64, "\udcff", ""])
def test_odd_signatures_are_mismatches_not_tracebacks(
    index: ManifestIndex, signature: object
) -> None:
    envelope = _signed(index)
    envelope["meta"]["signature"] = signature
    if signature is None:
        del envelope["meta"]["signature"]
    raw = orjson.dumps(envelope) if signature != "\udcff" else b'{"x": 1}'
    for verifier in (HMAC, Verifier()):
        if signature == "\udcff":
            problem = verifier.verify({"meta": {"signature": signature, "source": "web"}})
            assert problem is not None and problem.reason is Reason.SIGNATURE_MISMATCH
            continue
        [result] = Pipeline(index, verifier=verifier).process([raw], "t")
        assert result.reason is Reason.SIGNATURE_MISMATCH


def test_a_source_that_is_not_a_string_has_no_key(index: ManifestIndex) -> None:
    envelope = _signed(index)
    envelope["meta"]["source"] = {"web": True}
    assert _outcome(index, envelope).reason is Reason.UNKNOWN_SIGNING_KEY


def test_an_uncanonical_envelope_is_named_not_raised(index: ManifestIndex) -> None:
    envelope = _signed(index, Verifier())
    envelope["context"]["ids"] = {"big": 2**60}
    result = _outcome(index, envelope, Verifier())
    assert result.reason is Reason.UNCANONICAL_PAYLOAD
    assert "/context/ids/big" in result.errors[0][1]


def test_hmac_mode_without_any_key_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="needs at least one key"):
        open_verifier("hmac", environ={})
    assert open_verifier("hmac", environ={"CONTRACTS_HMAC_KEY_WEB": "s3cret"}).mode == "hmac"
    with pytest.raises(UsageError, match="unknown signature mode"):
        open_verifier("rsa", environ={})
