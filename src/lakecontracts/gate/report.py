"""What ``contracts compat`` reports: located findings per contract, suggestions, verdict.

Exit codes (the CLI applies them): 0 when no finding fails, 1 when a breaking change or a
policy, governance, warehouse or waiver rule fails, 2 for usage or input errors (a bad ref,
a shallow clone without the ref, a malformed contract or waivers file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lakecontracts.reporting.finding import Finding
from lakecontracts.reporting.vocabulary import Severity


@dataclass(frozen=True)
class Suggestion:
    """Which version bump a change needs: ``none``, ``same-version``, ``new-version``, or
    ``envelope`` (the break is in registry.yaml's envelope: no version of one event fixes it)."""

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

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity and f.waived_by is None)

    @property
    def waived(self) -> int:
        return sum(1 for f in self.findings if f.waived_by is not None)

    def findings_for(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.key == key]
