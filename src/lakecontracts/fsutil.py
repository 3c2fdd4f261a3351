"""File writing that never leaves a half-written file and never escapes its folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lakecontracts.errors import UsageError

#: Mode of newly written files (an existing file keeps its own).
DEFAULT_MODE = 0o644


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and touch nothing) when unchanged."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else DEFAULT_MODE
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)  # mkstemp creates 0600; generated files are meant to be shared
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
