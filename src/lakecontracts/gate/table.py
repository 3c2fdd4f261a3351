"""Version policy and governance rules over a pair of contract versions, and their table.

A rule (``rules/``) is a small generator over a
:class:`~lakecontracts.gate.pair.VersionPair` plus one row in :data:`POLICY_RULES`: a stable
ID naming what must hold, a category, a default severity, the pair kinds it applies to and a
one-line purpose. Every rule can be waived (``waivers.py``); a waiver names the rule, the
event version and optionally the path.

Definitions:

* **VERSION_BREAK_WITHOUT_BUMP**: the changed file breaks the contract's mode (its
  ``compatibility`` or the registry default) against the ref, or in transitive modes against
  any earlier revision of the same ``v``. Fix: a new ``v<N+1>`` file with ``supersedes: N``.
* **SILVER_CONTINUITY**: every Silver column the previous version (or revision) fed is still
  fed, with the same Athena type or a widening (``int`` -> ``bigint``).
* **VERSION_DELETED_WHILE_ACTIVE** (the checker's, not a pair rule): a contract file that
  existed at the ref is gone (deleted or renamed) although the version was live there, judged
  like VERSION_RETIRED_WHILE_ACTIVE (``gate/deletions.py``).
* **VERSION_RETIRED_WHILE_ACTIVE**: ``status`` became ``retired`` although at the ref the
  version was ``active``, or ``deprecated`` with a ``sunset_on`` date not yet passed (or
  none): producers may still send it, and ingest would quarantine their events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lakecontracts.gate.pair import REVISION, SUCCESSOR, Problem, VersionPair
from lakecontracts.gate.rules import governance, silver, version, warehouse
from lakecontracts.reporting.vocabulary import RuleInfo, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING
BOTH = (REVISION, SUCCESSOR)


@dataclass(frozen=True)
class PolicyRule(RuleInfo):
    kinds: tuple[str, ...]  # pair kinds the rule applies to
    check: Callable[[VersionPair], Iterator[Problem]]


POLICY_RULES: tuple[PolicyRule, ...] = (
    PolicyRule(
        "VERSION_BREAK_WITHOUT_BUMP",
        "version",
        ERROR,
        "A change that breaks the contract's compatibility mode gets a new major version.",
        (REVISION,),
        version.version_break_without_bump,
    ),
    PolicyRule(
        "VERSION_CHANGE_UNDECIDED",
        "version",
        ERROR,
        "A change the engine cannot prove compatible fails closed.",
        (REVISION,),
        version.version_change_undecided,
    ),
    PolicyRule(
        "SUPERSEDES_CHAIN",
        "version",
        ERROR,
        "A new major version is the next number and supersedes the newest version.",
        (SUCCESSOR,),
        version.supersedes_chain,
    ),
    PolicyRule(
        "COMPATIBILITY_MODE_WEAKENED",
        "version",
        ERROR,
        "A version's compatibility mode is not weakened in place.",
        (REVISION,),
        version.compatibility_mode_weakened,
    ),
    PolicyRule(
        "SILVER_CONTINUITY",
        "silver",
        ERROR,
        "Every Silver column the previous version fed is still fed with a compatible type.",
        BOTH,
        silver.silver_continuity,
    ),
    PolicyRule(
        "PRIVACY_TIER_LOWERED",
        "governance",
        ERROR,
        "Privacy tiers of the contract and its fields are not lowered.",
        BOTH,
        governance.privacy_tier_lowered,
    ),
    PolicyRule(
        "PII_CLASS_CHANGED",
        "governance",
        ERROR,
        "A field's PII class does not change.",
        BOTH,
        governance.pii_class_changed,
    ),
    PolicyRule(
        "IDENTIFIER_REMOVED",
        "governance",
        ERROR,
        "Identifiers the stitch reads are not removed.",
        BOTH,
        governance.identifier_removed,
    ),
    PolicyRule(
        "NATURAL_KEY_CHANGED",
        "governance",
        ERROR,
        "The Silver natural key does not change.",
        BOTH,
        governance.natural_key_changed,
    ),
    PolicyRule(
        "VERSION_RETIRED_WHILE_ACTIVE",
        "governance",
        ERROR,
        "A version is retired only after deprecation and its sunset date.",
        (REVISION,),
        governance.version_retired_while_active,
    ),
    PolicyRule(
        "ATHENA_MAPPING_UNCHECKED",
        "warehouse",
        WARNING,
        "The warehouse rules could judge both sides (their Athena tables could be derived).",
        (REVISION,),
        warehouse.athena_mapping_unchecked,
    ),
    PolicyRule(
        "ATHENA_COLUMN_TYPE_CHANGED",
        "warehouse",
        ERROR,
        "Athena column types stay the same within a version (int -> bigint allowed).",
        (REVISION,),
        warehouse.athena_column_type_changed,
    ),
    PolicyRule(
        "ATHENA_STRUCT_FIELD_TYPE_CHANGED",
        "warehouse",
        ERROR,
        "Athena struct field types stay the same within a version (int -> bigint allowed).",
        (REVISION,),
        warehouse.athena_struct_field_type_changed,
    ),
    PolicyRule(
        "ATHENA_STRUCT_FIELD_REMOVED",
        "warehouse",
        ERROR,
        "Athena struct fields are not removed within a version.",
        (REVISION,),
        warehouse.athena_struct_field_removed,
    ),
    PolicyRule(
        "ATHENA_PARTITION_CHANGED",
        "warehouse",
        ERROR,
        "Athena partition keys stay the same within a version.",
        (REVISION,),
        warehouse.athena_partition_changed,
    ),
)

#: Findings the checker itself makes (not pair rules).
META_RULES: tuple[RuleInfo, ...] = (
    RuleInfo("VERSION_DELETED_WHILE_ACTIVE", "governance", ERROR, "A version's file is deleted or renamed only once the version is retired."),
    RuleInfo("WAIVER_EXPIRED", "meta", ERROR, "A waiver past its expiry date no longer silences anything."),
    RuleInfo("WAIVER_UNUSED", "meta", WARNING, "A waiver that matches no finding can be removed."),
    RuleInfo("HISTORY_INCOMPLETE", "meta", WARNING, "Transitive modes need full history; a shallow clone cuts it."),
    RuleInfo("REVISION_UNREADABLE", "meta", WARNING, "An earlier revision cannot be loaded and is skipped."),
)  # fmt: skip

#: Every rule a compat report can name, as SARIF and --list-rules describe them.
ALL_RULES: tuple[RuleInfo, ...] = (*POLICY_RULES, *META_RULES)


def rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in ALL_RULES)
