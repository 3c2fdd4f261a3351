"""What every codegen target receives (the registry resolved once) and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lakecontracts.contentcache import ContentCache, cache_key, code_version
from lakecontracts.registry.manifest import Manifest, build_manifest
from lakecontracts.registry.naming import require_safe_names
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent, resolve_all
from lakecontracts.registry.settings_check import require_generate_settings

T = TypeVar("T")


@dataclass(frozen=True)
class GenerationInput:
    """The registry resolved once, shared by every target."""

    registry: Registry
    events: list[ResolvedEvent]
    manifest: Manifest
    parts: PartCache = field(default_factory=lambda: PartCache(None, ""), compare=False)
    #: Models several targets build from the same events (the governed and Hive tables),
    #: computed once per run; shared by the copies ``dataclasses.replace`` makes per target.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def once(self, name: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per run for every target that asks for ``name``.

        A copy with another registry or other events (``replace(inp, events=...)``) never
        shares the entry: it is kept with the very objects it was built from.
        """
        entry = self.memo.get(name)
        if entry is None or entry[0] is not self.registry or entry[1] is not self.events:
            entry = (self.registry, self.events, build())
            self.memo[name] = entry
        found: T = entry[2]
        return found

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


@dataclass(frozen=True)
class PartCache:
    """Per-event parts of one target, cached between runs (``generate``'s cache; none in
    tests and library calls). A part's key material must hold everything its bytes are a
    function of, besides the code (the code version is always part of the key)."""

    store: ContentCache | None
    namespace: str

    def memo(self, material: list[bytes | str], render: Callable[[], bytes]) -> bytes:
        if self.store is None:
            return render()
        return self.store.memo(
            cache_key(b"part", self.namespace, code_version(), *material), render
        )


def schema_material(event: ResolvedEvent) -> str:
    """The resolved schema as cache-key material: exact (1 and 1.0, True and 1 differ; key
    order kept, since generated code follows it)."""
    import json

    return json.dumps(event.schema, ensure_ascii=False, separators=(",", ":"))
