"""A synthetic registry of N contracts, shaped like the example registry's contracts."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOMAINS = ("booking", "payments", "messaging", "documents", "funnel", "identity", "growth")

CONTRACT = """\
# Synthetic contract {index}: same shape and size as a real one.
event: {domain}.object{index}_created
v: 1
status: active
owner: team-bookings
description: Object {index} was created by the {domain} service after it was stored.
privacy_tier: confidential
identifiers: [user_id, anon_id, session_id]
payload:
  type: object
  additionalProperties: false
  required: [object_id, amount_minor, currency, state]
  properties:
    object_id: {{type: string, format: uuid, x-natural-key: true, description: Object identifier.}}
    parent_id: {{type: [string, "null"], format: uuid, description: "Parent object, if any."}}
    amount_minor: {{type: integer, minimum: 0, maximum: 100000000, description: Amount in minor units.}}
    currency: {{type: string, pattern: "^[A-Z]{{3}}$", description: ISO 4217 currency code.}}
    state: {{type: string, enum: [pending, confirmed, cancelled], description: Lifecycle state.}}
    item_count: {{type: integer, minimum: 0, maximum: 1000, description: Number of items.}}
    created_on: {{type: string, format: date, description: Business date of creation.}}
    email_sha256:
      type: string
      pattern: "^[0-9a-f]{{64}}$"
      x-pii: pseudonymous
      x-privacy-tier: confidential
      description: Salted SHA-256 of the contact email.
    tags:
      type: array
      maxItems: 10
      items: {{type: string, maxLength: 32}}
      description: Free-form labels chosen from a fixed vocabulary.
silver:
  table: fact_object{index}
  natural_key: [object_id]
  columns:
    object_id: payload.object_id
    amount_minor: payload.amount_minor
    currency: payload.currency
    user_id: context.user_id
    occurred_at: meta.occurred_at
  references: {{user_id: dim_user_public.user_id}}
"""


def write_registry(root: Path, count: int) -> list[Path]:
    """Create ``root/registry.yaml`` and ``count`` contracts; return the contract paths."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(REPO / "contracts" / "registry.yaml", root / "registry.yaml")
    paths = []
    for index in range(count):
        domain = DOMAINS[index % len(DOMAINS)]
        path = root / "events" / domain / f"object{index}_created" / "v1.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(CONTRACT.format(index=index, domain=domain), encoding="utf-8")
        paths.append(path)
    return paths
