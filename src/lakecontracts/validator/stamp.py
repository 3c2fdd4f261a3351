"""Where compiled validators live beside their sources, and whether one is fresh.

``contracts compile-validators`` compiles each generated validator module with mypyc into
``validators/.native/<module><EXT_SUFFIX>`` (the suffix names the interpreter and platform,
e.g. ``.cpython-311-x86_64-linux-gnu.so``, so builds for several Pythons sit side by side)
and then writes ``<that file>.source-sha256``: the SHA-256 of the ``.py`` it was compiled
from. The runtime uses a compiled module only while that stamp matches the ``.py`` beside
it, so regenerating a validator silently returns to the Python source until the next build;
a stale build is never loaded. ``contracts generate`` never touches dot folders.

Standard library only: a Lambda that ships ``generated/`` imports this, never mypyc.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
from pathlib import Path
from types import ModuleType

NATIVE_DIR = ".native"
STAMP_SUFFIX = ".source-sha256"


def extension_suffix() -> str:
    """The file suffix this interpreter loads extension modules from (its ABI and platform)."""
    return importlib.machinery.EXTENSION_SUFFIXES[0]


def compiled_path(source: Path) -> Path:
    """Where the compiled form of the validator module ``source`` goes."""
    return source.parent / NATIVE_DIR / f"{source.stem}{extension_suffix()}"


def stamp_path(compiled: Path) -> Path:
    return compiled.with_name(compiled.name + STAMP_SUFFIX)


def source_digest(source: Path) -> str:
    return hashlib.sha256(source.read_bytes()).hexdigest()


def fresh_compiled(source: Path) -> Path | None:
    """The compiled module built from exactly this ``source``, or None."""
    compiled = compiled_path(source)
    stamp = stamp_path(compiled)
    if not compiled.is_file() or not stamp.is_file():
        return None
    return compiled if stamp.read_text().strip() == source_digest(source) else None


def import_compiled(compiled: Path, package: str) -> ModuleType:
    """Import a compiled validator as ``<package>.<its module name>``, not via sys.path.

    An extension module must keep its own name as the last part of the import name (its
    init function is named for it); ``package`` makes the whole name unique. Raises
    ImportError when the library cannot be loaded.
    """
    name = f"{package}.{compiled.name.split('.', 1)[0]}"
    loader = importlib.machinery.ExtensionFileLoader(name, str(compiled))
    spec = importlib.util.spec_from_file_location(name, compiled, loader=loader)
    if spec is None:
        raise ImportError(f"no import spec for {compiled}")
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module
