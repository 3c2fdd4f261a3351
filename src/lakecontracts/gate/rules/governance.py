"""Governance: privacy tiers, PII classes, identifiers, natural keys and retirement."""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.gate.fields import payload_fields
from lakecontracts.gate.pair import Problem, VersionPair
from lakecontracts.registry.tiers import FIELD_PII, FIELD_TIER


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
    new_fields = payload_fields(pair.new_schema, new_tier)
    for dotted, old in payload_fields(pair.old_schema, old_tier).items():
        new = new_fields.get(dotted)
        if new is None or (old.tier_inherited and new.tier_inherited):
            continue  # inherited tiers follow the contract tier, reported above
        if rank(new.tier) < rank(old.tier):
            yield Problem(
                f"field {dotted}: privacy tier lowered from {old.tier} to {new.tier}",
                path=f"/payload/{dotted.replace('.', '/')}",
                doc_path=(*new.path, FIELD_TIER),
                fix=f"keep '{FIELD_TIER}: {old.tier}', or waive after a privacy review",
            )


def pii_class_changed(pair: VersionPair) -> Iterator[Problem]:
    new_fields = payload_fields(pair.new_schema, pair.new.privacy_tier)
    for dotted, old in payload_fields(pair.old_schema, pair.old.privacy_tier).items():
        new = new_fields.get(dotted)
        if new is not None and old.pii != new.pii:
            yield Problem(
                f"field {dotted}: PII class changed from {old.pii} to {new.pii}; tags, masking "
                "and DSAR handling downstream follow the class",
                path=f"/payload/{dotted.replace('.', '/')}",
                doc_path=(*new.path, FIELD_PII),
                fix=f"keep '{FIELD_PII}: {old.pii}', or waive after a privacy review",
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
