"""The cloudformation target: cfn-lint clean, and built from the same requests as the API JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.aws.cloudformation import (
    TEMPLATE_FILE,
    render_cloudformation,
)
from lakecontracts.codegen.aws.glue import table_input
from lakecontracts.codegen.aws.lakeformation import ACCOUNT_ID, build_policy
from lakecontracts.codegen.sql.hive_tables import hive_tables
from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.registry import Registry
from tests.lakehouse_fixtures import edited_registry, generation_input

CFN_LINT = shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or "cfn-lint"
INPUT = generation_input()
TEMPLATE: dict[str, Any] = json.loads(render_cloudformation(INPUT)[TEMPLATE_FILE])
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]
GLACIER_90 = "bronze_glacier_after_days: 90"


def _of_type(kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in RESOURCES.values() if r["Type"] == kind]


def _with_placeholder_account(node: Any) -> Any:
    """Undo the template's account references so properties compare with the API requests."""
    if node == {"Ref": "AWS::AccountId"}:
        return ACCOUNT_ID
    if isinstance(node, dict) and set(node) == {"Fn::Sub"}:
        return node["Fn::Sub"].replace("${AWS::AccountId}", ACCOUNT_ID)
    if isinstance(node, dict):
        return {k: _with_placeholder_account(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_placeholder_account(v) for v in node]
    return node


def _canon(node: Any) -> str:
    return json.dumps(node, sort_keys=True)


def _cfn_lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CFN_LINT, "--format", "parseable", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_cfn_lint_reports_nothing(tmp_path: Path) -> None:
    path = tmp_path / TEMPLATE_FILE
    path.write_bytes(render_cloudformation(INPUT)[TEMPLATE_FILE])
    result = _cfn_lint(path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.slow
def test_cfn_lint_catches_a_broken_template(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(TEMPLATE))
    rule = broken["Resources"]["BronzeBucket"]["Properties"]["LifecycleConfiguration"]["Rules"][0]
    rule["Transitions"][0]["StorageClass"] = "ICEBERG"
    broken["Resources"]["AthenaWorkGroup"]["Properties"]["State"] = "SLEEPING"
    path = tmp_path / TEMPLATE_FILE
    path.write_text(json.dumps(broken))
    result = _cfn_lint(path)
    assert result.returncode != 0
    assert "ICEBERG" in result.stdout and "SLEEPING" in result.stdout


def test_bronze_bucket_moves_to_glacier_after_90_days() -> None:
    bucket = RESOURCES["BronzeBucket"]["Properties"]
    assert bucket["BucketName"] == "lakehouse-bronze"
    rule, noncurrent = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["Status"] == "Enabled" and rule["Prefix"] == "events/"
    assert rule["Transitions"] == [{"StorageClass": "GLACIER", "TransitionInDays": 90}]
    # registry.yaml's residual inventory: bronze noncurrent versions live at most 7 days (#17).
    assert noncurrent["Status"] == "Enabled" and noncurrent["Prefix"] == "events/"
    assert noncurrent["NoncurrentVersionExpiration"] == {"NoncurrentDays": 7}


def test_the_glacier_transition_is_the_registry_setting(tmp_path: Path) -> None:
    edits = {Path("registry.yaml"): [(GLACIER_90, "bronze_glacier_after_days: 30")]}
    template = json.loads(
        render_cloudformation(generation_input(edited_registry(tmp_path, edits)))[TEMPLATE_FILE]
    )
    rule, _ = template["Resources"]["BronzeBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rule["Id"] == "bronze-to-glacier-after-30-days"
    assert rule["Transitions"] == [{"StorageClass": "GLACIER", "TransitionInDays": 30}]


def test_quarantine_and_silver_buckets_carry_their_lifecycle_rules() -> None:
    buckets = {p["BucketName"]: p for p in _of_type("AWS::S3::Bucket")}
    assert set(buckets) == {"lakehouse-bronze", "lakehouse-quarantine", "lakehouse-silver"}
    (expire,) = buckets["lakehouse-quarantine"]["LifecycleConfiguration"]["Rules"]
    # storage.quarantine_expire_after_days: raw rejected records are deleted, prefix-scoped
    assert (expire["Id"], expire["ExpirationInDays"], expire["Prefix"]) == (
        "quarantine-expire-after-30-days",
        30,
        "events/",
    )
    (noncurrent,) = buckets["lakehouse-silver"]["LifecycleConfiguration"]["Rules"]
    # storage.residual.silver_versions: purged Silver files' old versions gone within 7 days
    assert noncurrent["NoncurrentVersionExpiration"] == {"NoncurrentDays": 7}
    assert "Prefix" not in noncurrent  # storage.silver is the bucket itself
    assert RESOURCES["QuarantineBucket"]["DeletionPolicy"] == "Retain"


def test_the_quarantine_expiry_is_the_registry_setting(tmp_path: Path) -> None:
    edits = {
        Path("registry.yaml"): [
            ("quarantine_expire_after_days: 30", "quarantine_expire_after_days: 14")
        ]
    }
    template = json.loads(
        render_cloudformation(generation_input(edited_registry(tmp_path, edits)))[TEMPLATE_FILE]
    )
    rules = template["Resources"]["QuarantineBucket"]["Properties"]["LifecycleConfiguration"]
    assert rules["Rules"][0]["ExpirationInDays"] == 14


def test_layers_sharing_a_bucket_make_one_bucket_with_both_rule_sets(tmp_path: Path) -> None:
    edits = {
        Path("registry.yaml"): [
            ("quarantine: s3://lakehouse-quarantine/events", "quarantine: s3://lakehouse-bronze/q")
        ]
    }
    template = json.loads(
        render_cloudformation(generation_input(edited_registry(tmp_path, edits)))[TEMPLATE_FILE]
    )
    buckets = {
        name: r["Properties"]
        for name, r in template["Resources"].items()
        if r["Type"] == "AWS::S3::Bucket"
    }
    assert set(buckets) == {"BronzeBucket", "SilverBucket"}
    rules = buckets["BronzeBucket"]["LifecycleConfiguration"]["Rules"]
    assert [(r["Id"], r["Prefix"]) for r in rules] == [
        ("bronze-to-glacier-after-90-days", "events/"),
        ("noncurrent-versions-expire-after-7-days", "events/"),
        ("quarantine-expire-after-30-days", "q/"),
    ]


def test_a_quarantine_location_that_is_not_s3_is_a_located_error(tmp_path: Path) -> None:
    edits = {
        Path("registry.yaml"): [
            ("quarantine: s3://lakehouse-quarantine/events", "quarantine: /var/quarantine")
        ]
    }
    with pytest.raises(RegistryConfigError) as caught:
        render_cloudformation(generation_input(edited_registry(tmp_path, edits)))
    assert "storage.quarantine" in caught.value.message
    assert caught.value.location is not None and caught.value.location.line > 0


@pytest.mark.parametrize("days", ["0", "thirty", "1.5"])
def test_a_bad_quarantine_setting_is_a_registry_error(tmp_path: Path, days: str) -> None:
    edits = {
        Path("registry.yaml"): [
            ("quarantine_expire_after_days: 30", f"quarantine_expire_after_days: {days}")
        ]
    }
    with pytest.raises(RegistryConfigError) as caught:
        Registry.open(edited_registry(tmp_path, edits))
    assert "quarantine_expire_after_days" in str(caught.value)
    assert caught.value.location is not None and caught.value.location.line > 0


@pytest.mark.parametrize("days", ["0", "ninety", "1.5"])
def test_a_bad_glacier_setting_is_a_registry_error(tmp_path: Path, days: str) -> None:
    edits = {Path("registry.yaml"): [(GLACIER_90, f"bronze_glacier_after_days: {days}")]}
    with pytest.raises(RegistryConfigError) as caught:
        Registry.open(edited_registry(tmp_path, edits))
    assert "bronze_glacier_after_days" in str(caught.value)


def test_the_template_names_no_fixed_account() -> None:
    text = render_cloudformation(INPUT)[TEMPLATE_FILE].decode()
    assert ACCOUNT_ID not in text
    assert text.count('"Ref": "AWS::AccountId"') > 0


def test_athena_workgroup_has_a_bytes_scanned_cutoff() -> None:
    (workgroup,) = _of_type("AWS::Athena::WorkGroup")
    config = workgroup["WorkGroupConfiguration"]
    assert config["BytesScannedCutoffPerQuery"] == {"Ref": "BytesScannedCutoffPerQuery"}
    assert config["EnforceWorkGroupConfiguration"] is True
    parameter = TEMPLATE["Parameters"]["BytesScannedCutoffPerQuery"]
    assert parameter["MinValue"] == 10_000_000 <= parameter["Default"]


def test_glue_tables_are_the_glue_targets_table_inputs() -> None:
    tables = _of_type("AWS::Glue::Table")
    assert [t["TableInput"] for t in tables] == [
        table_input(t) for t in hive_tables(INPUT.registry.config, INPUT.events)
    ]
    names = {d["DatabaseInput"]["Name"] for d in _of_type("AWS::Glue::Database")}
    assert names == {"bronze_events", "silver", "gold"}


def test_lake_formation_resources_match_the_api_requests() -> None:
    policy = build_policy(INPUT)
    tags = _with_placeholder_account(_of_type("AWS::LakeFormation::Tag"))
    assert sorted(map(_canon, tags)) == sorted(map(_canon, policy["CreateLFTag"]))
    associations = _with_placeholder_account(_of_type("AWS::LakeFormation::TagAssociation"))
    expected = [
        {
            "Resource": r["Resource"],
            "LFTags": [{"CatalogId": ACCOUNT_ID, **pair} for pair in r["LFTags"]],
        }
        for r in policy["AddLFTagsToResource"]
    ]
    assert sorted(map(_canon, associations)) == sorted(map(_canon, expected))
    filters = _with_placeholder_account(_of_type("AWS::LakeFormation::DataCellsFilter"))
    assert sorted(map(_canon, filters)) == sorted(
        _canon(r["TableData"]) for r in policy["CreateDataCellsFilter"]
    )
    grants = _with_placeholder_account(_of_type("AWS::LakeFormation::PrincipalPermissions"))
    expected_grants = [
        {"Catalog": g["CatalogId"], **{k: v for k, v in g.items() if k != "CatalogId"}}
        for g in policy["GrantPermissions"]
    ]
    assert sorted(map(_canon, grants)) == sorted(map(_canon, expected_grants))


def test_every_dependency_exists_and_the_template_is_deterministic() -> None:
    for resource in RESOURCES.values():
        assert set(resource.get("DependsOn", [])) <= set(RESOURCES)
    assert render_cloudformation(generation_input()) == render_cloudformation(INPUT)
