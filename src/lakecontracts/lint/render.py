"""Render a lint report as text, JSON, SARIF 2.1.0, GitHub annotations or JUnit XML.

The formats are the shared writers of :mod:`lakecontracts.reporting`; this module adds the
lint summary and the JSON body. JUnit: one ``testcase`` per file checked (and one for
registry.yaml when it has findings), a ``failure`` per error (and per warning with
``--strict``), other findings in ``system-out``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lakecontracts.lint.engine import LOAD_ERROR_RULE, LintReport
from lakecontracts.lint.findings import Rule
from lakecontracts.reporting.finding import Finding
from lakecontracts.reporting.text import text_document
from lakecontracts.reporting.vocabulary import Severity

# The other writers are imported where used: `contracts lint FILE` in pre-commit prints text,
# and JUnit's XML library alone costs about a tenth of that run.


def render_text(report: LintReport, rules: Sequence[Rule], strict: bool = False) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    summary = f"{len(report.files)} file(s) checked: {errors} error(s), {warnings} warning(s)"
    if report.load_errors:
        summary += f", {len(report.load_errors)} file(s) could not be loaded"
    return text_document(report.all, [summary])


def render_json(report: LintReport, rules: Sequence[Rule], strict: bool = False) -> str:
    from lakecontracts.reporting.jsondoc import finding_json, json_document

    body = {
        "files": report.files,
        "summary": {
            "files": len(report.files),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "load_errors": len(report.load_errors),
        },
        "findings": [finding_json(f) for f in report.all],
    }
    return json_document(body)


def render_github(report: LintReport, rules: Sequence[Rule], strict: bool = False) -> str:
    from lakecontracts.reporting.github import github_document

    return github_document(report.all)


def render_sarif(report: LintReport, rules: Sequence[Rule], strict: bool = False) -> str:
    from lakecontracts.reporting.sarif import sarif_document

    return sarif_document("contracts-lint", [*rules, LOAD_ERROR_RULE], report.all)


def render_junit(report: LintReport, rules: Sequence[Rule], strict: bool = False) -> str:
    from lakecontracts.reporting.junit import JUnitCase, junit_document

    by_file: dict[str, list[Finding]] = {}
    for f in report.all:
        by_file.setdefault(f.location.file, []).append(f)
    names = report.files + sorted(set(by_file) - set(report.files))
    cases = [JUnitCase(name, name, by_file.get(name, [])) for name in names]
    return junit_document("contracts lint", "contracts lint", cases, _failing(strict))


def _failing(strict: bool) -> Callable[[Finding], bool]:
    def fails(finding: Finding) -> bool:
        return finding.severity == Severity.ERROR or strict

    return fails


RENDERERS: dict[str, Callable[[LintReport, Sequence[Rule], bool], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "junit": render_junit,
}
