"""What every codegen target receives and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lakecontracts.fsutil import safe_join
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.manifest import Manifest
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent


@dataclass(frozen=True)
class GenerationInput:
    """The registry resolved once, shared by every target."""

    registry: Registry
    events: list[ResolvedEvent]
    manifest: Manifest


def generation_input(registry: Registry) -> GenerationInput:
    """Resolve the registry for codegen, refusing names no artifact can carry safely.

    The safe-name rules are checked here, not left to lint: ``generate`` must never write
    from a registry that fails them, whatever suppressions or skipped hooks say.
    """
    from lakecontracts.registry.manifest import build_manifest
    from lakecontracts.registry.naming import require_safe_names
    from lakecontracts.registry.resolved import resolve_all
    from lakecontracts.registry.settings_check import require_generate_settings

    require_safe_names(registry.contracts())
    events = resolve_all(registry)
    require_generate_settings(registry.config, any(e.contract.silver for e in events))
    return GenerationInput(registry, events, build_manifest(registry, events))


#: Rendered files of one target: path relative to the target's folder -> exact bytes.
Rendered = dict[str, bytes]


@dataclass(frozen=True)
class Target:
    """A codegen target: it owns ``generated/<folder>/`` and everything in it.

    A target whose output has its own place in registry.yaml (``outputs.*``) sets ``base``
    instead: the folder its files go to, from the registry config. It shares that folder with
    files it did not write (``docs/``, say), so the writer never removes anything there.
    """

    name: str
    folder: str
    summary: str
    render: Callable[[GenerationInput], Rendered]
    base: Callable[[RegistryConfig], Path] | None = None

    @property
    def owns_base(self) -> bool:
        """Whether every file under the base is this target's (stale ones may be removed)."""
        return self.base is None and bool(self.folder)

    def base_dir(self, out_dir: Path, config: RegistryConfig) -> Path:
        """Where this target's rendered paths are rooted."""
        if self.base is not None:
            return self.base(config).resolve()
        return safe_join(out_dir, self.folder) if self.folder else out_dir
