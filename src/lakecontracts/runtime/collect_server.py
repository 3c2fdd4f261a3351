"""A local ``POST /collect`` endpoint for SDK developers, on the real pipeline.

The body is one JSON envelope, a JSON array of envelopes, or NDJSON. Every event is ingested
(bronze, quarantine or duplicate, written and published before the response), and the response
lists each with its outcome and, for rejected ones, the reason and the validator's errors:

* 200: every event is stored or was already stored (duplicates);
* 207: some events were refused (quarantined), the others stored; see ``rejected``;
* 422: every event was refused; nothing reached bronze;
* 503: storing failed (a full disk, an unwritable output folder). Nothing is acknowledged and
  the client should retry: the next request first finishes the failed publish, and is answered
  503 too while that still fails, so a retry is never called a duplicate of records that are
  not stored.

Requests are checked before the body is read (``collect_http``): origin allow-list and CORS,
optional bearer token, JSON content types only, Content-Length (400 when malformed, 411 when
missing, 413 when too big), 414 for long targets, 431 for oversized headers (by
:mod:`http.server`). Clients that stall are timed out, and connections beyond a cap are answered
503 at once, so slow clients cannot hold every thread. ``GET /healthz`` reports liveness (503
while a publish is failing). Standard library only (:mod:`http.server`), for a laptop or a
trusted network, not for production traffic.
"""

from __future__ import annotations

import socket
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson

from lakecontracts.errors import IngestStateError
from lakecontracts.runtime.collect_http import (
    MAX_TARGET_CHARS,
    POST_CHECKS,
    CollectPolicy,
    Refusal,
    body_length,
    cors_headers,
    preflight,
)
from lakecontracts.runtime.pipeline import Ingestor, Result
from lakecontracts.runtime.records import REASON_TEXT, Outcome

#: What a failed write or publish raises: the file system, fsspec (OSError), the state stores.
STORE_ERRORS = (OSError, sqlite3.Error, IngestStateError)
COLLECT_PATH = "/collect"
HEALTH_PATH = "/healthz"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: 46\r\n\r\n"
    b'{"error": "too many connections; retry later"}'
)


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


def report(results: list[Result]) -> tuple[HTTPStatus, dict[str, Any]]:
    """The response to an ingested batch: 200 all stored, 207 some refused, 422 all refused."""
    body: dict[str, Any] = {"accepted": [], "rejected": [], "duplicates": []}
    lists = {
        Outcome.BRONZE: body["accepted"],
        Outcome.QUARANTINE: body["rejected"],
        Outcome.DUPLICATE: body["duplicates"],
        Outcome.TOMBSTONED: body["duplicates"],  # acknowledged and dropped, like a duplicate
    }
    for i, result in enumerate(results):
        # A replayed reject is not written twice (a duplicate), but it is still refused: the
        # client learns why, and a wholly refused batch is never a 200.
        refused_again = result.outcome is Outcome.DUPLICATE and result.reason is not None
        lists[Outcome.QUARANTINE if refused_again else result.outcome].append(describe(i, result))
    if not body["rejected"]:
        return HTTPStatus.OK, body
    if len(body["rejected"]) == len(results):
        return HTTPStatus.UNPROCESSABLE_ENTITY, body
    return HTTPStatus.MULTI_STATUS, body


class CollectServer(ThreadingHTTPServer):
    """The HTTP server; ``ingestor`` is shared and guarded by a lock."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        ingestor: Ingestor,
        policy: CollectPolicy | None = None,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(address, _CollectHandler)
        self.ingestor = ingestor
        self.policy = policy or CollectPolicy()
        self.on_error = on_error
        self.lock = threading.Lock()
        self.requests = 0
        self.failing = False  # a write or publish failed and has not been finished since
        self._slots = threading.BoundedSemaphore(self.policy.max_connections)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self._refuse_busy(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse_busy(self, request: socket.socket) -> None:
        try:
            request.settimeout(1.0)
            request.sendall(_BUSY)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that broke (reset, timeout) is the client's: one line, no traceback.

        Anything else is a bug and keeps its traceback.
        """
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            self.on_error(f"connection from {client_address[0]} failed ({type(error).__name__})")
        else:
            super().handle_error(request, client_address)

    def handle_body(self, body: bytes) -> tuple[HTTPStatus, dict[str, Any]]:
        events = split_body(body)
        if not events:
            return HTTPStatus.BAD_REQUEST, {"error": "the body holds no events"}
        if len(events) > self.policy.max_batch:
            limit = self.policy.max_batch
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {
                "error": f"batch of {len(events)} events; at most {limit} per request"
            }
        with self.lock:
            try:
                if self.failing:
                    self._finish_failed()
                self.requests += 1
                results = self.ingestor.ingest(events, f"collect#{self.requests}", first_line=1)
                self.ingestor.flush()
            except STORE_ERRORS as exc:
                self.failing = True
                self.on_error(f"storing events failed ({type(exc).__name__}: {exc})")
                return HTTPStatus.SERVICE_UNAVAILABLE, {
                    "error": "the collector could not store the events; nothing from this "
                    "request is acknowledged: retry later"
                }
        return report(results)

    def _finish_failed(self) -> None:
        """Write what a failed flush left buffered and publish what it left journalled."""
        self.ingestor.flush()
        self.ingestor.writer.publish_pending()
        self.failing = False


