"""Shared test helpers: where the repository and the shared conformance data live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_REGISTRY = REPO_ROOT / "contracts"


def shared_dir() -> Path:
    """The shared/ folder beside the checkout (override with CONTRACTS_SHARED_DIR)."""
    override = os.environ.get("CONTRACTS_SHARED_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared"


@pytest.fixture
def example_registry_root() -> Path:
    return EXAMPLE_REGISTRY
