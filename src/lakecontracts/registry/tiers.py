"""The one inheritance rule for privacy tiers, and a field's PII class.

A field's tier is its own ``x-privacy-tier`` when it declares one, else the contract's
``privacy_tier``; its PII class is its own ``x-pii``, else ``none`` (:func:`field_pii`).
Nested fields do not inherit from the object that holds them: each field either states its
tier or takes the contract's. The field walk (:mod:`lakecontracts.registry.fields`: the gate's
tier and PII rules, the catalog), lint (``PII_MIN_TIER``) and Lake Formation tags all call
:func:`field_tier`, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FIELD_TIER = "x-privacy-tier"
FIELD_PII = "x-pii"
NO_PII = "none"


def field_tier(field: Mapping[str, Any], contract_tier: str) -> str:
    """The tier that governs ``field`` (a payload schema) in a contract of ``contract_tier``."""
    declared = field.get(FIELD_TIER)
    return declared if isinstance(declared, str) else contract_tier


def tier_inherited(field: Mapping[str, Any]) -> bool:
    """True when ``field`` takes the contract's tier (it declares none of its own)."""
    return not isinstance(field.get(FIELD_TIER), str)


def field_pii(field: Mapping[str, Any]) -> str:
    """The PII class of ``field``: its own ``x-pii``, else ``none`` (nothing is inherited)."""
    return str(field.get(FIELD_PII, NO_PII))
