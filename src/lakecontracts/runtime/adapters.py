"""Envelopes from other shapes: EventBridge events and Stripe webhooks.

Adapters run inside our own account, after the sender is authenticated (EventBridge by IAM,
Stripe by its ``Stripe-Signature`` header, checked here), so they sign the envelope themselves
with the ingester's :class:`Verifier` (a digest, or the HMAC key of their source), over the
whole envelope.

EventBridge: ``detail-type`` is the event name, ``detail`` holds ``v``, ``payload`` and
optionally ``context`` and ``request_id``; the EventBridge ``id`` becomes ``meta.event_id`` and
``time`` both ``occurred_at`` and ``sent_at``.

Stripe: one row per supported webhook type in :data:`STRIPE_EVENTS`. ``meta.event_id`` is a
UUIDv5 of the Stripe event ID, so Stripe's retries of one webhook dedupe to one record.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from lakecontracts.errors import JsonInputError, Location
from lakecontracts.runtime.signatures import Verifier

STRIPE_NAMESPACE = uuid.UUID("7d3c1f0e-5b52-4c39-9a3e-2f0f6c1b8e11")
STRIPE_TOLERANCE_SECONDS = 300  # Stripe's own libraries refuse older signatures too
_STAMP = re.compile(r"[0-9]{1,12}")  # ASCII digits: str.isdigit() accepts '²', int() does not
#: Latest ``created`` accepted (year 9999): later ones have no RFC 3339 timestamp.
_LAST_SECOND = 253_402_300_799


def _require(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise JsonInputError(
            f"{where}: field {key!r} must be a {_KIND_NAMES.get(kind, kind.__name__)}",
            location=Location(where),
            hint="send the event exactly as the sender produced it",
        )
    return value


def _optional(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    """``data[key]`` when present and not null, else None; any other type is refused."""
    return None if data.get(key) is None else _require(data, key, kind, where)


_KIND_NAMES = {dict: "JSON object", list: "JSON array", str: "string", int: "integer"}


def _envelope(
    verifier: Verifier,
    *,
    event: str,
    v: int,
    event_id: str,
    occurred_at: str,
    source: str,
    payload: dict[str, Any],
    context: dict[str, Any] | None = None,
    request_id: str | None = None,
) -> bytes:
    meta = {
        "event": event,
        "v": v,
        "event_id": event_id,
        "occurred_at": occurred_at,
        "sent_at": occurred_at,
        "source": source,
        "request_id": request_id,
    }
    envelope = {"meta": meta, "context": context or {}, "payload": payload}
    meta["signature"] = verifier.sign(envelope)
    return orjson.dumps(envelope)


# --- EventBridge --------------------------------------------------------------------------


def from_eventbridge(event: dict[str, Any], verifier: Verifier) -> bytes:
    """The envelope (NDJSON line, no newline) of one EventBridge event from a backend service."""
    where = "eventbridge event"
    detail = _require(event, "detail", dict, where)
    return _envelope(
        verifier,
        event=_require(event, "detail-type", str, where),
        v=_require(detail, "v", int, where + " detail"),
        event_id=_require(event, "id", str, where),
        occurred_at=_require(event, "time", str, where),
        source="backend",
        payload=_require(detail, "payload", dict, where + " detail"),
        context=detail.get("context") if isinstance(detail.get("context"), dict) else None,
        request_id=detail.get("request_id") if isinstance(detail.get("request_id"), str) else None,
    )


# --- Stripe -------------------------------------------------------------------------------


def verify_stripe_signature(
    body: bytes, header: str, secret: str, now: float | None = None
) -> None:
    """Check ``Stripe-Signature: t=...,v1=...`` (HMAC-SHA256 of ``t.body``); raise if it fails."""
    parts = [item.strip().split("=", 1) for item in header.split(",") if "=" in item]
    stamps = [value for key, value in parts if key == "t"]
    signatures = [value for key, value in parts if key == "v1"]
    if len(stamps) != 1 or not _STAMP.fullmatch(stamps[0]) or not signatures:
        raise JsonInputError(
            "Stripe-Signature header needs one t=<unix seconds> and v1=<hex> parts",
            location=Location("Stripe-Signature"),
            hint="pass the header exactly as received",
        )
    at = int(stamps[0])
    expected = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    given = [s.encode("utf-8", "replace") for s in signatures]
    if not any(hmac.compare_digest(expected.encode(), s) for s in given):
        raise JsonInputError(
            "Stripe-Signature does not match the body",
            location=Location("Stripe-Signature"),
            hint="check the webhook signing secret (whsec_...) and that the body is unmodified",
        )
    if abs((time.time() if now is None else now) - at) > STRIPE_TOLERANCE_SECONDS:
        raise JsonInputError(
            "Stripe-Signature timestamp is outside the 5-minute tolerance",
            location=Location("Stripe-Signature"),
            hint="a replayed webhook, or this machine's clock is off",
        )


@dataclass(frozen=True)
class StripeMapping:
    event: str
    v: int
    payload: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


def _payment_succeeded(stripe_event: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
    """The payload of ``payment_intent.succeeded``; wrong types are refused, not guessed.

    Values of the right type are copied as sent: the contract's validator decides the rest.
    """
    where = "stripe webhook data.object"
    methods = _optional(obj, "payment_method_types", list, where) or ["other"]
    kind = (
        methods[0]
        if isinstance(methods[0], str) and methods[0] in _PAYMENT_METHOD_KINDS
        else "other"
    )
    metadata = _optional(obj, "metadata", dict, where) or {}
    amount = _optional(obj, "amount_received", int, where)
    return {
        "payment_intent_id": obj.get("id"),
        "stripe_event_id": stripe_event.get("id"),
        "booking_id": metadata.get("booking_id"),
        "amount_minor": amount if amount is not None else _optional(obj, "amount", int, where),
        "fee_minor": None,
        "currency": (_optional(obj, "currency", str, where) or "").upper(),
        "payment_method_kind": kind,
        "livemode": stripe_event.get("livemode", False) is True,
    }


_PAYMENT_METHOD_KINDS = frozenset(
    {"card", "sepa_debit", "ideal", "bancontact", "apple_pay", "google_pay"}
)

#: Stripe webhook type -> the contract it becomes. Unlisted types are refused, not guessed.
STRIPE_EVENTS: dict[str, StripeMapping] = {
    "payment_intent.succeeded": StripeMapping("payments.payment_succeeded", 1, _payment_succeeded),
}


def from_stripe(body: bytes, verifier: Verifier) -> bytes:
    """The envelope of one (already signature-checked) Stripe webhook body."""
    try:
        stripe_event = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise JsonInputError(
            f"Stripe webhook body is not JSON: {exc}",
            location=Location("stripe webhook"),
            hint="pass the body exactly as received",
        ) from None
    where = "stripe webhook"
    if not isinstance(stripe_event, dict):
        raise JsonInputError(f"{where} must be a JSON object", location=Location(where))
    kind = _require(stripe_event, "type", str, where)
    mapping = STRIPE_EVENTS.get(kind)
    if mapping is None:
        raise JsonInputError(
            f"Stripe webhook type {kind!r} has no contract",
            location=Location(where),
            hint=f"supported: {', '.join(sorted(STRIPE_EVENTS))}; add a row to STRIPE_EVENTS",
        )
    data = _require(stripe_event, "data", dict, where)
    obj = _require(data, "object", dict, where + " data")
    stripe_id = _require(stripe_event, "id", str, where)
    created = _require(stripe_event, "created", int, where)
    if not 0 <= created <= _LAST_SECOND:
        raise JsonInputError(
            f"{where}: 'created' {created} is not a Unix time between 1970 and 9999",
            location=Location(where),
            hint="send the event exactly as Stripe produced it",
        )
    occurred = datetime.fromtimestamp(created, UTC).isoformat().replace("+00:00", "Z")
    return _envelope(
        verifier,
        event=mapping.event,
        v=mapping.v,
        event_id=str(uuid.uuid5(STRIPE_NAMESPACE, stripe_id)),
        occurred_at=occurred,
        source="stripe",
        payload=mapping.payload(stripe_event, obj),
        request_id=(_optional(stripe_event, "request", dict, where) or {}).get("id"),
    )
