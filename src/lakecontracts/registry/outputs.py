"""Where generated files go, from registry.yaml's ``outputs`` section."""

from __future__ import annotations

from pathlib import Path

from lakecontracts.registry.config import RegistryConfig

DEFAULT_GENERATED = "generated"


def generated_dir(config: RegistryConfig) -> Path:
    """The folder for generated artifacts, relative to the registry root."""
    relative = str(config.raw.get("outputs", {}).get("generated", DEFAULT_GENERATED))
    return (config.root / relative).resolve()
