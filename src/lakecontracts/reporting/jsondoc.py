"""JSON reports: one spelling of a finding and of the document."""

from __future__ import annotations

import json
from typing import Any

from lakecontracts.reporting.finding import Finding


def finding_json(finding: Finding, *, contract: bool = False) -> dict[str, Any]:
    """The finding as JSON; ``contract`` adds the gate's event, version, fix, proof, waiver."""
    body: dict[str, Any] = {"rule": finding.rule, "severity": str(finding.severity)}
    if contract:
        body |= {"event": finding.event, "v": finding.v}
    body |= {
        "message": finding.message,
        "file": finding.location.file,
        "line": finding.location.line,
        "column": finding.location.col,
        "path": finding.path,
    }
    if contract:
        body |= {
            "fix": finding.fix,
            "against": finding.against,
            "changes": [c.to_json() for c in finding.changes],
            "waived": _waiver_json(finding),
        }
    return body


def _waiver_json(finding: Finding) -> dict[str, str] | None:
    w = finding.waived_by
    return None if w is None else {"reason": w.reason, "approver": w.approver, "expires": w.expires}


def json_document(body: Any) -> str:
    """Indented, UTF-8 as is, newline-terminated."""
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
