"""The local POST /collect server: bounded, and it says what happened to every event."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from lakecontracts.runtime.assemble import open_ingestor
from lakecontracts.runtime.collect_server import CollectServer
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.sample import pick_route, samples
from tests.runtime.helpers import ndjson_lines


@pytest.fixture
def server(generated_dir: Path, tmp_path: Path) -> Iterator[CollectServer]:
    ingestor = open_ingestor(generated_dir, tmp_path / "b", tmp_path / "q")
    srv = CollectServer(("127.0.0.1", 0), ingestor, max_body_bytes=200_000, max_batch=5)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        ingestor.close()


def _post(srv: CollectServer, body: bytes) -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=30)
    conn.request("POST", "/collect", body=body, headers={"Content-Type": "application/x-ndjson"})
    response = conn.getresponse()
    data = orjson.loads(response.read())
    conn.close()
    return response.status, data


@pytest.mark.slow
def test_collect_reports_accepted_rejected_and_duplicates(
    server: CollectServer, index: ManifestIndex, tmp_path: Path
) -> None:
    route = pick_route(index, "funnel.listing_viewed")
    valid = [s.line for s in samples(index, route, 2, seed=1)]
    broken = samples(index, route, 8, seed=2, invalid=True)[7].line  # extra_property
    status, body = _post(server, b"\n".join([valid[0], broken, valid[1], valid[0]]))
    assert status == 200
    assert [e["index"] for e in body["accepted"]] == [0, 2]
    assert body["rejected"][0]["reason"] == "schema_violation"
    assert body["rejected"][0]["errors"][0]["path"] == "/meta"
    assert [e["index"] for e in body["duplicates"]] == [3]
    assert len(ndjson_lines(tmp_path / "b")) == 2  # written before the reply
    array = b"[" + b",".join(valid) + b"]"
    assert _post(server, array)[1]["duplicates"][1]["index"] == 1


@pytest.mark.slow
def test_collect_refuses_big_bodies_and_batches(
    server: CollectServer, index: ManifestIndex
) -> None:
    route = pick_route(index, "funnel.listing_viewed")
    six = b"\n".join(s.line for s in samples(index, route, 6, seed=3))
    assert _post(server, six)[0] == 413
    assert _post(server, b" " * 200_001)[0] == 413
