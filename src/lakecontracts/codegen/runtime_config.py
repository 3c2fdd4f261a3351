"""Target ``runtime``: what the ingest runtime needs from registry.yaml, as one JSON file.

The runtime never reads YAML (a Lambda ships only generated files), so the registry's alert
thresholds and the identity stitch's identifier rules travel in ``generated/runtime/config.json``
beside the manifest hash they belong to.
"""

from __future__ import annotations

from typing import Any

from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.jsonout import json_file_bytes
from lakecontracts.registry.config import RegistryConfig

RUNTIME_CONFIG_FORMAT = "lakecontracts.runtime/1"


def render_runtime_config(inp: GenerationInput) -> Rendered:
    alerts = inp.registry.config.alerts
    body: dict[str, Any] = {
        "format": RUNTIME_CONFIG_FORMAT,
        "manifest_hash": inp.manifest.hash,
        "alerts": {
            "schema_failure_rate": {
                "window_minutes": alerts.failure_window_minutes,
                "warning": alerts.failure_warning,
                "critical": alerts.failure_critical,
            }
        },
        "stitch": stitch_config(inp.registry.config),
    }
    return {"config.json": json_file_bytes(body, sort_keys=True)}


def stitch_config(config: RegistryConfig) -> dict[str, Any]:
    """The stitch's view of the identifiers: each one's path, prefix, linking rule, cap,
    weight, lifetime in hours (None: never expires) and blocked values (registry-wide ones
    included)."""
    settings = config.stitch
    return {
        "key_version": settings.key_version,
        "max_component_size": settings.max_component_size,
        "identifiers": [
            {
                "name": ident.name,
                "path": ident.path,
                "prefix": ident.prefix,
                "links": ident.stitch.links,
                "max_per_identity": ident.stitch.max_per_identity,
                "weight": ident.stitch.weight,
                "lifetime_hours": ident.lifetime_hours,
                "blocked_values": list((settings.blocked + ident.stitch.blocked).values),
                "blocked_patterns": list((settings.blocked + ident.stitch.blocked).patterns),
            }
            for ident in config.identifiers
        ],
    }
