"""What every codegen target receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lakecontracts.registry.manifest import Manifest
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent


@dataclass(frozen=True)
class GenerationInput:
    """The registry resolved once, shared by every target."""

    registry: Registry
    events: list[ResolvedEvent]
    manifest: Manifest


#: Rendered files of one target: path relative to the target's folder -> exact bytes.
Rendered = dict[str, bytes]


@dataclass(frozen=True)
class Target:
    """A codegen target: it owns ``generated/<folder>/`` and everything in it."""

    name: str
    folder: str
    summary: str
    render: Callable[[GenerationInput], Rendered]
