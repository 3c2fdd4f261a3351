"""Version policy and governance rules over a pair of contract versions, and their table.

A rule is a small generator over a :class:`~lakecontracts.compat.pair.VersionPair` plus one
row in :data:`POLICY_RULES`: a stable ID naming what must hold, a category, a default
severity, the pair kinds it applies to and a one-line purpose. Every rule can be waived
(``waivers.py``); a waiver names the rule, the event version and optionally the path.

Definitions:

* **VERSION_BREAK_WITHOUT_BUMP**: the changed file breaks the contract's mode (its
  ``compatibility`` or the registry default) against the ref, or in transitive modes against
  any earlier revision of the same ``v``. Fix: a new ``v<N+1>`` file with ``supersedes: N``.
* **SILVER_CONTINUITY**: every Silver column the previous version (or revision) fed is still
  fed, with the same Athena type or a widening (``int`` -> ``bigint``).
* **VERSION_RETIRED_WHILE_ACTIVE**: ``status`` became ``retired`` although at the ref the
  version was ``active``, or ``deprecated`` with a ``sunset_on`` date not yet passed (or
  none): producers may still send it, and ingest would quarantine their events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lakecontracts.compat import warehouse
from lakecontracts.compat.model import UNKNOWN, Change
from lakecontracts.compat.modes import directions, is_transitive
from lakecontracts.compat.pair import REVISION, SUCCESSOR, Problem, VersionPair
from lakecontracts.errors import ContractsError
from lakecontracts.registry.contract import Contract
from lakecontracts.registry.tiers import field_tier, tier_inherited

ERROR, WARNING = "error", "warning"
BOTH = (REVISION, SUCCESSOR)


# -- version policy ---------------------------------------------------------------------


def _distinct_changes(pair: VersionPair, verdict: Any) -> Iterator[tuple[Change, list[str]]]:
    """Each failing change once, with the revisions it shows against."""
    wanted = set(directions(pair.mode))
    found: dict[tuple[str, str, str], tuple[Change, list[str]]] = {}
    for comparison in pair.comparisons:
        for change in comparison.result.changes:
            matches = (
                change.compatible is False if verdict is False else change.compatible == UNKNOWN
            )
            if change.direction not in wanted or not matches:
                continue
            key = (change.rule, change.path, str(change.direction))
            found.setdefault(key, (change, []))[1].append(comparison.label)
    yield from found.values()


def _against(labels: list[str]) -> str:
    more = f" and {len(labels) - 1} earlier revision(s)" if len(labels) > 1 else ""
    return f"{labels[0]}{more}"


def version_break_without_bump(pair: VersionPair) -> Iterator[Problem]:
    for change, labels in _distinct_changes(pair, False):
        yield Problem(
            f"breaks {pair.mode} within v{pair.new.v} ({change.direction}): {change.reason} "
            f"[{change.rule}] against {_against(labels)}",
            path=change.path,
            doc_path=instance_doc_path(change.path),
            fix=pair.next_version_fix,
            changes=(change,),
            against=labels[0],
        )


def version_change_undecided(pair: VersionPair) -> Iterator[Problem]:
    for change, labels in _distinct_changes(pair, UNKNOWN):
        yield Problem(
            f"cannot prove the change keeps {pair.mode} ({change.direction}): {change.reason} "
            f"[{change.rule}] against {_against(labels)}",
            path=change.path,
            doc_path=instance_doc_path(change.path),
            fix="simplify the change so it can be decided, waive it after review, "
            f"or {pair.next_version_fix}",
            changes=(change,),
            against=labels[0],
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


def silver_continuity(pair: VersionPair) -> Iterator[Problem]:
    from lakecontracts.codegen.types import TypeMapper

    old, new = pair.old.silver, pair.new.silver
    if old is None:
        return
    fed = new.columns if new is not None and new.table == old.table else {}
    old_mapper = TypeMapper(pair.old_schema, pair.old.key)
    new_mapper = TypeMapper(pair.new_schema, pair.new.key)
    for column, old_source in old.columns.items():
        where = ("silver", "columns", column) if column in fed else ("silver",)
        if column not in fed:
            yield Problem(
                f"Silver column {old.table}.{column} was fed by {pair.old.key} "
                f"({old_source}) and is no longer fed by {pair.new.key}",
                path=f"/silver/columns/{column}",
                doc_path=where,
                fix=f"map '{column}' in silver.columns of v{pair.new.v} to a field of a "
                "compatible type",
            )
            continue
        if pair.kind == REVISION:
            continue  # type changes within a version are the warehouse rules' (ATHENA_*)
        try:
            old_type = old_mapper.at_path(old_source).type
            new_type = new_mapper.at_path(fed[column]).type
        except ContractsError as exc:
            yield Problem(
                f"Silver column {old.table}.{column}: {exc.message}",
                path=f"/silver/columns/{column}",
                doc_path=where,
                fix="map the column from a field with one column type",
            )
            continue
        for change in warehouse.breaking(warehouse.type_changes(old_type, new_type)):
            below = f".{change.path}" if change.path else ""
            yield Problem(
                f"Silver column {old.table}.{column}{below} was {change.old} in {pair.old.key} "
                f"and is {change.new or 'gone'} in {pair.new.key}",
                path=f"/silver/columns/{column}",
                doc_path=where,
                fix="feed the column from a field of the same type (int -> bigint is fine), "
                "or give the changed data a new column name",
            )


# -- governance -------------------------------------------------------------------------


def privacy_tier_lowered(pair: VersionPair) -> Iterator[Problem]:
    rank = pair.new_config.tier_rank
    old_tier, new_tier = pair.old.privacy_tier, pair.new.privacy_tier
    if rank(new_tier) < rank(old_tier):
        yield Problem(
            f"privacy tier lowered from {old_tier} to {new_tier} ({pair.old.key} -> "
            f"{pair.new.key}); wider audiences would see the data",
            path="/privacy_tier",
            doc_path=("privacy_tier",),
            fix=f"keep 'privacy_tier: {old_tier}', or waive after a privacy review",
        )
    new_fields = dict(payload_fields(pair.new_schema))
    for dotted, old_schema in payload_fields(pair.old_schema):
        new_schema = new_fields.get(dotted)
        if new_schema is None or (tier_inherited(old_schema) and tier_inherited(new_schema)):
            continue  # inherited tiers follow the contract tier, reported above
        before, after = field_tier(old_schema, old_tier), field_tier(new_schema, new_tier)
        if rank(after) < rank(before):
            yield Problem(
                f"field {dotted}: privacy tier lowered from {before} to {after}",
                path=f"/payload/{dotted.replace('.', '/')}",
                doc_path=field_doc_path(dotted, "x-privacy-tier"),
                fix=f"keep 'x-privacy-tier: {before}', or waive after a privacy review",
            )


def pii_class_changed(pair: VersionPair) -> Iterator[Problem]:
    new_fields = dict(payload_fields(pair.new_schema))
    for dotted, old_schema in payload_fields(pair.old_schema):
        if dotted not in new_fields:
            continue
        before = str(old_schema.get("x-pii", "none"))
        after = str(new_fields[dotted].get("x-pii", "none"))
        if before != after:
            yield Problem(
                f"field {dotted}: PII class changed from {before} to {after}; tags, masking "
                "and DSAR handling downstream follow the class",
                path=f"/payload/{dotted.replace('.', '/')}",
                doc_path=field_doc_path(dotted, "x-pii"),
                fix=f"keep 'x-pii: {before}', or waive after a privacy review",
            )


def identifier_removed(pair: VersionPair) -> Iterator[Problem]:
    for name in pair.old.identifiers:
        if name not in pair.new.identifiers:
            yield Problem(
                f"identifier {name} removed from {pair.new.key}; the identity stitch loses "
                "the links it provided",
                path="/identifiers",
                doc_path=("identifiers",),
                fix=f"keep '{name}' in identifiers, or waive after the identity team agrees",
            )


def natural_key_changed(pair: VersionPair) -> Iterator[Problem]:
    old = pair.old.silver.natural_key if pair.old.silver else ()
    new = pair.new.silver.natural_key if pair.new.silver else ()
    if old and old != new:
        yield Problem(
            f"Silver natural key changed from [{', '.join(old)}] to [{', '.join(new)}]; "
            "deduplication and merges of existing rows depend on it",
            path="/silver/natural_key",
            doc_path=("silver", "natural_key") if pair.new.silver else (),
            fix=f"keep 'natural_key: [{', '.join(old)}]', or waive with a migration plan",
        )


def version_retired_while_active(pair: VersionPair) -> Iterator[Problem]:
    old, new = pair.old, pair.new
    if new.status != "retired" or old.status == "retired":
        return
    sunset_passed = (
        old.status == "deprecated"
        and old.sunset_on is not None
        and old.sunset_on <= str(pair.today)
    )
    if not sunset_passed:
        state = (
            "active"
            if old.status != "deprecated"
            else f"deprecated with sunset_on {old.sunset_on or '(none)'} not yet passed"
        )
        yield Problem(
            f"{new.key} retired while {state}; producers may still send it",
            path="/status",
            doc_path=("status",),
            fix="first set 'status: deprecated' with deprecated_on and a sunset_on date; "
            "retire after the sunset date",
        )


# -- helpers ----------------------------------------------------------------------------


def payload_fields(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(dotted name, schema) of every payload property, nested objects and array items
    included (``tags[]``), local ``$ref`` followed once."""
    payload = schema.get("properties", {}).get("payload", {})
    yield from _fields(schema, payload, "", 0)


