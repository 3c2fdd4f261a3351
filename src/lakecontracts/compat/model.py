"""Records the compatibility engine produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lakecontracts.reporting.vocabulary import Verdict

#: Marker for "no witness value" (None is a valid JSON instance).
NO_VALUE: Any = object()


class Direction(StrEnum):
    BACKWARD = "backward"  # new schema reads data written under the old one
    FORWARD = "forward"  # old schema reads data written under the new one


@dataclass(frozen=True)
class Change:
    """One difference between the schemas, judged in one direction."""

    rule: str
    path: str  # JSON pointer into the instance (where the difference bites)
    direction: Direction
    compatible: Verdict
    reason: str
    witness: Any = NO_VALUE  # a whole instance: writer accepts, reader rejects

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "rule": self.rule,
            "path": self.path,
            "direction": str(self.direction),
            "compatible": self.compatible.to_json(),
            "reason": self.reason,
        }
        if self.witness is not NO_VALUE:
            body["witness"] = self.witness
        return body


@dataclass
class CompatResult:
    """Verdicts per direction and every change that led to them."""

    backward: Verdict
    forward: Verdict
    changes: list[Change] = field(default_factory=list)

    def verdict(self, direction: Direction) -> Verdict:
        return self.backward if direction is Direction.BACKWARD else self.forward

    def to_json(self) -> dict[str, Any]:
        return {
            "backward": self.backward.to_json(),
            "forward": self.forward.to_json(),
            "changes": [c.to_json() for c in self.changes],
        }
