"""What lint reports: rules, the problems they find, and located findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from lakecontracts.errors import Location
from lakecontracts.registry.yamlsource import JsonPath

if TYPE_CHECKING:
    from lakecontracts.lint.context import LintContext


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """What a rule body says: where (a path in the file) and what is wrong.

    ``at_key`` points the location at the mapping key instead of its value, which is what a
    reader wants for naming problems.
    """

    path: JsonPath
    message: str
    at_key: bool = False


Check = Callable[["LintContext"], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: a stable ID, a category, a default severity, a one-line purpose, a check.

    ``suppressible=False`` marks the safe-name rules (registry/naming.py): the names they
    check become files, modules, tables and SQL identifiers, so no in-file suppression may
    silence them, and ``generate`` enforces them itself.
    """

    id: str
    category: str
    severity: Severity
    summary: str
    check: Check
    suppressible: bool = True


@dataclass(frozen=True)
class Finding:
    """A problem with the rule and the place attached (done once, in the engine)."""

    rule_id: str
    severity: Severity
    message: str
    location: Location
    path: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.col, self.rule_id)


def json_pointer(path: JsonPath) -> str:
    """RFC 6901 pointer for a path, e.g. ``/payload/properties/leg_id``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)
