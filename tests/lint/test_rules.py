"""Every lint rule has a failing and a passing fixture; each checks the rule ID and the place.

Fixtures live in fixtures/<RULE_ID>/{fail,pass}.yaml. Header comments configure them:

    # path: events/booking/leg_created/v2.yaml   where the file sits in the registry
    # also: events/booking/leg_created/v1.yaml   other contract files that exist (empty)
    # expect: 14:5                               fail.yaml: a finding of RULE_ID here (repeatable)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lakecontracts.lint.engine import lint_paths
from lakecontracts.lint.table import ALL_RULES
from lakecontracts.registry.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT_PATH = "events/booking/leg_created/v1.yaml"
HEADER = re.compile(r"^#\s*(path|also|expect):\s*(\S+)\s*$", re.MULTILINE)


def run_fixture(
    fixture: Path, tmp_path: Path
) -> tuple[list[tuple[str, int, int]], dict[str, list[str]]]:
    text = fixture.read_text(encoding="utf-8")
    headers: dict[str, list[str]] = {}
    for key, value in HEADER.findall(text):
        headers.setdefault(key, []).append(value)
    root = tmp_path / "registry"
    root.mkdir()
    shutil.copy(FIXTURES / "registry.yaml", root / "registry.yaml")
    target = root / headers.get("path", [DEFAULT_PATH])[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    for other in headers.get("also", []):
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        (root / other).write_text("", encoding="utf-8")
    report = lint_paths(Registry.open(root), [target])
    found = [(f.rule, f.location.line, f.location.col) for f in report.all]
    return found, headers


RULE_IDS = [rule.id for rule in ALL_RULES]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_has_fixtures(rule_id: str) -> None:
    assert (FIXTURES / rule_id / "fail.yaml").is_file(), f"{rule_id} has no fail.yaml fixture"
    assert (FIXTURES / rule_id / "pass.yaml").is_file(), f"{rule_id} has no pass.yaml fixture"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_fires_at_expected_place(rule_id: str, tmp_path: Path) -> None:
    fixture = FIXTURES / rule_id / "fail.yaml"
    if not fixture.is_file():
        pytest.fail(f"missing fixture {fixture}")
    found, headers = run_fixture(fixture, tmp_path)
    expected = headers.get("expect")
    assert expected, f"{fixture} has no '# expect: LINE:COL' header"
    places = sorted((line, col) for rid, line, col in found if rid == rule_id)
    wanted = sorted(tuple(int(n) for n in e.split(":")) for e in expected)
    assert places == wanted, f"{rule_id}: expected at {wanted}, found {found}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_silent_on_passing_fixture(rule_id: str, tmp_path: Path) -> None:
    fixture = FIXTURES / rule_id / "pass.yaml"
    if not fixture.is_file():
        pytest.fail(f"missing fixture {fixture}")
    found, _ = run_fixture(fixture, tmp_path)
    assert [f for f in found if f[0] == rule_id] == []
    assert found == [], f"pass fixture for {rule_id} should lint clean, found {found}"
