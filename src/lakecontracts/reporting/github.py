"""GitHub workflow commands (``::error file=..,line=..::message``) for findings."""

from __future__ import annotations

from collections.abc import Iterable

from lakecontracts.errors import Location
from lakecontracts.reporting.finding import Finding
from lakecontracts.reporting.vocabulary import Severity


def github_escape(value: str, property_value: bool = False) -> str:
    """Escape a workflow-command message, or (``property_value``) a property such as file=."""
    text = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_command(level: str, location: Location, title: str, message: str) -> str:
    """One ``::level file=..,line=..,col=..,title=..::message`` line."""
    return (
        f"::{level} file={github_escape(location.file, True)},line={max(location.line, 1)},"
        f"col={max(location.col, 1)},title={github_escape(title, True)}::{github_escape(message)}"
    )


def github_notice(file: str, title: str, message: str) -> str:
    """A file-level ``::notice`` (no line), e.g. a suggested version."""
    return (
        f"::notice file={github_escape(file, True)},title={github_escape(title, True)}::"
        f"{github_escape(message)}"
    )


def finding_command(finding: Finding) -> str:
    """error or warning by severity; a waived finding is a notice naming its waiver."""
    waiver = finding.waived_by
    if waiver is not None:
        level = "notice"
    else:
        level = "error" if finding.severity == Severity.ERROR else "warning"
    message = finding.message + (f" Fix: {finding.fix}" if finding.fix and not waiver else "")
    if waiver is not None:
        message += f" (waived by {waiver.approver} until {waiver.expires})"
    return github_command(level, finding.location, finding.rule, message)


def github_document(findings: Iterable[Finding], extra: Iterable[str] = ()) -> str:
    """One command per finding, then ``extra`` lines; empty when there is nothing."""
    lines = [*(finding_command(f) for f in findings), *extra]
    return "\n".join(lines) + ("\n" if lines else "")
