"""The waivers file: validated against its bundled schema, unknown rules refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lakecontracts.errors import Location, WaiverFileError
from lakecontracts.gate.waivers import apply_waivers, load_waivers
from lakecontracts.reporting.finding import Finding
from lakecontracts.reporting.vocabulary import Severity

VALID = """\
waivers:
  - rule: PII_CLASS_CHANGED
    event: identity.privacy_reset
    v: 1
    path: /payload/previous_anon_id_sha256
    reason: Reclassified after the privacy review (PRIV-42).
    approver: privacy-team
    expires: 2026-12-31
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "compat-waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def finding(
    rule: str = "PII_CLASS_CHANGED", path: str = "/payload/previous_anon_id_sha256"
) -> Finding:
    return Finding(
        rule,
        Severity.ERROR,
        "changed",
        Location("f.yaml", 1, 1),
        path,
        event="identity.privacy_reset",
        v=1,
    )


def test_valid_file_loads_with_locations(tmp_path: Path) -> None:
    (waiver,) = load_waivers(write(tmp_path, VALID))
    assert waiver.rule == "PII_CLASS_CHANGED" and waiver.expires == "2026-12-31"
    assert waiver.location.line == 2


def test_waiver_silences_until_expiry_inclusive(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, VALID))
    (silenced,) = apply_waivers([finding()], waivers, date(2026, 12, 31))
    assert silenced.waived_by is not None and not silenced.fails
    after = apply_waivers([finding()], waivers, date(2027, 1, 1))
    assert {f.rule for f in after if f.fails} == {"PII_CLASS_CHANGED", "WAIVER_EXPIRED"}


def test_unused_waiver_is_a_warning(tmp_path: Path) -> None:
    (unused,) = apply_waivers([], load_waivers(write(tmp_path, VALID)), date(2026, 1, 1))
    assert unused.rule == "WAIVER_UNUSED" and not unused.fails


def test_unknown_rule_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        WaiverFileError, match="unknown or unwaivable rule 'PII_CLASS_CHANGD'"
    ) as caught:
        load_waivers(write(tmp_path, VALID.replace("PII_CLASS_CHANGED", "PII_CLASS_CHANGD")))
    assert caught.value.location is not None and caught.value.location.line == 2


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    approver: privacy-team\n", "", "approver"),
        ("expires: 2026-12-31", "expires: next year", "date"),
        ("    v: 1\n", "    v: 1\n    owner: me\n", "unknown key 'owner'"),
    ],
)
def test_malformed_file_is_an_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(WaiverFileError, match=message):
        load_waivers(write(tmp_path, VALID.replace(old, new)))
