"""Bronze and quarantine on S3 through fsspec/s3fs, against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from lakecontracts.runtime.assemble import open_ingestor
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.sample import pick_route, samples

moto_server = pytest.importorskip("moto.server", reason="moto[server] is a dev dependency")
pytest.importorskip("s3fs", reason="s3fs is the optional 's3' extra")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_options() -> Iterator[dict[str, Any]]:
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    options = {
        "key": "testing",
        "secret": "testing",
        "client_kwargs": {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-east-1"},
    }
    try:
        yield options
    finally:
        server.stop()


@pytest.mark.slow
def test_ingest_to_s3_writes_complete_objects(
    s3_options: dict[str, Any], generated_dir: Path, index: ManifestIndex, tmp_path: Path
) -> None:
    import boto3
    import s3fs

    client = boto3.client(
        "s3",
        endpoint_url=s3_options["client_kwargs"]["endpoint_url"],
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket="lake-bronze")
    client.create_bucket(Bucket="lake-quarantine")
    fs = s3fs.S3FileSystem(**s3_options)
    route = pick_route(index, "booking.leg_created")
    valid = [s.line for s in samples(index, route, 50, seed=1)]
    broken = [s.line for s in samples(index, route, 10, seed=2, invalid=True)]
    ingestor = open_ingestor(
        generated_dir,
        "s3://lake-bronze/events",
        "s3://lake-quarantine/events",
        state_dir=tmp_path / "state",
        storage_options=s3_options,
    )
    ingestor.ingest(valid + broken + valid[:5], "t")
    assert fs.find("lake-bronze") == []  # nothing visible before the flush
    ingestor.close()
    fs.invalidate_cache()
    bronze = [k for k in fs.find("lake-bronze/events") if k.endswith(".ndjson")]
    assert bronze and all("/event=booking.leg_created/v=2/dt=" in k for k in bronze)
    records = [orjson.loads(line) for key in bronze for line in fs.cat(key).splitlines()]
    assert sorted(r["meta"]["event_id"] for r in records) == sorted(
        orjson.loads(line)["meta"]["event_id"] for line in valid
    )
    quarantine = [k for k in fs.find("lake-quarantine/events") if k.endswith(".ndjson")]
    assert sum(len(fs.cat(k).splitlines()) for k in quarantine) == 10
    assert not list((tmp_path / "state" / "staging").iterdir())
