"""Target ``schemas``: the resolved JSON Schema of every event version, as files."""

from __future__ import annotations

import json

from lakecontracts.codegen.target import GenerationInput, Rendered


def render_schemas(inp: GenerationInput) -> Rendered:
    return {
        f"{event.event}/v{event.v}.schema.json": (
            json.dumps(event.schema, indent=2, ensure_ascii=False) + "\n"
        ).encode()
        for event in inp.events
    }


def render_manifest(inp: GenerationInput) -> Rendered:
    return {"manifest.json": inp.manifest.to_bytes()}
