"""One process per ingest state folder: an exclusive ``flock`` held for the whole run.

Two ingesters sharing a state folder destroy acknowledged data: the second one's start-up
recovery deletes staged files only the first one's journal lists, and the first then
publishes nothing (issue #10). Every state store therefore takes :class:`StateFolderLock`
on ``<state>/state.lock`` before it opens anything, and keeps it until it is closed. The
kernel releases a ``flock`` when its holder exits, however it exits, so a crash never leaves
a stale lock. The holder writes its pid (and host) into the file, so the refused process
can say who holds it.

``flock`` works within one host; a state folder on a network file system shared by hosts is
not supported (the staging folder must be local for ``os.replace`` anyway).
"""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from lakecontracts.errors import IngestStateError, Location

LOCK_FILE = "state.lock"


class StateFolderLock:
    """An exclusive, non-blocking lock on a state folder, released by :meth:`release`."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / LOCK_FILE
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise IngestStateError(
                f"the ingest state folder is in use by {holder}",
                location=Location(str(folder)),
                hint="one `contracts ingest` or `contracts collect` at a time may use a state "
                "folder: wait for that one to end, or give an unrelated input its own "
                "(`--state DIR`; separate states do not dedupe against each other)",
            ) from None
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode(), 0)
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the folder up (idempotent); the pid stays in the file, which is harmless."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the only descriptor releases the flock


def _holder(fd: int) -> str:
    """Who holds the lock, as its holder wrote it; it may not have written yet."""
    text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    return f"another process ({text})" if text else "another process (pid not yet written)"
