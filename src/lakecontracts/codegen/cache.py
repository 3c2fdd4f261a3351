"""``generate``'s cache: each target's rendered files, and per-event parts inside targets.

Two levels, both in ``<cache>/generate/<target>.bin`` (see :mod:`lakecontracts.contentcache`):

* a target's whole output, keyed by the run's input fingerprint: the code version, the
  registry's place, registry.yaml and every contract file (path and bytes). When every chosen
  target hits, the registry is not even parsed: ``generate`` and ``generate --check`` with
  nothing changed only read files and compare bytes.
* per-event parts a target asks for through ``GenerationInput.parts`` (a validator module,
  say), keyed by what that part is a function of (the resolved schema, the event's names), so
  one changed contract re-renders only its own parts plus the cross-event files.

Keys cover every input, so an entry is never stale; a damaged entry is ignored and rewritten.
Output is byte-identical with and without the cache (tests/codegen/test_generate_cache.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from lakecontracts.codegen.inputs import GenerationInput, PartCache, Rendered
from lakecontracts.codegen.targets import Target
from lakecontracts.contentcache import ContentCache, cache_key, cache_root, code_version
from lakecontracts.registry.config import REGISTRY_FILE
from lakecontracts.registry.outputs import repository_root
from lakecontracts.registry.registry import Registry, check_inside
from lakecontracts.registry.yamlsource import read_text

GENERATE_FOLDER = "generate"


def input_fingerprint(registry: Registry) -> bytes:
    """A digest of everything a generation run reads: code, places, registry.yaml, contracts."""
    root = registry.root.resolve()
    parts: list[bytes | str] = [code_version(), str(root), str(repository_root(registry.config))]
    for path in [registry.root / REGISTRY_FILE, *registry.contract_files()]:
        check_inside(registry.root, path)
        # The registry's own reader: a FIFO or an oversized file is an input error, not a hang.
        parts += [path.relative_to(registry.root).as_posix(), read_text(path).encode()]
    return cache_key(*parts)


class CachedGeneration:
    """Renders targets through the cache; the registry is resolved only if a target misses."""

    def __init__(self, registry: Registry, folder: Path | None) -> None:
        self.registry = registry
        self.folder = folder
        self._fingerprint: bytes | None = None
        self._input: GenerationInput | None = None
        self._stores: dict[str, ContentCache] = {}
        self._hits: dict[str, Rendered | None] = {}

    @classmethod
    def open(cls, registry: Registry, enabled: bool = True) -> CachedGeneration:
        root = cache_root(repository_root(registry.config)) if enabled else None
        return cls(registry, root / GENERATE_FOLDER if root is not None else None)

    def generation_input(self) -> GenerationInput:
        if self._input is None:
            self._input = GenerationInput.from_registry(self.registry)
        return self._input

    def prepare(self, targets: list[Target]) -> None:
        """Resolve the registry now unless every target is cached, so that a registry
        ``generate`` refuses is refused before anything (the generated folder) is created."""
        if self.folder is None or any(self._cached(t) is None for t in targets):
            self.generation_input()

    def _cached(self, target: Target) -> Rendered | None:
        if target.name not in self._hits:
            store = self._store(target.name)
            if self._fingerprint is None:
                self._fingerprint = input_fingerprint(self.registry)
            found = store.get(cache_key(b"target", target.name, self._fingerprint))
            self._hits[target.name] = decode_rendered(found) if found is not None else None
        return self._hits[target.name]

    def render(self, target: Target) -> Rendered:
        if self.folder is None:
            return target.render(self.generation_input())
        store = self._store(target.name)
        rendered = self._cached(target)
        assert self._fingerprint is not None
        key = cache_key(b"target", target.name, self._fingerprint)
        if rendered is not None:
            store.retain()  # its parts stay for the run after the next change
        else:
            parts = PartCache(store, target.name)
            rendered = target.render(replace(self.generation_input(), parts=parts))
            store.put(key, encode_rendered(rendered))
        return rendered

    def save(self) -> None:
        for store in self._stores.values():
            store.save()

    def _store(self, name: str) -> ContentCache:
        if name not in self._stores:
            assert self.folder is not None
            self._stores[name] = ContentCache(self.folder / f"{name}.bin")
        return self._stores[name]


def encode_rendered(rendered: Rendered) -> bytes:
    chunks = []
    for path, data in sorted(rendered.items()):
        name = path.encode()
        chunks += [len(name).to_bytes(4, "big"), name, len(data).to_bytes(8, "big"), data]
    return b"".join(chunks)


def decode_rendered(blob: bytes) -> Rendered | None:
    """The files of ``encode_rendered``; None for bytes it did not write."""
    rendered: Rendered = {}
    at = 0
    try:
        while at < len(blob):
            size = int.from_bytes(blob[at : at + 4], "big")
            name = blob[at + 4 : at + 4 + size].decode()
            at += 4 + size
            length = int.from_bytes(blob[at : at + 8], "big")
            if at + 8 + length > len(blob) or not name:
                return None
            rendered[name] = blob[at + 8 : at + 8 + length]
            at += 8 + length
    except UnicodeDecodeError:
        return None
    return rendered


#: A way to render a target (``GenerationInput.render`` or ``CachedGeneration.render``).
Renderer = Callable[[Target], Rendered]
