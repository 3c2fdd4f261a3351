"""Issue #10 collector findings and #12 item 5, each against a real server on 127.0.0.1.

Each of these was possible before: a traceback on ``Content-Length: ²``, cross-site
``text/plain`` posts and posts from any origin accepted, stalled bodies holding a thread each
forever, 200 for a wholly refused batch, and "duplicate" answered for records a failed publish
had not stored.
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from lakecontracts.runtime.collect_http import CollectPolicy
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.sample import pick_route, samples
from tests.runtime.collect_helpers import (
    NDJSON,
    collect_server,
    post,
    raw,
    read_all,
    request,
    status_of,
)
from tests.runtime.conftest import build_generated
from tests.runtime.helpers import ndjson_lines


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def lines(generated: Path) -> list[bytes]:
    index: ManifestIndex = load_index(generated)
    return [s.line for s in samples(index, pick_route(index, "funnel.listing_viewed"), 4, seed=7)]


def _head(target: str = "/collect", extra: bytes = b"", length: bytes = b"2") -> bytes:
    return (
        f"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n".encode()
        + b"Content-Length: "
        + length
        + b"\r\n"
        + extra
        + b"\r\n{}"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_head(length=b"\xb2"), 400),  # '²' in latin-1: str.isdigit() says yes, int() fails
        (_head(length=b"\xd9\xa3"), 400),  # Arabic-Indic digit
        (_head(length=b"-1"), 400),
        (_head(length=b"2", extra=b"Content-Length: 3\r\n"), 400),
        (_head(length=b"2", extra=b"Transfer-Encoding: chunked\r\n"), 411),
        (b"POST /collect HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n", 411),
        (_head(target="/collect?" + "a" * 5000), 414),
        (_head(extra=b"X-Big: " + b"a" * 70_000 + b"\r\n"), 431),
        (_head(extra=b"".join(b"X-%d: 1\r\n" % i for i in range(150))), 431),
        (_head(length=b"99999999999999999999999"), 400),
        (_head(length=b"2000000"), 413),
    ],
)
def test_bad_headers_get_4xx_not_a_traceback(
    generated: Path, tmp_path: Path, data: bytes, expected: int
) -> None:
    errors: list[str] = []
    with collect_server(generated, tmp_path, errors=errors) as srv:
        assert status_of(raw(srv, data)) == expected
        assert request(srv, "GET", "/healthz")[0] == 200  # and it keeps serving
    assert errors == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/plain"},  # what a cross-site form or fetch sends unasked
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "multipart/form-data; boundary=x"},
        {},
    ],
)
def test_only_json_content_types_are_taken(
    generated: Path, tmp_path: Path, lines: list[bytes], headers: dict[str, str]
) -> None:
    with collect_server(generated, tmp_path) as srv:
        assert post(srv, lines[0], headers)[0] == 415
        assert post(srv, lines[0], {"Content-Type": "application/json; charset=utf-8"})[0] == 200
    assert len(ndjson_lines(tmp_path / "b")) == 1


def test_origins_off_the_allow_list_are_refused(
    generated: Path, tmp_path: Path, lines: list[bytes]
) -> None:
    policy = CollectPolicy(allowed_origins=frozenset({"https://app.example"}))
    with collect_server(generated, tmp_path, policy) as srv:
        evil = {**NDJSON, "Origin": "https://evil.example"}
        status, headers, _ = request(srv, "POST", body=lines[0], headers=evil)
        assert status == 403 and "Access-Control-Allow-Origin" not in headers
        preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        assert request(srv, "OPTIONS", headers=preflight)[0] == 403
        assert request(srv, "OPTIONS", headers={"Origin": "null"})[0] == 403
    with collect_server(generated, tmp_path / "none") as srv:  # no list: no browser origin
        assert post(srv, lines[0], {**NDJSON, "Origin": "http://localhost:3000"})[0] == 403
    assert ndjson_lines(tmp_path / "b") == []


def test_wholly_refused_batches_are_never_200(
    generated: Path, tmp_path: Path, lines: list[bytes]
) -> None:
    with collect_server(generated, tmp_path) as srv:
        status, body = post(srv, b"not json\n{}\n")
        assert status == 422
        assert [r["reason"] for r in body["rejected"]] == ["invalid_json", "not_an_envelope"]
        assert post(srv, lines[0] + b"\nnot json")[0] == 207


def test_stalled_clients_time_out_and_connections_are_capped(
    generated: Path, tmp_path: Path, lines: list[bytes]
) -> None:
    policy = CollectPolicy(client_timeout=0.5, max_connections=3)
    with collect_server(generated, tmp_path, policy) as srv:
        address = ("127.0.0.1", srv.server_address[1])
        stalled = [socket.create_connection(address, timeout=30) for _ in range(3)]
        for sock in stalled:  # headers promise 100 bytes; 2 arrive, then nothing
            sock.sendall(_head(length=b"100"))
        try:
            with socket.create_connection(address, timeout=30) as extra:
                assert status_of(read_all(extra)) == 503  # over the cap: refused at once
            answers = [status_of(read_all(sock)) for sock in stalled]
        finally:
            for sock in stalled:
                sock.close()
        assert answers == [408, 408, 408]  # timed out, each thread freed
        assert post(srv, lines[0])[0] == 200


def test_a_body_trickled_byte_by_byte_is_cut_off(
    generated: Path, tmp_path: Path, lines: list[bytes]
) -> None:
    policy = CollectPolicy(client_timeout=30, body_seconds=0.3)
    with collect_server(generated, tmp_path, policy) as srv:
        address = ("127.0.0.1", srv.server_address[1])
        with socket.create_connection(address, timeout=30) as sock:
            head = _head(length=b"400")
            sock.sendall(head[:-2])  # headers only; the body follows a byte at a time
            for _ in range(400):  # each byte in time for client_timeout, the whole not
                sock.sendall(b" ")
                if select.select([sock], [], [], 0.05)[0]:
                    break  # the server answered: stop sending to a closing connection
            assert status_of(read_all(sock)) == 408
        assert post(srv, lines[0])[0] == 200


def test_a_failed_publish_is_503_and_a_retry_is_stored_not_called_duplicate(
    generated: Path, tmp_path: Path, lines: list[bytes]
) -> None:
    bronze = tmp_path / "b"
    bronze.mkdir()
    blocker = bronze / "event=funnel.listing_viewed"
    blocker.write_bytes(b"a file where the partition folder must go")
    body = b"\n".join(lines[:3])
    errors: list[str] = []
    with collect_server(generated, tmp_path, errors=errors) as srv:
        assert post(srv, body)[0] == 503
        assert request(srv, "GET", "/healthz")[0] == 503
        assert post(srv, body)[0] == 503  # still failing: not "duplicate"
        assert post(srv, lines[3])[0] == 503  # nothing new is taken either
        blocker.unlink()
        status, answer = post(srv, body)
        assert status == 200
        assert len(answer["duplicates"]) == 3  # true now: the first request's records are stored
        assert post(srv, lines[3])[0] == 200
        assert request(srv, "GET", "/healthz")[0] == 200
    stored = [r["meta"]["event_id"] for r in ndjson_lines(bronze)]
    assert sorted(stored) == sorted({r for r in stored}) and len(stored) == 4
    assert errors and "storing events failed" in errors[0]


def _start(generated: Path, lake: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "lakecontracts", "collect", "--port", "0"]
    return subprocess.Popen(
        [*command, "--generated", str(generated), "--bronze", str(lake / "b"), *args],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CONTRACTS_COLLECT_TOKEN": "tok-123456"},
    )


def _until_serving(process: subprocess.Popen[str]) -> list[str]:
    assert process.stderr is not None
    said = []
    for line in process.stderr:
        said.append(line)
        if line.startswith("collecting on"):
            break
    return said


@pytest.mark.slow  # two CLI processes start
def test_the_collect_process_warns_when_reachable_and_keeps_the_token_secret(
    generated: Path, tmp_path: Path
) -> None:
    process = _start(generated, tmp_path, "--host", "0.0.0.0", "--quarantine", str(tmp_path / "q"))
    try:
        said = "".join(_until_serving(process))
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "warning: listening on 0.0.0.0" in said
    assert "tok-123456" not in said
    process = _start(generated, tmp_path, "--allow-origin", "https://app.example/path")
    assert process.wait(timeout=60) == 2
    assert process.stderr is not None and "not an origin" in process.stderr.read()
