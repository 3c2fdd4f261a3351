"""Contract files that existed at the ref and are gone from the working tree.

Deleting (or renaming) the file of a live version removes it from the registry just as
``status: retired`` would, without the review: producers may still send it and ingest would
quarantine their events. So a version that was ``active`` at the ref, or ``deprecated`` with a
``sunset_on`` date not yet passed (or none), may not lose its file; a retired or draft
version may.
A rename is a deletion too (the registry reads ``events/<domain>/<name>/v<N>.yaml``); the
finding names the new path when a working-tree file holds the same content or the same
``event@v``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lakecontracts.registry.contract import Contract


@dataclass(frozen=True)
class Deletion:
    """A version file gone since the ref, and where its content went (if anywhere)."""

    rel: str  # registry-relative path at the ref
    old: Contract  # the contract as it was at the ref
    moved_to: str | None  # registry-relative path now holding it, if renamed


def live_at_ref(old: Contract, today: date) -> str | None:
    """Why ``old`` was still live at the ref (None when it may be removed)."""
    if old.status in ("retired", "draft"):
        return None  # retired: nothing may send it; draft: it never reached production
    if old.status == "deprecated":
        if old.sunset_on is not None and old.sunset_on <= str(today):
            return None
        return f"deprecated with sunset_on {old.sunset_on or '(none)'} not yet passed"
    return "active"


def deletion_message(gone: Deletion, state: str) -> tuple[str, str]:
    """(message, fix) for a live version whose file is gone."""
    key = gone.old.key
    if gone.moved_to is not None:
        message = (
            f"{key} was renamed to {gone.moved_to} while {state}: the registry no longer has "
            f"{gone.rel}, so producers of {key} would be quarantined"
        )
        fix = (
            f"move it back to {gone.rel}; to replace the version, keep it and add "
            f"v{gone.old.v + 1} with 'supersedes: {gone.old.v}'"
        )
        return message, fix
    message = (
        f"{key} ({gone.rel}) was deleted while {state}; producers may still send it and "
        "ingest would quarantine their events"
    )
    fix = (
        f"restore {gone.rel}; first set 'status: deprecated' with deprecated_on and a "
        "sunset_on date, then 'status: retired' after the sunset date; delete the file only "
        "once it is retired"
    )
    return message, fix
