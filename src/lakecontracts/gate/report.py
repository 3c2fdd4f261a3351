"""What ``contracts compat`` reports: located findings per contract, suggestions, verdict.

Exit codes (the CLI applies them): 0 when no finding fails, 1 when a breaking change or a
policy, governance, warehouse or waiver rule fails, 2 for usage or input errors (a bad ref,
a shallow clone without the ref, a malformed contract or waivers file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lakecontracts.compat.model import Change
from lakecontracts.errors import Location

ERROR, WARNING = "error", "warning"


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
    """One rule that fired, with the place attached once by the checker."""

    rule: str
    severity: str
    event: str
    v: int
    message: str
    location: Location
    path: str = ""
    fix: str = ""
    against: str = ""
    changes: tuple[Change, ...] = ()
    waived_by: Waiver | None = None

    @property
    def fails(self) -> bool:
        return self.severity == ERROR and self.waived_by is None

    @property
    def key(self) -> str:
        return f"{self.event}@{self.v}" if self.event else ""

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "event": self.event,
            "v": self.v,
            "message": self.message,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.col,
            "path": self.path,
            "fix": self.fix,
            "against": self.against,
            "changes": [c.to_json() for c in self.changes],
            "waived": None,
        }
        if self.waived_by is not None:
            w = self.waived_by
            body["waived"] = {"reason": w.reason, "approver": w.approver, "expires": w.expires}
        return body


@dataclass(frozen=True)
class Suggestion:
    """Which version bump a change needs: ``none``, ``same-version`` or ``new-version``."""

    bump: str
    text: str


@dataclass
class ContractResult:
    """One changed contract file and what the check found."""

    event: str
    v: int
    file: str
    kind: str  # "changed" | "new-version" | "new-event" | "config"
    mode: str
    against: list[str] = field(default_factory=list)  # revisions compared with
    suggestion: Suggestion | None = None

    @property
    def key(self) -> str:
        return f"{self.event}@{self.v}"


@dataclass
class CompatReport:
    against: str  # the commit compared with
    against_label: str  # how it was chosen ("merge base of HEAD and main", "REF v1.2")
    contracts: list[ContractResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(f.fails for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity and f.waived_by is None)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived_by is not None)

    def findings_for(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.key == key]
