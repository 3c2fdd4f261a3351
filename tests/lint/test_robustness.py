"""No value shape in a contract may crash a rule: every rule reads data defensively."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.engine import lint_document
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.yamlsource import YamlDocument
from tests.conftest import EXAMPLE_REGISTRY

CONFIG = Registry.open(EXAMPLE_REGISTRY).config
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYWORDS = [
    "type", "format", "x-pii", "x-privacy-tier", "required", "enum", "pattern", "items",
    "properties", "additionalProperties", "minimum", "maximum", "minLength", "maxLength",
    "$ref", "x-natural-key", "description", "allOf",
]  # fmt: skip
TOP = ["event", "v", "status", "owner", "supersedes", "identifiers", "silver", "privacy_tier",
       "compatibility", "deprecated_on", "payload"]  # fmt: skip


def _contract() -> dict[str, Any]:
    return {
        "event": "booking.leg_created",
        "v": 2,
        "status": "active",
        "owner": "team-bookings",
        "description": "A leg was added to a booking.",
        "supersedes": 1,
        "privacy_tier": "internal",
        "identifiers": ["user_id"],
        "payload": {
            "type": "object",
            "additionalProperties": False,
            "required": ["leg_id"],
            "properties": {"leg_id": {"type": "string", "description": "Leg."}},
        },
        "silver": {
            "table": "fact_booking_legs",
            "natural_key": ["leg_id"],
            "columns": {"leg_id": "payload.leg_id"},
            "references": {"leg_id": "dim_legs.leg_id"},
        },
    }


@settings(max_examples=300, deadline=None)
@given(
    where=st.sampled_from(["field", "payload", "top", "silver"]),
    keyword=st.sampled_from(KEYWORDS + TOP + ["natural_key", "columns", "references", "table"]),
    value=JSON,
)
def test_no_rule_crashes_on_any_value_shape(where: str, keyword: str, value: Any) -> None:
    data = _contract()
    target = {
        "field": data["payload"]["properties"]["leg_id"],
        "payload": data["payload"],
        "top": data,
        "silver": data["silver"],
    }[where]
    target[keyword] = value
    doc = YamlDocument(file="f.yaml", text="", data=data)
    ctx = LintContext(doc, CONFIG, PurePosixPath("events/booking/leg_created/v2.yaml"))
    findings = lint_document(ctx)
    assert all(f.location.file == "f.yaml" for f in findings)
