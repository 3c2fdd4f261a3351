"""The shared reporting vocabulary: verdicts keep their JSON spelling and combine one way."""

from __future__ import annotations

import json

import pytest

from lakecontracts.errors import Location
from lakecontracts.reporting.finding import Finding, Waiver
from lakecontracts.reporting.vocabulary import Severity, Verdict

C, X, U = Verdict.COMPATIBLE, Verdict.INCOMPATIBLE, Verdict.UNKNOWN


def test_verdicts_keep_the_json_spelling_of_every_report() -> None:
    assert json.dumps([v.to_json() for v in (C, X, U)]) == '[true, false, "unknown"]'
    assert [Verdict(v.to_json()) for v in (C, X, U)] == [C, X, U]


@pytest.mark.parametrize(
    ("verdicts", "combined"),
    [([], C), ([C, C], C), ([C, U], U), ([U, X, C], X), ([X], X)],
)
def test_incompatible_beats_unknown_beats_compatible(
    verdicts: list[Verdict], combined: Verdict
) -> None:
    assert Verdict.combine(verdicts) is combined


def test_a_waived_error_does_not_fail_and_shows_as_waived() -> None:
    where = Location("events/a/b/v1.yaml", 3, 5)
    finding = Finding("PII_CLASS_CHANGED", Severity.ERROR, "changed", where, event="a.b", v=1)
    assert finding.fails and finding.status == "error" and finding.key == "a.b@1"
    waiver = Waiver("PII_CLASS_CHANGED", "a.b", 1, None, "why", "who", "2099-01-01", where)
    assert waiver.matches(finding)
    waived = Finding("PII_CLASS_CHANGED", Severity.ERROR, "changed", where, waived_by=waiver)
    assert not waived.fails and waived.status == "waived"
    warning = Finding("X", Severity.WARNING, "w", where)
    assert not warning.fails and warning.status == "warning"
