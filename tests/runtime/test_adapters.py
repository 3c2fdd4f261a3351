"""EventBridge events and Stripe webhooks become envelopes the pipeline accepts."""

from __future__ import annotations

import hashlib
import hmac
import uuid

import orjson
import pytest

from lakecontracts.errors import JsonInputError
from lakecontracts.runtime.adapters import from_eventbridge, from_stripe, verify_stripe_signature
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.pipeline import Pipeline
from lakecontracts.runtime.records import Outcome
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.signatures import Verifier


def test_eventbridge_event_becomes_an_accepted_envelope(index: ManifestIndex) -> None:
    route = pick_route(index, "booking.leg_created")
    envelope = orjson.loads(samples(index, route, 1, seed=1)[0].line)
    event = {
        "version": "0",
        "id": str(uuid.UUID(int=7, version=4)),
        "detail-type": "booking.leg_created",
        "source": "com.example.bookings",
        "account": "123456789012",
        "time": "2026-01-01T10:00:00Z",
        "region": "eu-west-1",
        "resources": [],
        "detail": {"v": 2, "payload": envelope["payload"], "context": {"user_id": "u-abc1234"}},
    }
    line = from_eventbridge(event, Verifier())
    [result] = Pipeline(index).process([line], "eventbridge")
    assert result.outcome is Outcome.BRONZE, result.errors
    assert orjson.loads(line)["meta"]["source"] == "backend"
    with pytest.raises(JsonInputError, match="detail-type"):
        from_eventbridge({**event, "detail-type": None}, Verifier())


def _stripe_body() -> bytes:
    return orjson.dumps(
        {
            "id": "evt_3OqK2vLkdIwHu7ix0a1b2c3d",
            "object": "event",
            "type": "payment_intent.succeeded",
            "created": 1767225600,
            "livemode": False,
            "request": {"id": "req_abc", "idempotency_key": None},
            "data": {
                "object": {
                    "id": "pi_3OqK2vLkdIwHu7ix0a1b2c3d",
                    "object": "payment_intent",
                    "amount": 12950,
                    "amount_received": 12950,
                    "currency": "eur",
                    "payment_method_types": ["card"],
                    "metadata": {"booking_id": str(uuid.UUID(int=99, version=4))},
                }
            },
        }
    )


def test_stripe_webhook_is_verified_mapped_and_deduped(index: ManifestIndex) -> None:
    body = _stripe_body()
    secret = "whsec_test"
    stamp = 1767225600
    header = (
        f"t={stamp},v1="
        + hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    )
    verify_stripe_signature(body, header, secret, now=stamp + 10)
    with pytest.raises(JsonInputError, match="does not match"):
        verify_stripe_signature(body + b" ", header, secret, now=stamp)
    with pytest.raises(JsonInputError, match="tolerance"):
        verify_stripe_signature(body, header, secret, now=stamp + 3600)
    line = from_stripe(body, Verifier())
    retry = from_stripe(body, Verifier())  # Stripe retries deliver the same event again
    results = Pipeline(index).process([line, retry], "stripe")
    assert [r.outcome for r in results] == [Outcome.BRONZE, Outcome.DUPLICATE], results[0].errors
    assert results[0].event == "payments.payment_succeeded"
    with pytest.raises(JsonInputError, match="no contract"):
        from_stripe(body.replace(b"payment_intent.succeeded", b"customer.created"), Verifier())
