"""A local ``POST /collect`` endpoint for SDK developers, on the real pipeline.

The body is one JSON envelope, a JSON array of envelopes, or NDJSON. Bodies over
``max_body_bytes`` get 413 and batches over ``max_batch`` get 413 without touching anything;
otherwise every event is ingested (bronze, quarantine or duplicate, written and flushed before
the response, so a 200 means acknowledged) and the response lists each with its outcome and,
for rejected ones, the reason and the validator's errors. Standard library only
(:mod:`http.server`), one request at a time, for a laptop, not for production traffic.
"""

from __future__ import annotations

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson

from lakecontracts.runtime.pipeline import Ingestor, Result
from lakecontracts.runtime.records import REASON_TEXT, Outcome

DEFAULT_MAX_BODY_BYTES = 1_048_576
DEFAULT_MAX_BATCH = 500


def split_body(body: bytes) -> list[bytes]:
    """Events of a request body: a JSON array's items, else one per non-empty line."""
    stripped = body.strip()
    if stripped.startswith(b"["):
        try:
            items = orjson.loads(stripped)
        except orjson.JSONDecodeError:
            return [stripped]  # quarantined as invalid_json, like any broken event
        return [orjson.dumps(item) for item in items]
    return [line for line in stripped.split(b"\n") if line.strip()]


def describe(index: int, result: Result) -> dict[str, Any]:
    entry: dict[str, Any] = {"index": index, "outcome": result.outcome.value}
    if result.event_id is not None:
        entry["event_id"] = result.event_id
    if result.event is not None:
        entry["event"] = f"{result.event}@{result.v}"
    if result.reason is not None:
        entry["reason"] = result.reason.value
        entry["explanation"] = REASON_TEXT[result.reason]
        entry["errors"] = [{"path": p, "message": m} for p, m in result.errors]
    return entry


class CollectServer(ThreadingHTTPServer):
    """The HTTP server; ``ingestor`` is shared and guarded by a lock."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        ingestor: Ingestor,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_batch: int = DEFAULT_MAX_BATCH,
    ) -> None:
        super().__init__(address, _CollectHandler)
        self.ingestor = ingestor
        self.max_body_bytes = max_body_bytes
        self.max_batch = max_batch
        self.lock = threading.Lock()
        self.requests = 0

    def handle_body(self, body: bytes) -> tuple[HTTPStatus, dict[str, Any]]:
        events = split_body(body)
        if len(events) > self.max_batch:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {
                "error": f"batch of {len(events)} events; at most {self.max_batch} per request"
            }
        with self.lock:
            self.requests += 1
            results = self.ingestor.ingest(events, f"collect#{self.requests}", first_line=1)
            self.ingestor.flush()
        accepted = [describe(i, r) for i, r in enumerate(results) if r.outcome is Outcome.BRONZE]
        rejected = [
            describe(i, r) for i, r in enumerate(results) if r.outcome is Outcome.QUARANTINE
        ]
        duplicates = [
            describe(i, r) for i, r in enumerate(results) if r.outcome is Outcome.DUPLICATE
        ]
        return HTTPStatus.OK, {"accepted": accepted, "rejected": rejected, "duplicates": duplicates}


class _CollectHandler(BaseHTTPRequestHandler):
    server: CollectServer
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        if self.path.split("?", 1)[0] != "/collect":
            self._reply(HTTPStatus.NOT_FOUND, {"error": "POST events to /collect"})
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.isdigit():
            self._reply(HTTPStatus.LENGTH_REQUIRED, {"error": "Content-Length is required"})
            return
        length = int(length_text)
        if length > self.server.max_body_bytes:
            self.close_connection = True  # the unread body must not be taken as a request
            self._reply(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                {"error": f"body of {length} bytes; at most {self.server.max_body_bytes}"},
            )
            return
        status, body = self.server.handle_body(self.rfile.read(length))
        self._reply(status, body)

    def do_GET(self) -> None:
        self._reply(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "POST events to /collect"})

    def _reply(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        data = orjson.dumps(body, option=orjson.OPT_INDENT_2)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return None  # the CLI reports requests itself; no stray stderr lines
