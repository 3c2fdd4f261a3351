"""Sample contracts shared by the lint CLI, SARIF and pre-commit tests."""

from __future__ import annotations

from pathlib import Path

FIXTURE_REGISTRY = Path(__file__).resolve().parent / "fixtures" / "registry.yaml"
CONTRACT_PATH = "events/booking/leg_created/v1.yaml"

#: Lints clean.
GOOD = """\
event: booking.leg_created
v: 1
status: active
owner: team-bookings
description: A leg was added to a booking by the booking service.
privacy_tier: internal
payload:
  type: object
  additionalProperties: false
  properties:
    leg_id: {type: string, format: uuid, description: Leg identifier.}
"""

#: Three errors and one warning, at the places in BAD_FINDINGS.
BAD = """\
event: booking.leg_created
v: 1
status: active
owner: team-nobody
description: A leg was added to a booking by the booking service.
privacy_tier: internal
payload:
  type: object
  additionalProperties: false
  properties:
    leg_id: {type: string, format: uuid, description: Leg identifier.}
    LegPrice: {type: number, description: Price.}
    code: {type: string, pattern: "[A-Z]+", description: A code.}
    amount: {type: money, description: Amount.}
"""
BAD_FINDINGS = {
    ("OWNER_DECLARED", "error", 4, 8),
    ("FIELD_NAME_SNAKE_CASE", "error", 12, 5),
    ("PATTERN_ANCHORED", "warning", 13, 35),
    ("TYPE_KNOWN", "error", 14, 20),
}
