"""Fuzz target ``collector``: raw HTTP request bytes against a running collector.

One collector serves on 127.0.0.1 for the whole module. Requests are built from fuzzed
request lines, headers and bodies (real sample events among them), or are random bytes; each
is sent on a fresh connection, which is then half-closed so a short body cannot stall it.

Invariants: the server answers every request that has a request line with an HTTP status
below 500 (a 5xx would say the server failed, not the client), reports no unexpected error
to its error sink, and still answers ``GET /healthz`` afterwards; nothing hangs.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lakecontracts.runtime.collect_server import CollectServer
from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.sample import samples
from tests.fuzz.counting import tried
from tests.fuzz.settings import fuzz_settings, seed_files
from tests.fuzz.strategies import spliced
from tests.runtime.collect_helpers import collect_server, port, read_all, request, status_of
from tests.runtime.conftest import build_generated

ANSWER_TIMEOUT = 20.0
#: 5xx codes that mean "not offered here" (a method, an HTTP version), not a server failure.
NOT_SERVED = (501, 505)


class Served:
    def __init__(self, srv: CollectServer, errors: list[str], events: list[bytes]) -> None:
        self.srv, self.errors, self.events = srv, errors, events


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    generated = build_generated(tmp_path_factory.mktemp("fuzz-collect-generated"))
    index = load_index(generated)
    events = [s.line for r in index.routes.values() for s in samples(index, r, 1, seed=3)]
    errors: list[str] = []
    with collect_server(generated, tmp_path_factory.mktemp("fuzz-lake"), errors=errors) as srv:
        yield Served(srv, errors, events)


TOKENS = st.sampled_from(
    [b"POST", b"GET", b"OPTIONS", b"PUT", b"HEAD", b"DELETE", b"", b"P\x00ST", b"post"]
)
TARGETS = st.sampled_from(
    [b"/collect", b"/healthz", b"/", b"*", b"/collect?x=1", b"//collect", b"/%00", b"/collect/"]
)
VERSIONS = st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2.0", b"HTTP/0.9", b"HTTP/1.1x", b""])
HEADER_NAMES = st.sampled_from(
    [b"Content-Type", b"Content-Length", b"Origin", b"Transfer-Encoding", b"Authorization",
     b"Host", b"Connection", b"Expect", b"X-Lakecontracts-Token", b"Content-Encoding"]
)  # fmt: skip
HEADER_VALUES = st.one_of(
    st.sampled_from(
        [b"application/json", b"application/x-ndjson", b"text/plain", b"0", b"5", b"-1",
         b"\xb2", b"99999999999999999999", b"chunked", b"gzip", b"100-continue",
         b"https://evil.example", b"null", b"close", b"keep-alive", b"Bearer x"]
    ),
    st.binary(max_size=20).filter(lambda b: b"\n" not in b and b"\r" not in b),
)  # fmt: skip


@st.composite
def requests(draw: st.DrawFn, events: list[bytes]) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    body = draw(
        st.one_of(
            st.binary(max_size=100),
            st.lists(st.sampled_from(events), min_size=1, max_size=3).map(b"\n".join),
            st.sampled_from(events).flatmap(spliced),
        )
    )
    headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=6))
    if draw(st.booleans()):
        headers.append((b"Content-Length", str(len(body)).encode()))
    line = draw(TOKENS) + b" " + draw(TARGETS) + b" " + draw(VERSIONS)
    head = b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    return line + b"\r\n" + head + b"\r\n" + body


def send(srv: CollectServer, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port(srv)), timeout=ANSWER_TIMEOUT) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server may answer and close before reading everything
            pass
        try:
            return read_all(sock)
        except ConnectionResetError:
            return b"reset"


def _has_request_line(data: bytes) -> bool:
    return b"\n" in data and data.split(b"\n", 1)[0].strip() != b""


@fuzz_settings("collector", default_examples=25)
@given(data=st.data())
@example(data=None)
def test_every_request_gets_a_client_error_or_success(
    served: Served, data: st.DataObject | None
) -> None:
    tried("collector")
    if data is None:
        check(served, b"POST /collect HTTP/1.1\r\nContent-Length: \xb2\r\n\r\n{}")
    else:
        check(served, data.draw(requests(served.events)))


@pytest.mark.parametrize("seed", seed_files("collector"), ids=lambda p: p.name)
def test_saved_inputs(served: Served, seed: Path) -> None:
    check(served, seed.read_bytes())


def check(served: Served, raw: bytes) -> None:
    answer = send(served.srv, raw)
    if answer.startswith(b"HTTP/"):
        assert status_of(answer) < 500 or status_of(answer) in NOT_SERVED, answer[:300]
    elif answer and answer != b"reset":  # HTTP/0.9 answers carry no status line
        assert not re.search(rb"Traceback|Error code: 5(?!0[15])", answer), answer[:300]
    elif answer == b"":
        assert not _has_request_line(raw) or not raw.startswith((b"POST", b"GET", b"OPTIONS"))
    assert served.errors == []
    assert request(served.srv, "GET", "/healthz")[0] == 200
