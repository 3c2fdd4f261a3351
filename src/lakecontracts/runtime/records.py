"""The records that pass between the runtime's parts: outcomes, failure reasons, quarantine.

Every input record ends in exactly one :class:`Outcome`. A quarantined record carries one
:class:`Reason` from a closed set (brief §4); adding a code is a deliberate change to this enum,
never a free-text string.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """Where an input record ended: written to bronze or quarantine, or counted as a duplicate
    or as a tombstoned subject's event."""

    BRONZE = "bronze"
    QUARANTINE = "quarantine"
    DUPLICATE = "duplicate"
    TOMBSTONED = "tombstoned"  # a subject of a DSAR erasure: dropped, counted, never written


class Reason(StrEnum):
    """``schema_failure_reason``: why a record went to quarantine. A closed set."""

    INVALID_JSON = "invalid_json"  # not UTF-8 JSON (syntax, encoding, depth, NaN, overflow)
    NOT_AN_ENVELOPE = "not_an_envelope"  # no object with meta.event (string) and meta.v (integer)
    UNKNOWN_EVENT = "unknown_event"  # meta.event is not in the manifest
    UNKNOWN_VERSION = "unknown_version"  # the event exists, this meta.v does not
    RETIRED_VERSION = "retired_version"  # the contract version is retired
    SCHEMA_VIOLATION = "schema_violation"  # the generated validator reported errors
    UNCANONICAL_PAYLOAD = "uncanonical_payload"  # payload has no RFC 8785 form (e.g. int > 2**53)
    SIGNATURE_MISMATCH = "signature_mismatch"  # meta.signature does not match the payload
    UNKNOWN_SIGNING_KEY = "unknown_signing_key"  # HMAC mode: no key configured for meta.source
    OVERSIZE = "oversize"  # larger than the per-record limit; not parsed at all


#: Short explanation of each reason, shown by the CLI and the collect server.
REASON_TEXT: dict[Reason, str] = {
    Reason.INVALID_JSON: "not valid UTF-8 JSON",
    Reason.NOT_AN_ENVELOPE: "not an envelope: needs an object with meta.event and meta.v",
    Reason.UNKNOWN_EVENT: "meta.event is not in the manifest",
    Reason.UNKNOWN_VERSION: "meta.v is not a version of this event in the manifest",
    Reason.RETIRED_VERSION: "this contract version is retired; send the current version",
    Reason.SCHEMA_VIOLATION: "the envelope does not match its contract",
    Reason.UNCANONICAL_PAYLOAD: "the payload has no RFC 8785 form, so it cannot be verified",
    Reason.SIGNATURE_MISMATCH: "meta.signature does not match the payload",
    Reason.UNKNOWN_SIGNING_KEY: "no signing key is configured for meta.source",
    Reason.OVERSIZE: "the record is larger than the per-record limit",
}

#: One validator error: (JSON pointer of the failing instance location, short message).
ValidationError = tuple[str, str]


class TruncatedLine(bytes):
    """The head of an input line too long to hold: its first bytes, its size and SHA-256.

    A reader that meets a line over the record limit keeps only this much (the head is longer
    than the limit, so the pipeline calls it ``oversize`` without parsing it) and streams the
    rest through the hash: memory stays bounded however long the line is.
    """

    size: int
    sha256: str

    def __new__(cls, head: bytes, size: int, sha256: str) -> TruncatedLine:
        line = super().__new__(cls, head)
        line.size = size
        line.sha256 = sha256
        return line


@dataclass(frozen=True)
class Quarantined:
    """A record that failed: the raw bytes as received, why, and where it came from."""

    raw: bytes
    reason: Reason
    errors: tuple[ValidationError, ...]
    received_at: str
    source: str  # where the bytes came from: file:line, firehose recordId, collect request
    event: str | None = None
    v: int | None = None
    event_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The quarantine record. Raw bytes stay exact: UTF-8 text when they are, else base64.

        A :class:`TruncatedLine` keeps its head in ``raw``, and adds ``raw_truncated``, the
        line's whole ``raw_size`` and ``raw_sha256``.
        """
        try:
            raw_text, encoding = self.raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            raw_text, encoding = base64.b64encode(self.raw).decode("ascii"), "base64"
        return {
            "schema_failure_reason": self.reason.value,
            "errors": [{"path": path, "message": message} for path, message in self.errors],
            "received_at": self.received_at,
            "source": self.source,
            "event": self.event,
            "v": self.v,
            "event_id": self.event_id,
            "raw": raw_text,
            "raw_encoding": encoding,
            **_truncation(self.raw),
        }


def _truncation(raw: bytes) -> dict[str, Any]:
    if not isinstance(raw, TruncatedLine):
        return {}
    return {"raw_truncated": True, "raw_size": raw.size, "raw_sha256": raw.sha256}


def raw_bytes(record: dict[str, Any]) -> bytes:
    """The exact bytes a quarantine record was made from (inverse of the ``raw`` encoding)."""
    raw = str(record["raw"])
    if record["raw_encoding"] == "base64":
        return base64.b64decode(raw)
    return raw.encode("utf-8")
