"""Render a compat report as text, JSON, SARIF 2.1.0, GitHub annotations or JUnit XML.

JSON shape (stable): ``{"against", "against_label", "passed", "summary", "contracts":
[{"event", "v", "file", "kind", "mode", "against", "suggestion": {"bump", "text"}}],
"findings": [{"rule", "severity", "event", "v", "message", "file", "line", "column", "path",
"fix", "against", "changes": [engine changes with witnesses], "waived"}]}``.
JUnit: one ``testsuite`` per run, one ``testcase`` per changed contract with a ``failure``
per failing finding; waived and warning findings go to ``system-out``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from lakecontracts import __version__
from lakecontracts.ci_output import github_command, github_escape, sarif_location
from lakecontracts.gate.report import CompatReport, Finding
from lakecontracts.gate.table import META_RULES, POLICY_RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_URI = "https://github.com/lakecontracts/lakecontracts"


def _status(finding: Finding) -> str:
    return "waived" if finding.waived_by is not None else finding.severity


def _summary(report: CompatReport) -> str:
    return (
        f"{len(report.contracts)} changed contract(s) compared with {report.against[:10]} "
        f"({report.against_label}): {report.count('error')} error(s), "
        f"{report.count('warning')} warning(s), {report.waived} waived"
    )


def render_text(report: CompatReport, suggest: bool = False) -> str:
    lines = []
    for f in report.findings:
        lines.append(f"{f.location}: {f.rule} [{_status(f)}] {f.message}")
        for change in f.changes:
            body = change.to_json()
            if "witness" in body:
                witness = json.dumps(body["witness"], ensure_ascii=False, sort_keys=True)
                lines.append(f"    witness: {witness}")
        if f.fix and f.waived_by is None:
            lines.append(f"    fix: {f.fix}")
        if f.waived_by is not None:
            w = f.waived_by
            lines.append(f"    waived by {w.approver} until {w.expires}: {w.reason}")
    if suggest:
        lines.append("suggested versions:")
        for c in report.contracts:
            bump = c.suggestion.bump if c.suggestion else "none"
            text = c.suggestion.text if c.suggestion else ""
            lines.append(f"  {c.key} ({c.mode}): {bump}: {text}")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def render_json(report: CompatReport, suggest: bool = False) -> str:
    body = {
        "against": report.against,
        "against_label": report.against_label,
        "passed": not report.failed,
        "summary": {
            "contracts": len(report.contracts),
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "waived": report.waived,
        },
        "contracts": [
            {
                "event": c.event,
                "v": c.v,
                "file": c.file,
                "kind": c.kind,
                "mode": c.mode,
                "against": c.against,
                "suggestion": None
                if c.suggestion is None
                else {"bump": c.suggestion.bump, "text": c.suggestion.text},
            }
            for c in report.contracts
        ],
        "findings": [f.to_json() for f in report.findings],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def render_github(report: CompatReport, suggest: bool = False) -> str:
    lines = []
    for f in report.findings:
        level = "notice" if f.waived_by else ("error" if f.severity == "error" else "warning")
        message = f.message + (f" Fix: {f.fix}" if f.fix and not f.waived_by else "")
        if f.waived_by:
            message += f" (waived by {f.waived_by.approver} until {f.waived_by.expires})"
        lines.append(github_command(level, f.location, f.rule, message))
    if suggest:
        for c in report.contracts:
            if c.suggestion is not None:
                lines.append(
                    f"::notice file={github_escape(c.file, True)},title="
                    f"{github_escape('suggested version ' + c.key, True)}::"
                    f"{github_escape(c.suggestion.bump + ': ' + c.suggestion.text)}"
                )
    return "\n".join(lines) + ("\n" if lines else "")


def _descriptors() -> list[dict[str, Any]]:
    rows = [(r.id, r.summary, r.severity, r.category) for r in POLICY_RULES] + [
        (rule_id, summary, severity, "meta") for rule_id, (severity, summary) in META_RULES.items()
    ]
    return [
        {
            "id": rule_id,
            "name": "".join(part.capitalize() for part in rule_id.split("_")),
            "shortDescription": {"text": summary},
            "defaultConfiguration": {"level": severity},
            "properties": {"category": category},
        }
        for rule_id, summary, severity, category in rows
    ]


def render_sarif(report: CompatReport, suggest: bool = False) -> str:
    descriptors = _descriptors()
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": f.severity,
            "message": {"text": f.message + (f" Fix: {f.fix}" if f.fix else "")},
            "locations": [sarif_location(f.location, f.path)],
            "properties": {"event": f.event, "v": f.v, "against": f.against},
        }
        if f.changes:
            result["properties"]["changes"] = [c.to_json() for c in f.changes]
        if f.waived_by is not None:
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{f.waived_by.reason} (approved by "
                    f"{f.waived_by.approver}, expires {f.waived_by.expires})",
                }
            ]
        results.append(result)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "contracts-compat",
                        "version": __version__,
                        "informationUri": TOOL_URI,
                        "rules": descriptors,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def render_junit(report: CompatReport, suggest: bool = False) -> str:
    failing = [f for f in report.findings if f.fails]
    suites = ET.Element(
        "testsuites", name="contracts compat", tests="0", failures=str(len(failing))
    )
    suite = ET.SubElement(suites, "testsuite", name=f"contracts compat against {report.against}")
    cases = 0
    by_key: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_key.setdefault(f.key or "(registry)", []).append(f)
    names = [c.key for c in report.contracts] + sorted(
        set(by_key) - {c.key for c in report.contracts}
    )
    files = {c.key: c.file for c in report.contracts}
    for name in names:
        findings = by_key.get(name, [])
        case = ET.SubElement(
            suite,
            "testcase",
            classname="contracts.compat",
            name=name,
            file=files.get(name, findings[0].location.file if findings else ""),
        )
        cases += 1
        notes = []
        for f in findings:
            if f.fails:
                failure = ET.SubElement(case, "failure", type=f.rule, message=f.message)
                failure.text = f"{f.location}: {f.message}" + (f"\nfix: {f.fix}" if f.fix else "")
            else:
                notes.append(f"{f.location}: {f.rule} [{_status(f)}] {f.message}")
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    suite.set("tests", str(cases))
    suite.set("failures", str(len(failing)))
    suite.set("errors", "0")
    suites.set("tests", str(cases))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


RENDERERS: dict[str, Callable[[CompatReport, bool], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
}
