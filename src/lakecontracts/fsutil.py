"""File writing that never leaves a half-written file and never escapes its folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lakecontracts.errors import UsageError


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and touch nothing) when unchanged."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def safe_join(base: Path, *parts: str) -> Path:
    """``base / parts`` that refuses to leave ``base`` (names come from contracts)."""
    target = base.joinpath(*parts).resolve()
    root = base.resolve()
    if target != root and root not in target.parents:
        raise UsageError(
            f"refusing to write outside {base}: {'/'.join(parts)}",
            hint="event names must not contain path separators or '..'",
        )
    return target
