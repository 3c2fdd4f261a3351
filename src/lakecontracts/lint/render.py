"""Render a lint report as text, JSON, SARIF 2.1.0 or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from lakecontracts import __version__
from lakecontracts.ci_output import github_command, sarif_location
from lakecontracts.lint.engine import LintReport
from lakecontracts.lint.findings import Finding, Rule, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_URI = "https://github.com/lakecontracts/lakecontracts"


def render_text(report: LintReport, rules: Sequence[Rule]) -> str:
    lines = [f"{f.location}: {f.rule_id} [{f.severity}] {f.message}" for f in report.all]
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    summary = f"{len(report.files)} file(s) checked: {errors} error(s), {warnings} warning(s)"
    if report.load_errors:
        summary += f", {len(report.load_errors)} file(s) could not be loaded"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def render_json(report: LintReport, rules: Sequence[Rule]) -> str:
    body = {
        "files": report.files,
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "load_errors": len(report.load_errors),
        },
        "findings": [_finding_json(f) for f in report.all],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule_id,
        "severity": str(f.severity),
        "message": f.message,
        "file": f.location.file,
        "line": f.location.line,
        "column": f.location.col,
        "path": f.path,
    }


def render_github(report: LintReport, rules: Sequence[Rule]) -> str:
    lines = []
    for f in report.all:
        level = "error" if f.severity is Severity.ERROR else "warning"
        lines.append(github_command(level, f.location, f.rule_id, f.message))
    return "\n".join(lines) + ("\n" if lines else "")


def render_sarif(report: LintReport, rules: Sequence[Rule]) -> str:
    from lakecontracts.lint.engine import LOAD_ERROR_ID

    descriptors = [
        {
            "id": rule.id,
            "name": _camel(rule.id),
            "shortDescription": {"text": rule.summary},
            "defaultConfiguration": {"level": _level(rule.severity)},
            "properties": {"category": rule.category},
        }
        for rule in rules
    ]
    descriptors.append(
        {
            "id": LOAD_ERROR_ID,
            "name": _camel(LOAD_ERROR_ID),
            "shortDescription": {"text": "The file can be read and parsed as YAML."},
            "defaultConfiguration": {"level": "error"},
        }
    )
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    results = [
        {
            "ruleId": f.rule_id,
            "ruleIndex": index[f.rule_id],
            "level": _level(f.severity),
            "message": {"text": f.message},
            "locations": [sarif_location(f.location, f.path)],
        }
        for f in report.all
    ]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "contracts-lint",
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


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _camel(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("_"))


RENDERERS: dict[str, Callable[[LintReport, Sequence[Rule]], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}
