"""SARIF 2.1.0 documents for code scanning: one tool run, its rules and results."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from lakecontracts import __version__
from lakecontracts.errors import Location
from lakecontracts.reporting.finding import Finding
from lakecontracts.reporting.vocabulary import RuleInfo

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_URI = "https://github.com/lakecontracts/lakecontracts"

#: Extra ``properties`` of a result (the gate's event, version and proof), or none.
ResultProperties = Callable[[Finding], dict[str, Any]]


def sarif_location(location: Location, logical_path: str = "") -> dict[str, Any]:
    """A SARIF ``location``: a relative, percent-encoded URI and a 1-based region."""
    body: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(location.file.replace("\\", "/"))},
            "region": {"startLine": max(location.line, 1), "startColumn": max(location.col, 1)},
        }
    }
    if logical_path:
        body["logicalLocations"] = [{"fullyQualifiedName": logical_path}]
    return body


def rule_descriptor(rule: RuleInfo) -> dict[str, Any]:
    properties: dict[str, Any] = {"category": rule.category} if rule.category else {}
    if rule.deprecated:
        properties |= {"deprecated": True, "replacedBy": rule.replaced_by}
    body: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("_")),
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": str(rule.severity)},
    }
    if properties:
        body["properties"] = properties
    return body


def sarif_result(
    finding: Finding, index: int, properties: ResultProperties | None
) -> dict[str, Any]:
    fix = f" Fix: {finding.fix}" if finding.fix else ""
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": str(finding.severity),
        "message": {"text": finding.message + fix},
        "locations": [sarif_location(finding.location, finding.path)],
    }
    if properties is not None:
        result["properties"] = properties(finding)
    waiver = finding.waived_by
    if waiver is not None:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{waiver.reason} (approved by {waiver.approver}, "
                f"expires {waiver.expires})",
            }
        ]
    return result


def sarif_document(
    tool: str,
    rules: Sequence[RuleInfo],
    findings: Sequence[Finding],
    properties: ResultProperties | None = None,
) -> str:
    """The whole document: every rule described, every finding a result pointing at its rule."""
    index = {rule.id: i for i, rule in enumerate(rules)}
    driver = {
        "name": tool,
        "version": __version__,
        "informationUri": TOOL_URI,
        "rules": [rule_descriptor(rule) for rule in rules],
    }
    results = [sarif_result(f, index[f.rule], properties) for f in findings]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
