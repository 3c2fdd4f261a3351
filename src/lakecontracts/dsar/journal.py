"""The purge journal: one JSON line per step, fsynced, so a crash at any point is finished by
the next run and the receipt can list every rewrite.

A rewrite is ``intent`` (the new file is complete and synced beside the old one, both hashes
known) then ``done`` (the new file replaced the old one). Recovery of an intent without done:
the file already has the new hash, so the swap happened; or the new file is still there, so
swap it now; otherwise (the old file changed meanwhile) drop the intent and let the rescan decide.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.errors import DsarError, Location

JOURNAL_FILE = "purge-journal.ndjson"
_STAGED_SUFFIX = ".dsar-new"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def staged_path(path: Path) -> Path:
    """Where the rewritten file waits: hidden, so readers of the folder never see it."""
    return path.with_name(f".{path.name}{_STAGED_SUFFIX}")


def append(folder: Path, entry: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    line = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
    fd = os.open(folder / JOURNAL_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def entries(folder: Path) -> Iterator[dict[str, Any]]:
    path = folder / JOURNAL_FILE
    if not path.is_file():
        return
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.endswith(b"\n"):
                return  # a torn last line: the step it describes did not complete
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                raise DsarError(
                    "the purge journal is damaged",
                    location=Location(str(path), number, 1),
                    hint="restore it; only its last line can be torn by a crash",
                ) from None
            yield entry


def recover(folder: Path, root: Path) -> None:
    """Finish or drop every rewrite left between intent and done."""
    pending: dict[str, dict[str, Any]] = {}
    for entry in entries(folder):
        if entry["step"] == "intent":
            pending[entry["path"]] = entry
        elif entry["step"] in ("done", "dropped"):
            pending.pop(entry["path"], None)
    for relpath, intent in sorted(pending.items()):
        path = root / relpath
        staged = staged_path(path)
        if path.is_file() and file_sha256(path) == intent["sha256_after"]:
            staged.unlink(missing_ok=True)
            append(folder, {**intent, "step": "done"})
        elif staged.is_file() and file_sha256(staged) == intent["sha256_after"]:
            swap(staged, path)
            append(folder, {**intent, "step": "done"})
        else:
            staged.unlink(missing_ok=True)
            append(folder, {"step": "dropped", "path": relpath})
    for leftover in root.rglob(f"*{_STAGED_SUFFIX}"):  # a crash while writing one
        leftover.unlink(missing_ok=True)


def swap(staged: Path, path: Path) -> None:
    os.replace(staged, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def done_entries(folder: Path) -> list[dict[str, Any]]:
    return [entry for entry in entries(folder) if entry["step"] == "done"]
