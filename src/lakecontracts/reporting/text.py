"""Plain-text findings: ``FILE:LINE:COL: RULE [status] message`` and indented details."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from lakecontracts.reporting.finding import Finding


def finding_lines(finding: Finding) -> list[str]:
    """The finding's line, then its witnesses, fix and waiver, indented."""
    lines = [f"{finding.location}: {finding.rule} [{finding.status}] {finding.message}"]
    for change in finding.changes:
        body = change.to_json()
        if "witness" in body:
            witness = json.dumps(body["witness"], ensure_ascii=False, sort_keys=True)
            lines.append(f"    witness: {witness}")
    waiver = finding.waived_by
    if finding.fix and waiver is None:
        lines.append(f"    fix: {finding.fix}")
    if waiver is not None:
        lines.append(f"    waived by {waiver.approver} until {waiver.expires}: {waiver.reason}")
    return lines


def text_document(findings: Iterable[Finding], trailer: Sequence[str]) -> str:
    """Every finding's lines, then the trailer (suggestions, summary), newline-terminated."""
    lines = [line for finding in findings for line in finding_lines(finding)]
    return "\n".join([*lines, *trailer]) + "\n"
