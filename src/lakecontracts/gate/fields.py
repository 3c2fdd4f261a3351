"""Payload fields of a contract schema and where an instance path is declared in it."""

from __future__ import annotations

from typing import Any

from lakecontracts.pointers import steps
from lakecontracts.registry.fields import FieldSite, follow_local_refs, walk_fields


def payload_fields(schema: dict[str, Any], contract_tier: str) -> dict[str, FieldSite]:
    """The payload fields of a resolved contract schema by dotted name (nested objects, array
    items ``tags[]`` and map values ``.*`` included; local ``$ref`` followed), each with its
    tier and PII class (:mod:`lakecontracts.registry.fields`)."""
    payload = schema.get("properties", {}).get("payload", {})
    sites = walk_fields(
        payload, contract_tier=contract_tier, deref=follow_local_refs(schema), path=("payload",)
    )
    return {site.name: site for site in sites}


def instance_doc_path(pointer: str) -> tuple[str | int, ...]:
    """Where an instance path like ``/payload/legs/0/price`` is declared in the contract."""
    tokens = steps(pointer)
    if not tokens or tokens[0] != "payload":
        return ()
    return _declared_at("payload", tokens[1:])


def envelope_doc_path(pointer: str) -> tuple[str | int, ...] | None:
    """Where registry.yaml's envelope declares an instance path outside the payload
    (``/meta/request_id`` -> envelope.properties.meta.properties.request_id), or None for a
    path inside the payload."""
    tokens = steps(pointer)
    if tokens and tokens[0] == "payload":
        return None
    return _declared_at("envelope", tokens)


def _declared_at(root: str, tokens: list[str]) -> tuple[str | int, ...]:
    """The schema path declaring instance ``tokens`` below ``root``: an index steps into
    ``items``, a name into ``properties``."""
    path: list[str | int] = [root]
    for step in tokens:
        path += ["items"] if step.isdigit() else ["properties", step]
    return tuple(path)
