"""A PII field with no x-privacy-tier: lint, Lake Formation and the catalog read one tier.

Before the one rule (``registry.tiers.field_tier``), PII_MIN_TIER read such a field as having
no tier while Lake Formation and the catalog gave it the contract's, so a field Lake Formation
tagged confidential failed lint for being below confidential.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts.codegen.aws.lakeformation import build_policy
from lakecontracts.codegen.catalog.fields import payload_fields
from lakecontracts.lint.engine import lint_paths
from lakecontracts.registry.registry import Registry
from tests.lakehouse_fixtures import edited_registry, generation_input

BOUNCED = Path("events/messaging/email_bounced/v1.yaml")


def _registry(tmp_path: Path, contract_tier: str) -> Path:
    return edited_registry(
        tmp_path,
        {
            BOUNCED: [
                ("      x-privacy-tier: confidential\n", ""),
                ("privacy_tier: confidential\n", f"privacy_tier: {contract_tier}\n"),
            ]
        },
    )


def _lf_tier(root: Path, database: str, table: str) -> str:
    policy = build_policy(generation_input(root))
    for request in policy["AddLFTagsToResource"]:
        ref = request["Resource"].get("TableWithColumns")
        if not ref or (ref["DatabaseName"], ref["Name"]) != (database, table):
            continue
        tags = {p["TagKey"]: p["TagValues"][0] for p in request["LFTags"]}
        if {"recipient_sha256", "payload"} & set(ref["ColumnNames"]) and tags["pii"] != "none":
            return str(tags["privacy_tier"])
    raise AssertionError(f"no pseudonymous column in {database}.{table}")


@pytest.mark.parametrize(
    ("contract_tier", "lint_fires"),
    [("confidential", False), ("restricted", False), ("internal", True)],
)
def test_lint_lake_formation_and_catalog_agree(
    tmp_path: Path, contract_tier: str, lint_fires: bool
) -> None:
    root = _registry(tmp_path, contract_tier)
    registry = Registry.open(root)
    findings = lint_paths(registry, [root / BOUNCED]).findings
    pii_findings = [f for f in findings if f.rule == "PII_MIN_TIER"]
    assert bool(pii_findings) is lint_fires, pii_findings
    if lint_fires:
        assert f"has {contract_tier}, the contract's tier" in pii_findings[0].message

    events = generation_input(root).events
    (event,) = [e for e in events if e.contract.key == "messaging.email_bounced@1"]
    (row,) = [r for r in payload_fields(event) if r.name == "recipient_sha256"]
    assert (row.tier, row.tier_inherited) == (contract_tier, True)

    assert _lf_tier(root, "silver", "fact_email_bounces") == contract_tier
    assert _lf_tier(root, "bronze_events", "messaging__email_bounced__v1") == contract_tier
