"""The collector's request checks: who may post, what they may send, and how much.

Each check reads the request's headers only (never the body) and returns None when the request
may go on, else the refusal: status, message and any headers to send with it. The server runs
them in a fixed order (:data:`POST_CHECKS`), so a request is refused for its first problem and
the body of a refused request is never read.

Browsers are the hostile client here. A page on any site can make a visitor's browser POST
``text/plain`` or form bodies cross-site without asking first (a "simple" request), so the
collector takes JSON content types only (``application/json``, ``application/x-ndjson``):
a browser asks a CORS preflight (``OPTIONS``) before sending those cross-site, and the
preflight is answered only for origins on the allow-list. Any request carrying an ``Origin``
not on the list is refused as well.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus

DEFAULT_MAX_BODY_BYTES = 1_048_576
DEFAULT_MAX_BATCH = 500
DEFAULT_CLIENT_TIMEOUT_SECONDS = 10.0
#: A whole body must arrive within this time, however steadily it trickles (1 MiB at 20 KB/s).
DEFAULT_BODY_SECONDS = 60.0
DEFAULT_MAX_CONNECTIONS = 64
#: Longest request target accepted (414 beyond); the collector's URLs are a dozen characters.
MAX_TARGET_CHARS = 2048
JSON_CONTENT_TYPES = frozenset({"application/json", "application/x-ndjson"})
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: str.isdigit() accepts '²'


@dataclass(frozen=True)
class CollectPolicy:
    """What the collector accepts. ``token`` is never shown by ``repr``."""

    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_batch: int = DEFAULT_MAX_BATCH
    allowed_origins: frozenset[str] = frozenset()
    token: str | None = field(default=None, repr=False)
    client_timeout: float = DEFAULT_CLIENT_TIMEOUT_SECONDS
    body_seconds: float = DEFAULT_BODY_SECONDS
    max_connections: int = DEFAULT_MAX_CONNECTIONS


@dataclass(frozen=True)
class Refusal:
    status: HTTPStatus
    message: str
    headers: Mapping[str, str] = field(default_factory=dict)


Check = Callable[[Message, CollectPolicy], Refusal | None]


def cors_headers(headers: Message, policy: CollectPolicy) -> dict[str, str]:
    """The CORS headers of any response to an allowed origin (none for other requests)."""
    origin = headers.get("Origin")
    if origin is None or origin not in policy.allowed_origins:
        return {}
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}


def preflight(headers: Message, policy: CollectPolicy) -> Refusal | dict[str, str]:
    """The answer to ``OPTIONS /collect``: the CORS grant for an allowed origin, else a refusal."""
    refused = check_origin(headers, policy)
    if refused is not None:
        return refused
    if headers.get("Origin") is None:
        return Refusal(HTTPStatus.FORBIDDEN, "a CORS preflight needs an Origin header")
    return {
        **cors_headers(headers, policy),
        "Access-Control-Allow-Methods": "POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Authorization",
        "Access-Control-Max-Age": "600",
    }


def check_origin(headers: Message, policy: CollectPolicy) -> Refusal | None:
    origins = headers.get_all("Origin") or []
    if len(origins) > 1:
        return Refusal(HTTPStatus.BAD_REQUEST, "more than one Origin header")
    if origins and origins[0] not in policy.allowed_origins:
        allowed = ", ".join(sorted(policy.allowed_origins)) or "none"
        return Refusal(
            HTTPStatus.FORBIDDEN,
            f"origin {origins[0][:100]!r} is not allowed (allowed: {allowed}); "
            "start the collector with --allow-origin ORIGIN",
        )
    return None


def check_token(headers: Message, policy: CollectPolicy) -> Refusal | None:
    if policy.token is None:
        return None
    given = headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    expected = policy.token.encode()
    if scheme.lower() == "bearer" and hmac.compare_digest(
        value.strip().encode("utf-8", "replace"), expected
    ):
        return None
    return Refusal(
        HTTPStatus.UNAUTHORIZED,
        "missing or wrong bearer token: send Authorization: Bearer <token>",
        {"WWW-Authenticate": 'Bearer realm="collect"'},
    )


def check_content_type(headers: Message, policy: CollectPolicy) -> Refusal | None:
    media = headers.get_content_type()  # lower case, parameters (charset=...) dropped
    if headers.get("Content-Type") is not None and media in JSON_CONTENT_TYPES:
        return None
    return Refusal(
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json or application/x-ndjson",
    )


def check_length(headers: Message, policy: CollectPolicy) -> Refusal | None:
    if headers.get("Transfer-Encoding") is not None:
        return Refusal(
            HTTPStatus.LENGTH_REQUIRED, "chunked bodies are not accepted: send Content-Length"
        )
    lengths = headers.get_all("Content-Length") or []
    if not lengths:
        return Refusal(HTTPStatus.LENGTH_REQUIRED, "Content-Length is required")
    if len(set(lengths)) > 1 or not _DIGITS.fullmatch(lengths[0].strip()):
        return Refusal(HTTPStatus.BAD_REQUEST, "Content-Length must be one decimal number")
    length = int(lengths[0])
    if length > policy.max_body_bytes:
        return Refusal(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            f"body of {length} bytes; at most {policy.max_body_bytes}",
        )
    return None


def body_length(headers: Message) -> int:
    """Content-Length of a request :func:`check_length` passed."""
    return int(headers["Content-Length"])


#: The checks of ``POST /collect``, in order.
POST_CHECKS: tuple[Check, ...] = (check_origin, check_token, check_content_type, check_length)
