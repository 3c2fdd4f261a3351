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
from pathlib import Path

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
