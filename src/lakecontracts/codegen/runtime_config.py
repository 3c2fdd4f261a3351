"""Target ``runtime``: what the ingest runtime needs from registry.yaml, as one JSON file.

The runtime never reads YAML (a Lambda ships only generated files), so the registry's alert
thresholds travel in ``generated/runtime/config.json`` beside the manifest hash they belong to.
"""

from __future__ import annotations

from typing import Any

from lakecontracts.codegen.target import GenerationInput, Rendered
from lakecontracts.jsonout import json_file_bytes

RUNTIME_CONFIG_FORMAT = "lakecontracts.runtime/1"

#: Used when registry.yaml declares no ``alerts.schema_failure_rate`` (the brief's figures).
DEFAULT_SCHEMA_FAILURE_RATE = {"window_minutes": 5, "warning": 0.003, "critical": 0.005}


def render_runtime_config(inp: GenerationInput) -> Rendered:
    alerts = inp.registry.config.raw.get("alerts") or {}
    body: dict[str, Any] = {
        "format": RUNTIME_CONFIG_FORMAT,
        "manifest_hash": inp.manifest.hash,
        "alerts": {
            "schema_failure_rate": dict(
                alerts.get("schema_failure_rate") or DEFAULT_SCHEMA_FAILURE_RATE
            )
        },
    }
    return {"config.json": json_file_bytes(body, sort_keys=True)}
