"""A collect server on 127.0.0.1 in a thread, and real HTTP clients for it."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.runtime.assemble import open_ingestor
from lakecontracts.runtime.collect_http import CollectPolicy
from lakecontracts.runtime.collect_server import CollectServer
from tests.runtime.helpers import FakeClock

NDJSON = {"Content-Type": "application/x-ndjson"}


@contextmanager
def collect_server(
    generated: Path,
    lake: Path,
    policy: CollectPolicy | None = None,
    errors: list[str] | None = None,
) -> Iterator[CollectServer]:
    """A serving collector writing to ``lake/b`` and ``lake/q``; ``errors`` gets its messages."""
    ingestor = open_ingestor(generated, lake / "b", lake / "q", clock=FakeClock())
    sink = [] if errors is None else errors
    srv = CollectServer(("127.0.0.1", 0), ingestor, policy, on_error=sink.append)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        ingestor.close()


def port(srv: CollectServer) -> int:
    return int(srv.server_address[1])


def request(
    srv: CollectServer,
    method: str,
    path: str = "/collect",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, Any]:
    """(status, headers, JSON body or None) of one request on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port(srv), timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, response.headers, orjson.loads(data) if data else None
    finally:
        conn.close()


def post(srv: CollectServer, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    status, _, data = request(
        srv, "POST", body=body, headers=NDJSON if headers is None else headers
    )
    return status, data


def raw(srv: CollectServer, data: bytes, timeout: float = 30) -> bytes:
    """Send ``data`` as is and read the whole answer until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port(srv)), timeout=timeout) as sock:
        sock.sendall(data)
        return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer (0 when the server sent nothing)."""
    return int(answer.split(b" ", 2)[1]) if answer else 0
