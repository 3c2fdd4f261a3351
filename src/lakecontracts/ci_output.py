"""Pieces of CI output formats shared by lint and compat reports.

GitHub workflow commands (``::error file=...::message``) and SARIF 2.1.0 result locations are
spelled the same way whichever report produces them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from lakecontracts.errors import Location


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
