"""The name of an event version's generated validator module."""

from __future__ import annotations

from lakecontracts.registry.naming import versioned_name


def module_name(event: str, version: int) -> str:
    """The validator module of an event version, e.g. ``booking__leg_created__v2``."""
    return versioned_name(event, version)
