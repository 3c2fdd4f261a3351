"""Resolve a contract into one complete draft-07 JSON Schema (envelope + payload).

This is the one intermediate form that lint, compat, codegen and the runtime read.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from lakecontracts.errors import SchemaResolutionError
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.contract import Contract
from lakecontracts.registry.metaschema import draft7_error
from lakecontracts.registry.yamlsource import JsonPath

DRAFT7 = "http://json-schema.org/draft-07/schema#"
DEFINITION_KEYS = ("definitions", "$defs")


def resolve_schema(contract: Contract, config: RegistryConfig) -> dict[str, Any]:
    """The full JSON Schema of one event version, meta-validated against draft-07."""
    payload = copy.deepcopy(contract.payload)
    _refuse_remote_refs(contract, payload, ("payload",))
    definitions: dict[str, Any] = {}
    for key in DEFINITION_KEYS:
        definitions.update(payload.pop(key, {}) or {})
    envelope = copy.deepcopy(config.envelope)
    properties = envelope.setdefault("properties", {})
    meta = properties["meta"]["properties"]
    meta["event"] = {**meta["event"], "const": contract.event}
    meta["v"] = {**meta["v"], "const": contract.v}
    properties["payload"] = payload
    schema: dict[str, Any] = {
        "$schema": DRAFT7,
        "$id": config.schema_uri(contract.event, contract.v),
        "title": f"{contract.event} v{contract.v}",
        "description": contract.description,
        **{k: v for k, v in envelope.items() if k not in ("$schema", "$id")},
        "x-event": contract.event,
        "x-version": contract.v,
        "x-status": contract.status,
        "x-owner": contract.owner,
        "x-privacy-tier": contract.privacy_tier,
        "x-identifiers": list(contract.identifiers),
    }
    if definitions:
        schema["definitions"] = definitions
    _meta_validate(contract, schema)
    return schema


def iter_refs(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every ``$ref`` value below ``node`` with its path."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield (*path, "$ref"), ref
        for key, value in node.items():
            yield from iter_refs(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, (*path, index))


def _refuse_remote_refs(contract: Contract, payload: Any, base: JsonPath) -> None:
    for path, ref in iter_refs(payload, base):
        if not ref.startswith("#"):
            raise SchemaResolutionError(
                f"remote $ref '{ref}' is not allowed",
                location=contract.document.location(path),
                hint="schema handling never touches the network; define it under "
                "payload.definitions and use '#/definitions/NAME'",
            )


def _meta_validate(contract: Contract, schema: dict[str, Any]) -> None:
    error = draft7_error(schema)
    if error is None:
        return
    path: JsonPath = tuple(error.absolute_path)
    doc_path: JsonPath = path
    if path[:2] == ("properties", "payload"):
        doc_path = ("payload", *path[2:])
    raise SchemaResolutionError(
        f"not a valid draft-07 JSON Schema: {error.message}",
        location=contract.document.location(doc_path),
        hint="fix the schema keyword at this place",
    )
