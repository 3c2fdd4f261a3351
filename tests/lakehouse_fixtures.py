"""Registries for the Lake Formation, CloudFormation and access tests: the example one and
edited copies of it (a column with its own tier, a row-filtered workspace reading bronze)."""

from __future__ import annotations

import shutil
from pathlib import Path

from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.registry import Registry
from tests.conftest import EXAMPLE_REGISTRY

CONFIRMED = Path("events/booking/booking_confirmed/v1.yaml")


def generation_input(root: Path = EXAMPLE_REGISTRY) -> GenerationInput:
    return GenerationInput.from_registry(Registry.open(root))


def edited_registry(tmp_path: Path, edits: dict[Path, list[tuple[str, str]]]) -> Path:
    """A copy of the example registry with exact text replacements in some files."""
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    for relative, replacements in edits.items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{old!r} not in {relative}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return root


#: fact_bookings.confirmed_via becomes confidential (table stays internal), and Support also
#: reads bronze, where the city lives at context.city.
COLUMN_TIER_EDITS: dict[Path, list[tuple[str, str]]] = {
    CONFIRMED: [
        (
            "      enum: [instant_book, host_accept, support_override]\n",
            "      enum: [instant_book, host_accept, support_override]\n"
            "      x-privacy-tier: confidential\n",
        )
    ],
    Path("registry.yaml"): [
        (
            "Support: {max_tier: internal, layers: [silver],",
            "Support: {max_tier: internal, layers: [bronze, silver],",
        )
    ],
}
