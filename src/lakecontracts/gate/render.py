"""Render a compat report as text, JSON, SARIF 2.1.0, GitHub annotations or JUnit XML.

The formats are the shared writers of :mod:`lakecontracts.reporting`; this module only adds
what the gate has beyond findings (suggested versions, the summary, the contracts).

JSON shape (stable): ``{"against", "against_label", "passed", "summary", "contracts":
[{"event", "v", "file", "kind", "mode", "against", "suggestion": {"bump", "text"}}],
"findings": [{"rule", "severity", "event", "v", "message", "file", "line", "column", "path",
"fix", "against", "changes": [engine changes with witnesses], "waived"}]}``.
JUnit: one ``testsuite`` per run, one ``testcase`` per finding (a ``failure`` when it fails;
waived and warning findings write ``system-out``) and per changed contract without findings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lakecontracts.gate.report import CompatReport, ContractResult
from lakecontracts.gate.table import ALL_RULES
from lakecontracts.reporting.finding import Finding
from lakecontracts.reporting.github import github_document, github_notice
from lakecontracts.reporting.jsondoc import finding_json, json_document
from lakecontracts.reporting.junit import JUnitCase, junit_document
from lakecontracts.reporting.sarif import sarif_document
from lakecontracts.reporting.text import text_document
from lakecontracts.reporting.vocabulary import Severity


def _summary(report: CompatReport) -> str:
    return (
        f"{len(report.contracts)} changed contract(s) compared with {report.against[:10]} "
        f"({report.against_label}): {report.count(Severity.ERROR)} error(s), "
        f"{report.count(Severity.WARNING)} warning(s), {report.waived} waived"
    )


def render_text(report: CompatReport, suggest: bool = False) -> str:
    trailer = []
    if suggest:
        trailer.append("suggested versions:")
        for c in report.contracts:
            bump = c.suggestion.bump if c.suggestion else "none"
            text = c.suggestion.text if c.suggestion else ""
            trailer.append(f"  {c.key} ({c.mode}): {bump}: {text}")
    trailer.append(_summary(report))
    return text_document(report.findings, trailer)


def render_json(report: CompatReport, suggest: bool = False) -> str:
    body = {
        "against": report.against,
        "against_label": report.against_label,
        "passed": not report.failed,
        "summary": {
            "contracts": len(report.contracts),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "waived": report.waived,
        },
        "contracts": [_contract_json(c) for c in report.contracts],
        "findings": [finding_json(f, contract=True) for f in report.findings],
    }
    return json_document(body)


def _contract_json(c: ContractResult) -> dict[str, Any]:
    suggestion = c.suggestion
    return {
        "event": c.event,
        "v": c.v,
        "file": c.file,
        "kind": c.kind,
        "mode": c.mode,
        "against": c.against,
        "suggestion": None
        if suggestion is None
        else {"bump": suggestion.bump, "text": suggestion.text},
    }


def render_github(report: CompatReport, suggest: bool = False) -> str:
    notices = [
        github_notice(
            c.file, "suggested version " + c.key, f"{c.suggestion.bump}: {c.suggestion.text}"
        )
        for c in report.contracts
        if suggest and c.suggestion is not None
    ]
    return github_document(report.findings, notices)


def _properties(finding: Finding) -> dict[str, Any]:
    body: dict[str, Any] = {"event": finding.event, "v": finding.v, "against": finding.against}
    if finding.changes:
        body["changes"] = [c.to_json() for c in finding.changes]
    return body


def render_sarif(report: CompatReport, suggest: bool = False) -> str:
    return sarif_document("contracts-compat", ALL_RULES, report.findings, _properties)


def render_junit(report: CompatReport, suggest: bool = False) -> str:
    """One testcase per finding (named by version, rule and path), so a CI test view lists
    each failure on its own; a changed contract with no finding is one passing testcase."""
    by_key: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_key.setdefault(f.key or "(registry)", []).append(f)
    names = [c.key for c in report.contracts] + sorted(
        set(by_key) - {c.key for c in report.contracts}
    )
    files = {c.key: c.file for c in report.contracts}
    cases = []
    for name in names:
        findings = by_key.get(name, [])
        if not findings:
            cases.append(JUnitCase(name, files.get(name, ""), []))
        for f in findings:
            label = f"{name} {f.rule}" + (f" {f.path}" if f.path else "")
            cases.append(JUnitCase(label, f.location.file, [f]))
    return junit_document("contracts compat", f"contracts compat against {report.against}", cases)


RENDERERS: dict[str, Callable[[CompatReport, bool], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
}
