"""Privacy: tiers and PII classes from the registry; no raw personal data in events."""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.tiers import field_tier, tier_inherited

KNOWN_ANNOTATIONS = frozenset(
    {"x-pii", "x-privacy-tier", "x-natural-key", "x-example", "x-deprecated", "x-unit"}
)


def privacy_tier_known(ctx: LintContext) -> Iterator[Problem]:
    tier = ctx.data.get("privacy_tier")
    if tier is not None and ctx.tier_rank(tier) < 0:
        yield Problem(
            ("privacy_tier",),
            f"unknown privacy tier {tier!r}; use one of {', '.join(ctx.config.privacy_tiers)}",
        )


def field_tier_known(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        if "x-privacy-tier" in schema and ctx.tier_rank(schema["x-privacy-tier"]) < 0:
            yield Problem(
                (*path, "x-privacy-tier"),
                f"unknown privacy tier {schema['x-privacy-tier']!r}; "
                f"use one of {', '.join(ctx.config.privacy_tiers)}",
            )


def pii_class_known(ctx: LintContext) -> Iterator[Problem]:
    classes = ctx.config.pii_classes
    for path, schema in ctx.schemas:
        pii = schema.get("x-pii", "none")
        if not isinstance(pii, str) or pii not in classes:
            yield Problem(
                (*path, "x-pii"),
                f"unknown PII class {schema['x-pii']!r}; use one of {', '.join(classes)}",
            )


def pii_direct_forbidden(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        pii = schema.get("x-pii")
        spec = ctx.config.pii_classes.get(pii) if isinstance(pii, str) else None
        if isinstance(spec, dict) and spec.get("forbidden"):
            yield Problem(
                (*path, "x-pii"),
                f"PII class {schema['x-pii']!r} is never stored raw in events; send a salted "
                "hash (x-pii: pseudonymous) or a vault token instead",
            )


def pii_min_tier(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        pii = schema.get("x-pii")
        spec = ctx.config.pii_classes.get(pii) if isinstance(pii, str) else None
        need = spec.get("min_tier") if isinstance(spec, dict) else None
        if need is None or spec is None or spec.get("forbidden"):
            continue
        contract_tier = ctx.data.get("privacy_tier")
        tier = field_tier(schema, contract_tier if isinstance(contract_tier, str) else "none")
        if ctx.tier_rank(tier) < ctx.config.tier_rank(need):
            has = f"has {tier}" + (", the contract's tier" if tier_inherited(schema) else "")
            yield Problem(
                (*path, "x-pii"),
                f"{pii} data needs privacy tier {need} or higher ({has}); set "
                f"'x-privacy-tier: {need}' on the field (and the contract's privacy_tier "
                "at least as high)",
            )


def contract_tier_covers_fields(ctx: LintContext) -> Iterator[Problem]:
    contract_rank = ctx.tier_rank(ctx.data.get("privacy_tier"))
    if contract_rank < 0:
        return
    for path, schema in ctx.schemas:
        tier = schema.get("x-privacy-tier")
        if ctx.tier_rank(tier) > contract_rank:
            yield Problem(
                (*path, "x-privacy-tier"),
                f"field tier {tier} is above the contract's privacy_tier "
                f"{ctx.data.get('privacy_tier')}; raise the contract tier",
            )


def annotation_known(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        for key in schema:
            if isinstance(key, str) and key.startswith("x-") and key not in KNOWN_ANNOTATIONS:
                yield Problem(
                    (*path, key),
                    f"unknown annotation {key!r} (a typo?); known: "
                    f"{', '.join(sorted(KNOWN_ANNOTATIONS))}",
                    at_key=True,
                )
