"""The one located finding lint and the gate report, and the waiver that may silence it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from lakecontracts.errors import Location
from lakecontracts.reporting.vocabulary import Severity


class Evidence(Protocol):
    """Proof attached to a finding (the gate's engine changes with witnesses)."""

    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Waiver:
    """A reviewed exception: silences one rule for one event version (optionally one path)."""

    rule: str
    event: str
    v: int
    path: str | None
    reason: str
    approver: str
    expires: str  # YYYY-MM-DD
    location: Location

    def matches(self, finding: Finding) -> bool:
        return (
            self.rule == finding.rule
            and self.event == finding.event
            and self.v == finding.v
            and (self.path is None or self.path == finding.path)
        )


@dataclass(frozen=True)
class Finding:
    """One rule that fired, with the place attached once (by the lint engine or the checker).

    ``event``/``v`` name the contract version a gate finding is about (lint leaves them
    empty); ``changes`` is the proof; ``waived_by`` the waiver that silences it."""

    rule: str
    severity: Severity
    message: str
    location: Location
    path: str = ""
    fix: str = ""
    event: str = ""
    v: int = 0
    against: str = ""
    changes: tuple[Evidence, ...] = ()
    waived_by: Waiver | None = None

    @property
    def fails(self) -> bool:
        return self.severity == Severity.ERROR and self.waived_by is None

    @property
    def status(self) -> str:
        """``waived``, ``error`` or ``warning``: what text reports show in brackets."""
        return "waived" if self.waived_by is not None else str(self.severity)

    @property
    def key(self) -> str:
        return f"{self.event}@{self.v}" if self.event else ""

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.col, self.rule)
