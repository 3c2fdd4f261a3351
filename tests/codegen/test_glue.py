"""Glue requests checked by botocore's bundled glue model and round-tripped through moto."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape
from botocore.validate import ParamValidator

from lakecontracts.codegen.glue import render_glue
from tests.codegen.lake_fixtures import example_input

SURROGATE_PAIR_RANGE = re.compile(r"\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", re.I)


@pytest.fixture(scope="module")
def requests() -> dict[str, dict[str, Any]]:
    return {path: json.loads(data) for path, data in render_glue(example_input()).items()}


@pytest.fixture(scope="module")
def glue_model() -> Any:
    return botocore.session.get_session().get_service_model("glue")


def operation_for(path: str, model: Any) -> OperationModel:
    return model.operation_model("CreateTable" if "/" in path else "CreateDatabase")


def python_pattern(pattern: str) -> re.Pattern[str]:
    """A Java regex of the AWS models as Python reads it: surrogate pairs become code points."""

    def code_point(match: re.Match[str]) -> str:
        high, low = int(match[1], 16), int(match[2], 16)
        return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"

    return re.compile(SURROGATE_PAIR_RANGE.sub(code_point, pattern))


def constraint_violations(value: Any, shape: Shape, where: str = "") -> Iterator[str]:
    """What ParamValidator skips: enums, max lengths, max counts and patterns, at every depth."""
    meta = shape.metadata
    if isinstance(value, str):
        if shape.enum and value not in shape.enum:
            yield f"{where}: {value!r} not in enum {shape.enum}"
        if not meta.get("min", 0) <= len(value) <= meta.get("max", len(value)):
            yield f"{where}: length {len(value)} outside {meta.get('min')}..{meta.get('max')}"
        if "pattern" in meta and not python_pattern(meta["pattern"]).fullmatch(value):
            yield f"{where}: {value!r} does not match {meta['pattern']}"
    elif isinstance(value, int | list | dict) and not isinstance(value, bool):
        size = value if isinstance(value, int) else len(value)
        if not meta.get("min", size) <= size <= meta.get("max", size):
            yield f"{where}: {size} outside {meta.get('min')}..{meta.get('max')}"
    yield from _children(value, shape, where)


def _children(value: Any, shape: Shape, where: str) -> Iterator[str]:
    if isinstance(shape, StructureShape):
        for name, member in value.items():
            yield from constraint_violations(member, shape.members[name], f"{where}.{name}")
    elif isinstance(shape, ListShape):
        for index, item in enumerate(value):
            yield from constraint_violations(item, shape.member, f"{where}[{index}]")
    elif isinstance(shape, MapShape):
        for key, item in value.items():
            yield from constraint_violations(key, shape.key, f"{where} key")
            yield from constraint_violations(item, shape.value, f"{where}[{key}]")


def test_every_request_is_valid_for_the_glue_model(
    requests: dict[str, dict[str, Any]], glue_model: Any
) -> None:
    assert any("/" in path for path in requests) and any("/" not in path for path in requests)
    for path, request in requests.items():
        shape = operation_for(path, glue_model).input_shape
        report = ParamValidator().validate(request, shape)
        assert not report.has_errors(), f"{path}: {report.generate_report()}"
        assert list(constraint_violations(request, shape)) == [], path


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
        assert list(constraint_violations(request, shape)), key
    request = json.loads(json.dumps(good))
    request["TableInput"]["StorageDescriptor"]["Columns"][0]["Comment"] = "c" * 256
    assert any("Comment" in v for v in constraint_violations(request, shape))
    catalog = glue_model.operation_model("GetTables").input_shape
    enum_request = {"DatabaseName": "silver", "AttributesToGet": ["NOT_AN_ATTRIBUTE"]}
    assert not ParamValidator().validate(enum_request, catalog).has_errors()
    assert any("enum" in v for v in constraint_violations(enum_request, catalog))


@pytest.mark.slow
def test_round_trip_through_moto(requests: dict[str, dict[str, Any]]) -> None:
    """Create databases, tables and two partitions in moto's server; read back what was sent."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
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
