"""The cloudformation target past CloudFormation's limits: a parent and nested stacks."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.aws import nested
from lakecontracts.codegen.aws.cloudformation import TEMPLATE_FILE, render_cloudformation
from lakecontracts.codegen.inputs import Rendered
from tests.conftest import REPO_ROOT
from tests.lakehouse_fixtures import generation_input

CFN_LINT = shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or "cfn-lint"
LIMIT_RESOURCES = 500
LIMIT_BYTES = 1024 * 1024


def synthetic_registry(root: Path, count: int) -> Path:
    spec = importlib.util.spec_from_file_location(
        "synthetic", REPO_ROOT / "benchmarks" / "synthetic.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_registry(root, count)
    return root


def resources_of(files: Rendered) -> dict[str, Any]:
    """Every resource of the parent and its children, stack resources left out."""
    found: dict[str, Any] = {}
    for data in files.values():
        for key, resource in json.loads(data)["Resources"].items():
            if resource["Type"] != "AWS::CloudFormation::Stack":
                assert key not in found, key
                found[key] = resource
    return found


def check_stacks(files: Rendered) -> None:
    parent = json.loads(files[TEMPLATE_FILE])
    stacks = {
        r["Properties"]["TemplateURL"]: r
        for r in parent["Resources"].values()
        if r["Type"] == "AWS::CloudFormation::Stack"
    }
    assert sorted(stacks) == sorted(set(files) - {TEMPLATE_FILE})
    for name, data in files.items():
        body = json.loads(data)
        assert len(body["Resources"]) <= LIMIT_RESOURCES, name
        assert len(data) <= LIMIT_BYTES, name
        if name != TEMPLATE_FILE:  # what the child asks for, the parent passes
            passed = stacks[name]["Properties"].get("Parameters", {})
            assert sorted(passed) == sorted(body.get("Parameters", {}))
            assert all(passed[p] == {"Ref": p} for p in passed)
            assert all(p in parent["Resources"] for p in passed)


def cfn_lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CFN_LINT, "--format", "parseable", *sorted(str(p) for p in folder.glob("*.json"))],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )


def test_the_example_registry_stays_one_template() -> None:
    files = render_cloudformation(generation_input())
    assert list(files) == [TEMPLATE_FILE]


def test_a_forced_split_keeps_every_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    inp = generation_input()
    whole = render_cloudformation(inp)
    monkeypatch.setattr(nested, "MAX_RESOURCES", 40)
    monkeypatch.setattr(nested, "CHUNK_RESOURCES", 30)
    files = render_cloudformation(inp)
    assert len(files) > 3
    check_stacks(files)
    single = json.loads(whole[TEMPLATE_FILE])["Resources"]
    split = resources_of(files)
    assert sorted(split) == sorted(single)
    for key, resource in single.items():  # the same resource; only outside DependsOn moved
        moved = {k: v for k, v in resource.items() if k != "DependsOn"}
        assert {k: v for k, v in split[key].items() if k != "DependsOn"} == moved
        assert set(split[key].get("DependsOn", [])) <= set(resource.get("DependsOn", []))
    children = [json.loads(d) for n, d in files.items() if n != TEMPLATE_FILE]
    glue = [r for c in children for r in c["Resources"].values() if r["Type"] == "AWS::Glue::Table"]
    assert len(glue) == sum(r["Type"] == "AWS::Glue::Table" for r in single.values())


@pytest.mark.slow
def test_a_forced_split_is_cfn_lint_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nested, "MAX_RESOURCES", 40)
    monkeypatch.setattr(nested, "CHUNK_RESOURCES", 30)
    for name, data in render_cloudformation(generation_input()).items():
        (tmp_path / name).write_bytes(data)
    result = cfn_lint(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    # The control: a child that asks for a parameter the parent does not pass is caught.
    child = next(p for p in tmp_path.glob(f"{nested.CHILD_PREFIX}*"))
    body = json.loads(child.read_text())
    body.setdefault("Parameters", {})["Unpassed"] = {"Type": "String"}
    child.write_text(json.dumps(body))
    assert cfn_lint(tmp_path).returncode != 0


@pytest.mark.slow
def test_a_thousand_contracts_fit_in_nested_stacks_cfn_lint_clean(tmp_path: Path) -> None:
    root = synthetic_registry(tmp_path / "contracts", 1000)
    files = render_cloudformation(generation_input(root))
    assert len(files) > 10  # about 11 MB of resources: many children
    check_stacks(files)
    tables = sum(r["Type"] == "AWS::Glue::Table" for r in resources_of(files).values())
    assert tables == 2000  # a bronze and a Silver table per contract
    out = tmp_path / "cloudformation"
    out.mkdir()
    for name, data in files.items():
        (out / name).write_bytes(data)
    result = cfn_lint(out)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