def _fields(
    root: dict[str, Any], node: Any, prefix: str, depth: int
) -> Iterator[tuple[str, dict[str, Any]]]:
    node = _deref(root, node)
    if not isinstance(node, dict) or depth > 16:
        return
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, sub in properties.items():
            dotted = f"{prefix}.{name}" if prefix else name
            target = _deref(root, sub)
            if isinstance(target, dict):
                yield dotted, target
                yield from _fields(root, target, dotted, depth + 1)
    items = node.get("items")
    if isinstance(items, dict) and prefix:
        yield from _fields(root, items, f"{prefix}[]", depth + 1)


def _deref(root: dict[str, Any], node: Any) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        return target
    return node


def field_doc_path(dotted: str, keyword: str) -> tuple[str | int, ...]:
    path: list[str | int] = ["payload"]
    for part in dotted.split("."):
        path += ["properties", part.removesuffix("[]")] + ["items"] * part.count("[]")
    return (*path, keyword)


def instance_doc_path(pointer: str) -> tuple[str | int, ...]:
    """Where an instance path like ``/payload/legs/0/price`` is declared in the contract."""
    steps = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
    if not steps or steps[0] != "payload":
        return ()
    path: list[str | int] = ["payload"]
    for step in steps[1:]:
        path += ["items"] if step.isdigit() else ["properties", step]
    return tuple(path)


