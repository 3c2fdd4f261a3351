"""Turn a schema into an imported generated-validator module (tests only)."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType
from typing import Any

from lakecontracts.codegen.pyvalidator.compile import compile_module

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


def load_validator(schema: Any, folder: Path) -> ModuleType:
    return import_source(compile_module(schema, "test schema", {}), folder)
