"""Glue requests checked by botocore's bundled glue model and round-tripped through moto."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import botocore.session
import pytest
from botocore.model import OperationModel
from botocore.validate import ParamValidator

from lakecontracts.codegen.aws.glue import render_glue
from tests.aws_constraints import constraint_problems
from tests.codegen.lake_fixtures import example_input


@pytest.fixture(scope="module")
def requests() -> dict[str, dict[str, Any]]:
    return {path: json.loads(data) for path, data in render_glue(example_input()).items()}


@pytest.fixture(scope="module")
def glue_model() -> Any:
    return botocore.session.get_session().get_service_model("glue")


def operation_for(path: str, model: Any) -> OperationModel:
    return model.operation_model("CreateTable" if "/" in path else "CreateDatabase")


def test_every_request_is_valid_for_the_glue_model(
    requests: dict[str, dict[str, Any]], glue_model: Any
) -> None:
    assert any("/" in path for path in requests) and any("/" not in path for path in requests)
    for path, request in requests.items():
        shape = operation_for(path, glue_model).input_shape
        report = ParamValidator().validate(request, shape)
        assert not report.has_errors(), f"{path}: {report.generate_report()}"
        assert constraint_problems(shape, request, "") == [], path


def test_the_constraint_walker_catches_what_param_validator_skips(
    requests: dict[str, dict[str, Any]], glue_model: Any
) -> None:
    """Each broken request passes ParamValidator and fails the walker."""
    shape = glue_model.operation_model("CreateTable").input_shape
    good = requests["silver/fact_booking_legs.json"]
    broken = [
        ("TableType", "x" * 256),  # max length
        ("Name", "fact\nlegs"),  # pattern: single line
    ]
    for key, value in broken:
        request = json.loads(json.dumps(good))
        request["TableInput"][key] = value
        assert not ParamValidator().validate(request, shape).has_errors()
        assert constraint_problems(shape, request, ""), key
    request = json.loads(json.dumps(good))
    request["TableInput"]["StorageDescriptor"]["Columns"][0]["Comment"] = "c" * 256
    assert any("Comment" in v for v in constraint_problems(shape, request, ""))
    catalog = glue_model.operation_model("GetTables").input_shape
    enum_request = {"DatabaseName": "silver", "AttributesToGet": ["NOT_AN_ATTRIBUTE"]}
    assert not ParamValidator().validate(enum_request, catalog).has_errors()
    assert any("enum" in v for v in constraint_problems(catalog, enum_request, ""))


@pytest.mark.slow
def test_round_trip_through_moto(requests: dict[str, dict[str, Any]]) -> None:
    """Create databases, tables and two partitions in moto's server; read back what was sent."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        # moto's backends are per process: start from an empty catalog whatever ran before.
        urllib.request.urlopen(
            urllib.request.Request(f"http://{host}:{port}/moto-api/reset", method="POST")
        ).close()
        glue = boto3.client(
            "glue",
            region_name="eu-west-1",
            endpoint_url=f"http://{host}:{port}",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        _round_trip(glue, requests)
    finally:
        server.stop()


def _round_trip(glue: Any, requests: dict[str, dict[str, Any]]) -> None:
    for path, request in sorted(requests.items()):
        if "/" not in path:
            glue.create_database(**request)
            got = glue.get_database(Name=request["DatabaseInput"]["Name"])["Database"]
            assert request["DatabaseInput"].items() <= got.items()
    for path, request in sorted(requests.items()):
        if "/" in path:
            glue.create_table(**request)
            table = request["TableInput"]
            got = glue.get_table(DatabaseName=request["DatabaseName"], Name=table["Name"])
            assert {key: got["Table"][key] for key in table} == table, path
    bronze = requests["bronze_events/booking__leg_created__v2.json"]
    table = bronze["TableInput"]
    template = table["Parameters"]["storage.location.template"]
    sent: list[dict[str, Any]] = []
    for dt, hour in (("2026-01-02", "00"), ("2026-01-02", "07")):
        location = template.replace("${dt}", dt).replace("${hour}", hour)
        descriptor = {**table["StorageDescriptor"], "Location": location}
        partition = {"Values": [dt, hour], "StorageDescriptor": descriptor}
        glue.create_partition(
            DatabaseName=bronze["DatabaseName"], TableName=table["Name"], PartitionInput=partition
        )
        sent.append(partition)
    got = glue.get_partitions(DatabaseName=bronze["DatabaseName"], TableName=table["Name"])
    received = sorted(got["Partitions"], key=lambda p: p["Values"])
    assert [{k: p[k] for k in ("Values", "StorageDescriptor")} for p in received] == sent
    assert sent[0]["StorageDescriptor"]["Location"].endswith(
        "/event=booking.leg_created/v=2/dt=2026-01-02/hour=00/"
    )
