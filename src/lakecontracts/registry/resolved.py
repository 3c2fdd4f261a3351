"""Every contract resolved once: the shared input of the manifest, codegen and compat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lakecontracts.registry.canonical import schema_sha256_hex
from lakecontracts.registry.contract import Contract
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolve import resolve_schema


@dataclass(frozen=True)
class ResolvedEvent:
    """One event version with its resolved draft-07 schema and canonical hash."""

    contract: Contract
    schema: dict[str, Any]
    schema_hash: str  # "sha256:<hex>" of the RFC 8785 canonical schema

    @property
    def event(self) -> str:
        return self.contract.event

    @property
    def v(self) -> int:
        return self.contract.v

    @property
    def payload_schema(self) -> dict[str, Any]:
        payload: dict[str, Any] = self.schema["properties"]["payload"]
        return payload


def resolve_all(registry: Registry) -> list[ResolvedEvent]:
    """Every contract of the registry, resolved and hashed, sorted by event and version."""
    resolved = []
    for contract in registry.contracts():
        schema = resolve_schema(contract, registry.config)
        resolved.append(ResolvedEvent(contract, schema, "sha256:" + schema_sha256_hex(schema)))
    return resolved
