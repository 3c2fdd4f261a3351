"""The target table: every codegen target, the folder it owns and what it is for.

Add a target by writing ``render_<name>(inp) -> {relative path: bytes}`` in its own module
and one row here (see CONTRIBUTING.md).
"""

from __future__ import annotations

from lakecontracts.codegen.schemas import render_manifest, render_schemas
from lakecontracts.codegen.target import Target

TARGETS: tuple[Target, ...] = (
    Target("manifest", "", "The content-addressed manifest (manifest.json).", render_manifest),
    Target(
        "schemas", "schemas", "Resolved draft-07 JSON Schema per event version.", render_schemas
    ),
)

TARGET_NAMES = tuple(target.name for target in TARGETS)
