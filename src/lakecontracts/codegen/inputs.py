"""What every codegen target receives (the registry resolved once) and returns."""

from __future__ import annotations

from dataclasses import dataclass

from lakecontracts.registry.manifest import Manifest, build_manifest
from lakecontracts.registry.naming import require_safe_names
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent, resolve_all
from lakecontracts.registry.settings_check import require_generate_settings


@dataclass(frozen=True)
class GenerationInput:
    """The registry resolved once, shared by every target."""

    registry: Registry
    events: list[ResolvedEvent]
    manifest: Manifest

    @classmethod
    def from_registry(cls, registry: Registry) -> GenerationInput:
        """Resolve the registry for codegen, refusing names no artifact can carry safely.

        The safe-name rules are checked here, not left to lint: ``generate`` must never write
        from a registry that fails them, whatever suppressions or skipped hooks say.
        """
        require_safe_names(registry.contracts())
        events = resolve_all(registry)
        require_generate_settings(registry.config, any(e.contract.silver for e in events))
        return cls(registry, events, build_manifest(registry, events))


#: Rendered files of one target: path relative to the target's folder -> exact bytes.
Rendered = dict[str, bytes]
