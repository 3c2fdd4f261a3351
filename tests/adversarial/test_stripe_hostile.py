"""Issue #10 lows: Stripe ``t=²`` and malformed Stripe bodies are clear errors, not tracebacks."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.errors import JsonInputError
from lakecontracts.runtime.adapters import from_stripe, verify_stripe_signature
from lakecontracts.runtime.signatures import Verifier

SECRET = "whsec_test"


@pytest.mark.parametrize(
    "header",
    [
        "t=\u00b2,v1=00",  # '²': str.isdigit() is True, int() raises
        "t=\u0663,v1=00",  # an Arabic-Indic digit: int() would take it
        "t=1,t=2,v1=00",
        "t=" + "9" * 400 + ",v1=00",
        "t=1767225600,v1=\u00e9\u00e9",  # non-ASCII signature: compare_digest raises on str
        "t=1767225600",
        "",
        ",,,==,",
    ],
)
def test_odd_stripe_signature_headers_are_refused_cleanly(header: str) -> None:
    with pytest.raises(JsonInputError) as caught:
        verify_stripe_signature(b"{}", header, SECRET, now=1767225600)
    assert caught.value.location is not None


def _event(**overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "evt_1",
        "type": "payment_intent.succeeded",
        "created": 1767225600,
        "livemode": False,
        "data": {"object": {"id": "pi_1", "amount_received": 100, "currency": "eur"}},
    }
    return {**event, **overrides}


def _object(**fields: Any) -> dict[str, Any]:
    return _event(data={"object": {"id": "pi_1", "amount_received": 100, **fields}})


@pytest.mark.parametrize(
    "event",
    [
        _object(payment_method_types={"0": "card"}),
        _object(payment_method_types=7),
        _object(metadata=["booking_id"]),
        _object(currency=5),
        _object(amount_received="100"),
        _event(request="req_1"),
        _event(created=10**15),
        _event(created=-(10**12)),
        _event(created=True),
        _event(created=1.5),
        _event(data=[]),
        _event(data={"object": "x"}),
        _event(type=None),
    ],
)
def test_malformed_stripe_bodies_are_refused_cleanly(event: dict[str, Any]) -> None:
    with pytest.raises(JsonInputError):
        from_stripe(orjson.dumps(event), Verifier())


def test_odd_but_well_typed_values_reach_the_contract_not_a_crash() -> None:
    line = from_stripe(orjson.dumps(_object(payment_method_types=[["card"]])), Verifier())
    assert orjson.loads(line)["payload"]["payment_method_kind"] == "other"


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_keys = st.sampled_from(["id", "type", "created", "data", "request", "livemode", "x"])


@settings(max_examples=300, deadline=None)
@given(
    top=st.dictionaries(_keys, _json, max_size=6),
    obj=st.dictionaries(
        st.sampled_from(
            ["id", "amount", "amount_received", "currency", "metadata", "payment_method_types"]
        ),
        _json,
        max_size=6,
    ),
)
def test_any_json_body_is_an_envelope_or_a_json_input_error(
    top: dict[str, Any], obj: dict[str, Any]
) -> None:
    body = {"type": "payment_intent.succeeded", "id": "evt", "created": 1, **top}
    if "data" not in top:
        body["data"] = {"object": obj}
    with contextlib.suppress(JsonInputError):
        from_stripe(orjson.dumps(body), Verifier())


def test_a_good_signature_still_verifies() -> None:
    body = orjson.dumps(_event())
    mac = hmac.new(SECRET.encode(), b"1767225600." + body, hashlib.sha256).hexdigest()
    verify_stripe_signature(body, f"t=1767225600, v1={mac}", SECRET, now=1767225601)
