"""registry.yaml's identifier declarations: proofs that the identity graph cannot join two users
through an identifier that must not link them.

These rules read the registry file itself (``ctx.doc`` is registry.yaml). Together they prove
that in the analytics graph only identifiers meant for analytics create edges, that domain
object IDs never do, and that the account anchor is capped at one per identity, so a component
can never hold two users unnoticed (the stitch cuts it; see ``stitch/guard.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem


def _identifiers(ctx: LintContext) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(name, declaration, its stitch block) for every declared identifier."""
    identifiers = ctx.data.get("identifiers")
    if not isinstance(identifiers, dict):
        return
    for name, spec in identifiers.items():
        if isinstance(spec, dict):
            stitch = spec.get("stitch")
            yield str(name), spec, stitch if isinstance(stitch, dict) else {}


def fraud_only_never_links_users(ctx: LintContext) -> Iterator[Problem]:
    for name, spec, stitch in _identifiers(ctx):
        uses = spec.get("allowed_uses")
        if (
            isinstance(uses, list)
            and "analytics" not in uses
            and stitch.get("links") == "analytics"
        ):
            yield Problem(
                ("identifiers", name, "stitch", "links"),
                f"{name} is restricted to {uses} but 'links: analytics' would join users in the "
                "analytics graph; use 'links: fraud' (or add analytics to allowed_uses)",
            )


def domain_ids_never_link(ctx: LintContext) -> Iterator[Problem]:
    for name, spec, stitch in _identifiers(ctx):
        persistence = spec.get("persistence")
        kind = persistence.get("kind") if isinstance(persistence, dict) else None
        domain = name.endswith(".*") or kind == "same_as_subject"
        if domain and stitch.get("links", "none") != "none":
            yield Problem(
                ("identifiers", name, "stitch", "links"),
                f"{name} names domain objects shared by several people; it must declare "
                "'links: none' so it can never join two users",
            )


def account_anchor_capped(ctx: LintContext) -> Iterator[Problem]:
    for name, spec, stitch in _identifiers(ctx):
        persistence = spec.get("persistence")
        kind = persistence.get("kind") if isinstance(persistence, dict) else None
        if kind != "account_lifetime" or stitch.get("links", "none") == "none":
            continue
        if stitch.get("max_per_identity") != 1:
            where = "max_per_identity" if "max_per_identity" in stitch else "links"
            yield Problem(
                ("identifiers", name, "stitch", where),
                f"{name} is an account identifier: declare 'max_per_identity: 1' so a component "
                "holding two accounts is cut instead of merged",
            )


def rolling_lifetime_declared(ctx: LintContext) -> Iterator[Problem]:
    for name, spec, stitch in _identifiers(ctx):
        persistence = spec.get("persistence")
        if not isinstance(persistence, dict) or persistence.get("kind") != "rolling":
            continue
        if stitch.get("links", "none") != "none" and not (
            persistence.get("days") or persistence.get("hours")
        ):
            yield Problem(
                ("identifiers", name, "persistence"),
                f"{name} is rolling but declares no days or hours: its edges would never expire",
            )
