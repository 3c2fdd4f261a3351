"""Reviewed waivers: ``compat-waivers.yaml`` beside registry.yaml.

```yaml
waivers:
  - rule: PII_CLASS_CHANGED
    event: identity.user_signed_up
    v: 1
    path: /payload/email_sha256      # optional: without it the waiver covers the whole version
    reason: Reclassified after the 2026 privacy review (ticket PRIV-42).
    approver: privacy-team
    expires: 2026-12-31
```

The file goes through code review like any contract. A waiver silences matching findings
until its ``expires`` date (inclusive); after that it silences nothing and fails the check
itself (``WAIVER_EXPIRED``). A waiver naming an unknown rule is an input error, so a typo
never silently waives nothing. A waiver matching no finding is reported as a warning.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from lakecontracts.errors import WaiverFileError
from lakecontracts.gate.table import ERROR, WARNING, rule_ids
from lakecontracts.registry.registry import display_path
from lakecontracts.registry.structure import structure_violations
from lakecontracts.registry.yamlsource import load_yaml_file
from lakecontracts.reporting.finding import Finding, Waiver
from lakecontracts.reporting.vocabulary import Severity

WAIVERS_FILE = "compat-waivers.yaml"
#: Rules no waiver may silence: the waiver machinery itself.
NOT_WAIVABLE = frozenset({"WAIVER_EXPIRED", "WAIVER_UNUSED"})


def load_waivers(path: Path) -> list[Waiver]:
    """Load and validate a waivers file; raise :class:`WaiverFileError` at the first problem."""
    doc = load_yaml_file(path, display_path(path))
    problems = structure_violations(doc.data, "compat-waivers")
    if problems:
        first = problems[0]
        raise WaiverFileError(
            f"invalid waivers file: {first.message}",
            location=doc.location(first.path, key=first.at_key),
            hint="each waiver needs rule, event, v, reason, approver and expires (YYYY-MM-DD); "
            "path is optional",
        )
    known = rule_ids() - NOT_WAIVABLE
    waivers = []
    for index, entry in enumerate(doc.data["waivers"]):
        if entry["rule"] not in known:
            raise WaiverFileError(
                f"waiver for unknown or unwaivable rule {entry['rule']!r}",
                location=doc.location(("waivers", index, "rule")),
                hint=f"use one of: {', '.join(sorted(known))}",
            )
        waivers.append(
            Waiver(
                rule=entry["rule"],
                event=entry["event"],
                v=entry["v"],
                path=entry.get("path"),
                reason=entry["reason"],
                approver=entry["approver"],
                expires=entry["expires"],
                location=doc.location(("waivers", index)),
            )
        )
    return waivers


def apply_waivers(findings: list[Finding], waivers: list[Waiver], today: date) -> list[Finding]:
    """Findings with live waivers attached, plus WAIVER_EXPIRED and WAIVER_UNUSED findings."""
    live = [w for w in waivers if w.expires >= today.isoformat()]
    used: set[Waiver] = set()
    result = []
    for finding in findings:
        waiver = next((w for w in live if w.matches(finding)), None)
        if waiver is not None and finding.rule not in NOT_WAIVABLE:
            used.add(waiver)
            finding = replace(finding, waived_by=waiver)
        result.append(finding)
    for waiver in waivers:
        if waiver not in live:
            result.append(_waiver_finding(waiver, "WAIVER_EXPIRED", ERROR, _expired(waiver)))
        elif waiver not in used:
            message = (
                f"waiver for {waiver.rule} on {waiver.event}@{waiver.v}"
                f"{' at ' + waiver.path if waiver.path else ''} matches no finding"
            )
            result.append(_waiver_finding(waiver, "WAIVER_UNUSED", WARNING, message))
    return result


def _expired(waiver: Waiver) -> str:
    return (
        f"waiver for {waiver.rule} on {waiver.event}@{waiver.v} expired on {waiver.expires} "
        f"(approved by {waiver.approver}); it no longer silences anything"
    )


def _waiver_finding(waiver: Waiver, rule: str, severity: Severity, message: str) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        event=waiver.event,
        v=waiver.v,
        message=message,
        location=waiver.location,
        path=waiver.path or "",
        fix="remove the waiver, or renew it after a new review (new expires date)"
        if rule == "WAIVER_EXPIRED"
        else "remove the waiver",
    )
