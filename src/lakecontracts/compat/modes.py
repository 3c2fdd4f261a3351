"""Compatibility modes: which directions a mode checks and whether it is transitive."""

from __future__ import annotations

from lakecontracts.compat.model import CompatResult, Direction
from lakecontracts.errors import UsageError
from lakecontracts.reporting.vocabulary import Verdict

MODE_DIRECTIONS: dict[str, tuple[Direction, ...]] = {
    "NONE": (),
    "BACKWARD": (Direction.BACKWARD,),
    "BACKWARD_TRANSITIVE": (Direction.BACKWARD,),
    "FORWARD": (Direction.FORWARD,),
    "FORWARD_TRANSITIVE": (Direction.FORWARD,),
    "FULL": (Direction.BACKWARD, Direction.FORWARD),
    "FULL_TRANSITIVE": (Direction.BACKWARD, Direction.FORWARD),
}


def directions(mode: str) -> tuple[Direction, ...]:
    try:
        return MODE_DIRECTIONS[mode.upper()]
    except KeyError:
        raise UsageError(
            f"unknown compatibility mode {mode!r}",
            hint=f"use one of {', '.join(MODE_DIRECTIONS)}",
        ) from None


def is_transitive(mode: str) -> bool:
    """Transitive modes compare with every earlier revision, not just the previous one."""
    return mode.upper().endswith("_TRANSITIVE")


def mode_verdict(result: CompatResult, mode: str) -> Verdict:
    """The verdict for a mode: incompatible if any checked direction breaks, else unknown,
    else compatible."""
    return Verdict.combine([result.verdict(d) for d in directions(mode)])
