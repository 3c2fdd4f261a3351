"""Round trip of the generated Lake Formation requests through moto's server on 127.0.0.1.

moto (5.2) implements CreateLFTag/ListLFTags, AddLFTagsToResource/GetResourceLFTags and
GrantPermissions/ListPermissions; CreateDataCellsFilter is not implemented (its
ListDataCellsFilter always answers an empty list), which the last test pins down so an upgrade
that adds it is noticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lakecontracts.codegen.aws.lakeformation import ACCOUNT_ID, build_policy
from tests.lakehouse_fixtures import generation_input

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")
botocore_exceptions = pytest.importorskip("botocore.exceptions")

pytestmark = pytest.mark.slow
POLICY = build_policy(generation_input())


@pytest.fixture(scope="module")
def lakeformation() -> Iterator[Any]:
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield boto3.client(
            "lakeformation",
            endpoint_url=f"http://{host}:{port}",
            region_name="eu-west-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
    finally:
        server.stop()


@pytest.fixture(scope="module")
def loaded(lakeformation: Any) -> Any:
    for request in POLICY["CreateLFTag"]:
        lakeformation.create_lf_tag(**request)
    for request in POLICY["AddLFTagsToResource"]:
        response = lakeformation.add_lf_tags_to_resource(**request)
        assert response.get("Failures", []) == []
    for request in POLICY["GrantPermissions"]:
        lakeformation.grant_permissions(**request)
    return lakeformation


def _pairs(tags: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {t["TagKey"]: t["TagValues"] for t in tags}


def test_tags_round_trip(loaded: Any) -> None:
    listed = loaded.list_lf_tags(CatalogId=ACCOUNT_ID)["LFTags"]
    assert _pairs(listed) == {r["TagKey"]: r["TagValues"] for r in POLICY["CreateLFTag"]}


def test_assignments_round_trip(loaded: Any) -> None:
    for request in POLICY["AddLFTagsToResource"]:
        got = loaded.get_resource_lf_tags(CatalogId=ACCOUNT_ID, Resource=request["Resource"])
        expected = _pairs(request["LFTags"])
        resource = request["Resource"]
        if "Database" in resource:
            assert _pairs(got["LFTagOnDatabase"]) == expected
        elif "Table" in resource:
            assert _pairs(got["LFTagsOnTable"]) == expected
        else:
            columns = {c["Name"]: _pairs(c["LFTags"]) for c in got["LFTagsOnColumns"]}
            names = resource["TableWithColumns"]["ColumnNames"]
            assert columns == {name: expected for name in names}


def test_grants_round_trip(loaded: Any) -> None:
    listed = loaded.list_permissions(CatalogId=ACCOUNT_ID)["PrincipalResourcePermissions"]
    got = sorted(
        (
            p["Principal"]["DataLakePrincipalIdentifier"],
            repr(p["Resource"]),
            sorted(p["Permissions"]),
        )
        for p in listed
    )
    expected = sorted(
        (
            g["Principal"]["DataLakePrincipalIdentifier"],
            repr(g["Resource"]),
            sorted(g["Permissions"]),
        )
        for g in POLICY["GrantPermissions"]
    )
    assert got == expected


def test_moto_does_not_implement_create_data_cells_filter(lakeformation: Any) -> None:
    request = POLICY["CreateDataCellsFilter"][0]
    with pytest.raises(botocore_exceptions.ClientError):
        lakeformation.create_data_cells_filter(**request)
    assert lakeformation.list_data_cells_filter()["DataCellsFilters"] == []
