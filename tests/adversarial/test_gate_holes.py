"""CI holes a new user found in ``contracts compat`` (#13 item 4); each passed silently."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.compat.gitrepo import LEG_V2, PAYMENT, GitRepo, git, of_rule

LOGIN = "events/identity/user_logged_in/v1.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.branch("feature")
    return repo


def test_deleting_an_active_version_fails(repo: GitRepo) -> None:
    git(repo.top, "rm", "-q", f"contracts/{PAYMENT}")
    repo.commit("drop payment_succeeded v1")
    report = repo.compat()
    assert report.failed
    (finding,) = of_rule(report, "VERSION_DELETED_WHILE_ACTIVE")
    assert finding.event == "payments.payment_succeeded" and finding.v == 1
    assert "deleted" in finding.message and "status: deprecated" in finding.fix
    assert finding.location.file.endswith(PAYMENT)


def test_renaming_an_active_version_fails_and_names_the_new_path(repo: GitRepo) -> None:
    git(
        repo.top, "mv", f"contracts/{PAYMENT}", "contracts/events/payments/payment_succeeded/v1.yml"
    )
    repo.commit("rename")
    (finding,) = of_rule(repo.compat(), "VERSION_DELETED_WHILE_ACTIVE")
    assert "renamed to events/payments/payment_succeeded/v1.yml" in finding.message


def test_envelope_change_points_at_registry_yaml(repo: GitRepo) -> None:
    repo.edit(
        "registry.yaml",
        'request_id: {type: [string, "null"], maxLength: 128',
        'request_id: {type: [string, "null"], maxLength: 64',
    )
    report = repo.compat()
    breaks = of_rule(report, "VERSION_BREAK_WITHOUT_BUMP")
    assert breaks
    envelope = [f for f in breaks if f.location.file.endswith("registry.yaml")]
    assert envelope, [str(f.location) for f in breaks]
    line = repo.path("registry.yaml").read_text(encoding="utf-8").splitlines()
    assert "request_id" in line[envelope[0].location.line - 1]
    assert "envelope" in envelope[0].fix and "v2" not in envelope[0].fix
    suggestions = {c.suggestion.bump for c in report.contracts if c.suggestion is not None}
    assert "new-version" not in suggestions and "envelope" in suggestions


def test_junit_has_one_testcase_per_finding(repo: GitRepo) -> None:
    repo.edit(LEG_V2, "maximum: 20", "maximum: 10")
    repo.edit(LEG_V2, "status: active", "status: retired\nretired_on: 2026-05-01")
    repo.commit("two findings on one contract")
    args = ["--registry", str(repo.registry), "compat", "--format", "junit"]
    root = ET.fromstring(CliRunner().invoke(cli, args).stdout.encode())
    cases = root.findall("testsuite/testcase")
    assert all(len(case.findall("failure")) <= 1 for case in cases)
    assert sum(len(case.findall("failure")) for case in cases) >= 2
