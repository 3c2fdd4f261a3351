"""Severity, verdict and the rule record shared by lint and the gate."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum


class Severity(StrEnum):
    """How bad a finding is: an error fails the check, a warning fails it only when strict."""

    ERROR = "error"
    WARNING = "warning"


class Verdict(Enum):
    """Whether one schema reads another's data: proven compatible, proven not, or undecided.

    The value is the JSON spelling (``true``, ``false``, ``"unknown"``) of every report."""

    COMPATIBLE = True
    INCOMPATIBLE = False
    UNKNOWN = "unknown"

    def to_json(self) -> bool | str:
        value: bool | str = self.value
        return value

    @classmethod
    def combine(cls, verdicts: list[Verdict]) -> Verdict:
        """Incompatible beats unknown beats compatible (all compatible when empty)."""
        if Verdict.INCOMPATIBLE in verdicts:
            return Verdict.INCOMPATIBLE
        if Verdict.UNKNOWN in verdicts:
            return Verdict.UNKNOWN
        return Verdict.COMPATIBLE


@dataclass(frozen=True)
class RuleInfo:
    """A rule as reports describe it: stable ID, category, default severity, one-line purpose.

    A deprecated rule names the rule that replaces it (``replaced_by``), if any."""

    id: str
    category: str
    severity: Severity
    summary: str
    deprecated: bool = field(default=False, kw_only=True)
    replaced_by: str | None = field(default=None, kw_only=True)