class _CollectHandler(BaseHTTPRequestHandler):
    server: CollectServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.policy.client_timeout)  # per read and write

    def _target(self) -> str | None:
        """The request's path, or None once a 414 or 404 has been sent."""
        if len(self.path) > MAX_TARGET_CHARS:
            self._refuse(
                Refusal(HTTPStatus.REQUEST_URI_TOO_LONG, f"at most {MAX_TARGET_CHARS} characters")
            )
            return None
        return self.path.split("?", 1)[0]

    def do_POST(self) -> None:
        path = self._target()
        if path is None:
            return
        if path != COLLECT_PATH:
            self._refuse(Refusal(HTTPStatus.NOT_FOUND, f"POST events to {COLLECT_PATH}"))
            return
        for check in POST_CHECKS:
            refused = check(self.headers, self.server.policy)
            if refused is not None:
                self._refuse(refused)
                return
        body = self._read_body(body_length(self.headers))
        if body is not None:
            self._reply(*self.server.handle_body(body))

    def _read_body(self, length: int) -> bytes | None:
        """The body, or None once a 408 was sent or the client went away.

        Each read times out after ``client_timeout``; the whole body must arrive within
        ``body_seconds``, so a client trickling a byte at a time cannot hold a thread.
        """
        deadline = time.monotonic() + self.server.policy.body_seconds
        parts: list[bytes] = []
        received = 0
        try:
            while received < length:
                chunk = self.rfile.read1(min(length - received, 65536))
                if not chunk:
                    self.close_connection = True  # the client went away; nobody reads a reply
                    return None
                parts.append(chunk)
                received += len(chunk)
                if received < length and time.monotonic() > deadline:
                    raise TimeoutError
        except TimeoutError:
            self._refuse(Refusal(HTTPStatus.REQUEST_TIMEOUT, "the body arrived too slowly"))
            return None
        return b"".join(parts)

    def do_OPTIONS(self) -> None:
        path = self._target()
        if path is None:
            return
        if path != COLLECT_PATH:
            self._refuse(Refusal(HTTPStatus.NOT_FOUND, f"POST events to {COLLECT_PATH}"))
            return
        granted = preflight(self.headers, self.server.policy)
        if isinstance(granted, Refusal):
            self._refuse(granted)
            return
        self._send(HTTPStatus.NO_CONTENT, b"", granted)

    def do_GET(self) -> None:
        path = self._target()
        if path == HEALTH_PATH:
            failing = self.server.failing
            status = HTTPStatus.SERVICE_UNAVAILABLE if failing else HTTPStatus.OK
            self._reply(status, {"status": "storing fails" if failing else "ok"})
        elif path is not None:
            self._refuse(Refusal(HTTPStatus.METHOD_NOT_ALLOWED, f"POST events to {COLLECT_PATH}"))

    def _refuse(self, refusal: Refusal) -> None:
        self.close_connection = True  # an unread body must not be taken as the next request
        self._reply(refusal.status, {"error": refusal.message}, refusal.headers)

    def _reply(
        self, status: HTTPStatus, body: dict[str, Any], headers: Mapping[str, str] | None = None
    ) -> None:
        data = orjson.dumps(body, option=orjson.OPT_INDENT_2)
        self._send(status, data, {"Content-Type": "application/json", **(headers or {})})

    def _send(self, status: HTTPStatus, data: bytes, headers: Mapping[str, str]) -> None:
        self.send_response(status)
        for name, value in {**cors_headers(self.headers, self.server.policy), **headers}.items():
            self.send_header(name, value)
        if status is HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "POST, OPTIONS")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return None  # the CLI reports requests itself; no stray stderr lines