def mode_of(contract: Contract, default: str) -> str:
    return (contract.compatibility or default).upper()


# -- the table --------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyRule:
    id: str
    category: str
    severity: str
    kinds: tuple[str, ...]  # pair kinds the rule applies to
    summary: str
    check: Callable[[VersionPair], Iterator[Problem]]


POLICY_RULES: tuple[PolicyRule, ...] = (
    PolicyRule(
        "VERSION_BREAK_WITHOUT_BUMP",
        "version",
        ERROR,
        (REVISION,),
        "A change that breaks the contract's compatibility mode gets a new major version.",
        version_break_without_bump,
    ),
    PolicyRule(
        "VERSION_CHANGE_UNDECIDED",
        "version",
        ERROR,
        (REVISION,),
        "A change the engine cannot prove compatible fails closed.",
        version_change_undecided,
    ),
    PolicyRule(
        "SUPERSEDES_CHAIN",
        "version",
        ERROR,
        (SUCCESSOR,),
        "A new major version is the next number and supersedes the newest version.",
        supersedes_chain,
    ),
    PolicyRule(
        "COMPATIBILITY_MODE_WEAKENED",
        "version",
        ERROR,
        (REVISION,),
        "A version's compatibility mode is not weakened in place.",
        compatibility_mode_weakened,
    ),
    PolicyRule(
        "SILVER_CONTINUITY",
        "silver",
        ERROR,
        BOTH,
        "Every Silver column the previous version fed is still fed with a compatible type.",
        silver_continuity,
    ),
    PolicyRule(
        "PRIVACY_TIER_LOWERED",
        "governance",
        ERROR,
        BOTH,
        "Privacy tiers of the contract and its fields are not lowered.",
        privacy_tier_lowered,
    ),
    PolicyRule(
        "PII_CLASS_CHANGED",
        "governance",
        ERROR,
        BOTH,
        "A field's PII class does not change.",
        pii_class_changed,
    ),
    PolicyRule(
        "IDENTIFIER_REMOVED",
        "governance",
        ERROR,
        BOTH,
        "Identifiers the stitch reads are not removed.",
        identifier_removed,
    ),
    PolicyRule(
        "NATURAL_KEY_CHANGED",
        "governance",
        ERROR,
        BOTH,
        "The Silver natural key does not change.",
        natural_key_changed,
    ),
    PolicyRule(
        "VERSION_RETIRED_WHILE_ACTIVE",
        "governance",
        ERROR,
        (REVISION,),
        "A version is retired only after deprecation and its sunset date.",
        version_retired_while_active,
    ),
    PolicyRule(
        "ATHENA_MAPPING_UNCHECKED",
        "warehouse",
        WARNING,
        (REVISION,),
        "The warehouse rules could judge both sides (their Athena tables could be derived).",
        warehouse.athena_mapping_unchecked,
    ),
    PolicyRule(
        "ATHENA_COLUMN_TYPE_CHANGED",
        "warehouse",
        ERROR,
        (REVISION,),
        "Athena column types stay the same within a version (int -> bigint allowed).",
        warehouse.athena_column_type_changed,
    ),
    PolicyRule(
        "ATHENA_STRUCT_FIELD_TYPE_CHANGED",
        "warehouse",
        ERROR,
        (REVISION,),
        "Athena struct field types stay the same within a version (int -> bigint allowed).",
        warehouse.athena_struct_field_type_changed,
    ),
    PolicyRule(
        "ATHENA_STRUCT_FIELD_REMOVED",
        "warehouse",
        ERROR,
        (REVISION,),
        "Athena struct fields are not removed within a version.",
        warehouse.athena_struct_field_removed,
    ),
    PolicyRule(
        "ATHENA_PARTITION_CHANGED",
        "warehouse",
        ERROR,
        (REVISION,),
        "Athena partition keys stay the same within a version.",
        warehouse.athena_partition_changed,
    ),
)

#: Findings the checker itself makes (not pair rules): ID -> (severity, purpose).
META_RULES: dict[str, tuple[str, str]] = {
    "WAIVER_EXPIRED": (ERROR, "A waiver past its expiry date no longer silences anything."),
    "WAIVER_UNUSED": (WARNING, "A waiver that matches no finding can be removed."),
    "HISTORY_INCOMPLETE": (WARNING, "Transitive modes need full history; a shallow clone cuts it."),
    "REVISION_UNREADABLE": (WARNING, "An earlier revision cannot be loaded and is skipped."),
}


def rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in POLICY_RULES) | frozenset(META_RULES)


def severity_of(rule_id: str) -> str:
    for rule in POLICY_RULES:
        if rule.id == rule_id:
            return rule.severity
    return META_RULES[rule_id][0]
