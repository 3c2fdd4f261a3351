"""Version policy: a breaking change needs a new major version, chains stay whole, modes hold."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.compat.model import Change
from lakecontracts.compat.modes import directions, is_transitive
from lakecontracts.gate.fields import envelope_doc_path, instance_doc_path
from lakecontracts.gate.pair import Problem, VersionPair
from lakecontracts.reporting.vocabulary import Verdict


def _distinct_changes(pair: VersionPair, verdict: Verdict) -> Iterator[tuple[Change, list[str]]]:
    """Each failing change once, with the revisions it shows against."""
    wanted = set(directions(pair.mode))
    found: dict[tuple[str, str, str], tuple[Change, list[str]]] = {}
    for comparison in pair.comparisons:
        for change in comparison.result.changes:
            if change.direction not in wanted or change.compatible is not verdict:
                continue
            key = (change.rule, change.path, str(change.direction))
            found.setdefault(key, (change, []))[1].append(comparison.label)
    yield from found.values()


def _against(labels: list[str]) -> str:
    more = f" and {len(labels) - 1} earlier revision(s)" if len(labels) > 1 else ""
    return f"{labels[0]}{more}"


#: The fix for a break in the envelope (registry.yaml), which every contract shares.
ENVELOPE_FIX = (
    "the envelope in registry.yaml is shared by every event, so a new version of one event "
    "cannot fix it: revert this envelope change, or make it compatible under every contract's "
    "mode (widen a bound or a type, add an optional field); an envelope that must break needs "
    "a coordinated migration of every producer, not v<N+1> of each event"
)


def _place(change: Change, fix: str) -> dict[str, Any]:
    """Where a change is declared: the contract's payload, or registry.yaml's envelope."""
    envelope = envelope_doc_path(change.path)
    if envelope is not None:
        return {"doc_path": envelope, "in_registry": True, "fix": ENVELOPE_FIX}
    return {"doc_path": instance_doc_path(change.path), "fix": fix}


def version_break_without_bump(pair: VersionPair) -> Iterator[Problem]:
    for change, labels in _distinct_changes(pair, Verdict.INCOMPATIBLE):
        yield Problem(
            f"breaks {pair.mode} within v{pair.new.v} ({change.direction}): {change.reason} "
            f"[{change.rule}] against {_against(labels)}",
            path=change.path,
            changes=(change,),
            against=labels[0],
            **_place(change, pair.next_version_fix),
        )


def version_change_undecided(pair: VersionPair) -> Iterator[Problem]:
    for change, labels in _distinct_changes(pair, Verdict.UNKNOWN):
        fix = (
            "simplify the change so it can be decided, waive it after review, "
            f"or {pair.next_version_fix}"
        )
        yield Problem(
            f"cannot prove the change keeps {pair.mode} ({change.direction}): {change.reason} "
            f"[{change.rule}] against {_against(labels)}",
            path=change.path,
            changes=(change,),
            against=labels[0],
            **_place(change, fix),
        )


def supersedes_chain(pair: VersionPair) -> Iterator[Problem]:
    newest = max(pair.versions_at_ref, default=0)
    new = pair.new
    if new.v <= newest:
        return  # the version existed at the ref: not a new major version
    if new.supersedes != newest and newest:
        yield Problem(
            f"v{new.v} supersedes {new.supersedes}, but the newest version at the ref is "
            f"v{newest}: a new major version replaces the newest one",
            path="/supersedes",
            doc_path=("supersedes",) if new.supersedes is not None else ("v",),
            fix=f"set 'supersedes: {newest}'",
        )
    if newest and new.v != newest + 1:
        yield Problem(
            f"v{new.v} skips versions: the newest version at the ref is v{newest}",
            path="/v",
            doc_path=("v",),
            fix=f"name the file v{newest + 1}.yaml with 'v: {newest + 1}'",
        )


def compatibility_mode_weakened(pair: VersionPair) -> Iterator[Problem]:
    old_dirs, new_dirs = set(directions(pair.old_mode)), set(directions(pair.mode))
    lost_transitive = is_transitive(pair.old_mode) and not is_transitive(pair.mode)
    if not old_dirs <= new_dirs or lost_transitive:
        yield Problem(
            f"compatibility mode weakened from {pair.old_mode} to {pair.mode} within "
            f"v{pair.new.v}; consumers rely on the old guarantee",
            path="/compatibility",
            doc_path=("compatibility",),
            fix=f"keep 'compatibility: {pair.old_mode}', or state the new mode in a new version",
        )
