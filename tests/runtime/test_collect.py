"""The local POST /collect server: bounded, and it says what happened to every event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.runtime.collect_http import CollectPolicy
from lakecontracts.runtime.collect_server import CollectServer
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.sample import pick_route, samples
from tests.runtime.collect_helpers import NDJSON, collect_server, post, request
from tests.runtime.helpers import ndjson_lines


@pytest.fixture
def server(generated_dir: Path, tmp_path: Path) -> Iterator[CollectServer]:
    policy = CollectPolicy(max_body_bytes=200_000, max_batch=5)
    with collect_server(generated_dir, tmp_path, policy) as srv:
        yield srv


def _post(srv: CollectServer, body: bytes) -> tuple[int, dict[str, Any]]:
    status, data = post(srv, body)
    return status, data


@pytest.mark.slow
def test_collect_reports_accepted_rejected_and_duplicates(
    server: CollectServer, index: ManifestIndex, tmp_path: Path
) -> None:
    route = pick_route(index, "funnel.listing_viewed")
    valid = [s.line for s in samples(index, route, 2, seed=1)]
    broken = samples(index, route, 8, seed=2, invalid=True)[7].line  # extra_property
    status, body = _post(server, b"\n".join([valid[0], broken, valid[1], valid[0]]))
    assert status == 207  # some events refused: the body says which
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


def test_health_cors_and_statuses(
    generated_dir: Path, index: ManifestIndex, tmp_path: Path
) -> None:
    web = "http://localhost:3000"
    policy = CollectPolicy(allowed_origins=frozenset({web}))
    route = pick_route(index, "funnel.listing_viewed")
    valid = [s.line for s in samples(index, route, 2, seed=11)]
    broken = samples(index, route, 8, seed=12, invalid=True)[7].line
    with collect_server(generated_dir, tmp_path, policy) as srv:
        assert request(srv, "GET", "/healthz")[::2] == (200, {"status": "ok"})
        status, headers, _ = request(
            srv,
            "OPTIONS",
            headers={"Origin": web, "Access-Control-Request-Method": "POST"},
        )
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == web
        assert "Content-Type" in headers["Access-Control-Allow-Headers"]
        status, headers, body = request(
            srv, "POST", body=valid[0], headers={**NDJSON, "Origin": web}
        )
        assert (status, headers["Access-Control-Allow-Origin"]) == (200, web)
        assert len(body["accepted"]) == 1
        assert post(srv, broken)[0] == 422  # wholly refused: never 200
        assert post(srv, b"\n".join([valid[1], broken]))[0] == 207
        assert post(srv, valid[1])[0] == 200  # a duplicate is stored already
        assert post(srv, b"\n \n")[0] == 400
        assert request(srv, "GET", "/collect")[0] == 405
    assert len(ndjson_lines(tmp_path / "b")) == 2


def test_bearer_token(generated_dir: Path, index: ManifestIndex, tmp_path: Path) -> None:
    line = samples(index, pick_route(index, "funnel.listing_viewed"), 1, seed=13)[0].line
    policy = CollectPolicy(token="t0ken-for-tests")
    with collect_server(generated_dir, tmp_path, policy) as srv:
        status, headers, body = request(srv, "POST", body=line, headers=NDJSON)
        assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
        assert "t0ken" not in str(body)
        wrong = {**NDJSON, "Authorization": "Bearer t0ken-for-tests-not"}
        assert post(srv, line, wrong)[0] == 401
        assert post(srv, line, {**NDJSON, "Authorization": "Bearer \u00e9"})[0] == 401
        right = {**NDJSON, "Authorization": "Bearer t0ken-for-tests"}
        assert post(srv, line, right)[0] == 200
    assert "t0ken" not in repr(policy)
