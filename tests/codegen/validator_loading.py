"""Turn a schema into an imported generated-validator module (tests only)."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType
from typing import Any

from lakecontracts.validator.compile import compile_module

_COUNTER = itertools.count()


def import_source(source: str, folder: Path) -> ModuleType:
    """Write ``source`` to a fresh file in ``folder`` and import it."""
    name = f"generated_validator_{next(_COUNTER)}"
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    return import_file(path, name)


def import_file(path: Path, name: str) -> ModuleType:
    """Import the module at ``path`` as ``name`` (not via sys.path)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fast_verdicts(module: ModuleType, instance: Any) -> list[bool]:
    """``_fast(instance)`` in each way it can run: with the character-code checks a compiled
    module takes (``_NATIVE`` set) and with the fused regexes the source takes. [] when the
    module has no fast path."""
    fast = getattr(module, "_fast", None)
    if fast is None:
        return []
    if not hasattr(module, "_NATIVE"):
        return [fast(instance)]
    verdicts = []
    for native in (False, True):
        vars(module)["_NATIVE"] = native
        try:
            verdicts.append(fast(instance))
        finally:
            vars(module)["_NATIVE"] = False
    return verdicts


def load_validator(schema: Any, folder: Path) -> ModuleType:
    return import_source(compile_module(schema, "test schema", {}), folder)
