"""Target ``schemas``: the resolved JSON Schema of every event version, as files."""

from __future__ import annotations

from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.jsonout import json_file_bytes


def render_schemas(inp: GenerationInput) -> Rendered:
    return {
        f"{event.event}/v{event.v}.schema.json": json_file_bytes(event.schema)
        for event in inp.events
    }


def render_manifest(inp: GenerationInput) -> Rendered:
    return {"manifest.json": inp.manifest.to_bytes()}
