"""A content-addressed cache file: entries ``key -> bytes``, each checked before it is trusted.

``generate`` and ``compat`` keep results here between runs under ``.contracts-cache/`` (in
the repository, gitignored). A key is a SHA-256 over everything the value is a function of,
so a changed input never finds an old entry; it cannot go stale, only unused. Each entry
carries an HMAC-SHA256 of its key and bytes under a local secret: an entry that fails the
check (a torn write, a flipped bit, a truncated file) is ignored, the value is computed again
and rewritten. The cache is a local speed-up, not an input: deleting ``.contracts-cache/``
changes no output.

Why keyed: the cache folder sits in the checkout, and a checkout is whatever a pull request
put there (a force-added ``.contracts-cache/`` would otherwise hand ``generate --check`` in CI,
or a reviewer's ``generate``, validator code nobody rendered). The secret lives outside any
checkout, in ``$XDG_CACHE_HOME/lakecontracts/cache.key`` (default ``~/.cache``), 32 random
bytes created on first use with mode 0600; entries written on another machine or by hand are
simply misses. Without a writable home for the key there is no cache, never an unkeyed one.

File layout: ``MAGIC``, then per entry the key (32 bytes), the HMAC of key and value
(32 bytes), the value's length (8 bytes, big-endian) and the value.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from lakecontracts.fsutil import atomic_write_bytes

MAGIC = b"lakecontracts-cache 1\n"
CACHE_DIR = ".contracts-cache"
#: Set to a folder to keep the cache elsewhere (CI caches), or to an empty string to disable it.
ENV_CACHE_DIR = "CONTRACTS_CACHE_DIR"
_HEAD = 32 + 32 + 8
IGNORE_ALL = b"# Created by lakecontracts: a local cache, never committed.\n*\n"


def cache_key(*parts: bytes | str) -> bytes:
    """A key over ``parts``: each length-prefixed, so ``("ab", "c")`` and ``("a", "bc")`` differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.digest()


def cache_root(repository: Path) -> Path | None:
    """Where caches live: ``$CONTRACTS_CACHE_DIR`` if set (empty: no cache), else
    ``<repository>/.contracts-cache``."""
    configured = os.environ.get(ENV_CACHE_DIR)
    if configured is not None:
        return Path(configured) if configured else None
    return repository / CACHE_DIR


@cache
def code_version() -> str:
    """A digest of the code that computes cached values: every file of the lakecontracts
    package, the Python version and the versions of the libraries whose output we keep.

    Any change to the package (an upgrade, a local edit) gives new keys.
    """
    from importlib import metadata

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(sys.version.encode())
    for name in ("jinja2", "markupsafe", "ruamel.yaml", "jsonschema", "fastjsonschema", "orjson"):
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
    files = sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts
    )
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def key_path() -> Path:
    """Where the cache's secret lives: outside every checkout."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "lakecontracts", "cache.key")


@cache
def _local_key() -> bytes | None:
    """The local secret that signs cache entries, created on first use; None when it can be
    neither read nor created (then nothing is cached)."""
    path = key_path()
    with contextlib.suppress(OSError):
        data = path.read_bytes()
        if len(data) == 32:
            return data
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache.key.")  # 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(32))
        os.replace(temporary, path)
        data = path.read_bytes()  # a concurrent first run may have won: use what is there
    except OSError:
        return None
    return data if len(data) == 32 else None


def _check(key: bytes, value: bytes) -> bytes:
    return hmac.new(_local_key() or b"", key + value, hashlib.sha256).digest()


class ContentCache:
    """One cache file, loaded whole; ``save`` keeps only the entries this run used."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        #: key -> (stored digest, value); a value's digest is checked when it is first read
        self._stored: dict[bytes, tuple[bytes, bytes]] = {}
        self._used: dict[bytes, bytes] = {}  # key -> the frame save writes
        self._changed = False
        self.hits = 0
        self.misses = 0
        if path is not None and _local_key() is None:
            self.path = None  # no secret to sign entries with: no cache rather than an unkeyed one
        if self.path is not None:
            self._stored = dict(_read_frames(self.path))

    def get(self, key: bytes) -> bytes | None:
        found = self._stored.get(key)
        if found is None:
            return None
        check, value = found
        if not hmac.compare_digest(_check(key, value), check):
            del self._stored[key]  # damaged: as if it were not there; a put rewrites it
            self._changed = True
            return None
        self._used[key] = key + check + len(value).to_bytes(8, "big") + value
        return value

    def retain(self) -> None:
        """Keep every stored entry at ``save`` (a run that needed none of them changed nothing).

        Entries are kept with their stored digest, unchecked: a damaged one stays detectable.
        """
        for key, (check, value) in self._stored.items():
            if key not in self._used:
                self._used[key] = key + check + len(value).to_bytes(8, "big") + value

    def put(self, key: bytes, value: bytes) -> None:
        self._used[key] = _entry(key, value)
        self._changed = True

    def memo(self, key: bytes, compute: Callable[[], bytes]) -> bytes:
        """The cached value of ``key``, or ``compute()`` stored under it."""
        found = self.get(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        value = compute()
        self.put(key, value)
        return value

    def save(self) -> None:
        """Write the entries this run used (atomically; nothing when they are what is stored)."""
        if self.path is None or (not self._changed and self._used.keys() == self._stored.keys()):
            return
        body = MAGIC + b"".join(self._used.values())
        with contextlib.suppress(OSError):  # a read-only checkout still works, only slower
            atomic_write_bytes(self.path, body)
            # as pytest and mypy do: `git add -A` never picks the cache up, ignored or not
            atomic_write_bytes(self.path.parent / ".gitignore", IGNORE_ALL)


def _entry(key: bytes, value: bytes) -> bytes:
    check = _check(key, value)
    return key + check + len(value).to_bytes(8, "big") + value


def _read_frames(path: Path) -> Iterable[tuple[bytes, tuple[bytes, bytes]]]:
    """Every frame (key, (digest, value)); reading stops at the first one cut short."""
    try:
        data = path.read_bytes()
    except OSError:
        return
    if not data.startswith(MAGIC):
        return
    at = len(MAGIC)
    while at + _HEAD <= len(data):
        key = data[at : at + 32]
        check = data[at + 32 : at + 64]
        size = int.from_bytes(data[at + 64 : at + _HEAD], "big")
        start = at + _HEAD
        if start + size > len(data):
            return
        yield key, (check, data[start : start + size])
        at = start + size


def _read_entries(path: Path) -> Iterable[tuple[bytes, bytes]]:
    """The entries whose digest holds."""
    for key, (check, value) in _read_frames(path):
        if hmac.compare_digest(_check(key, value), check):
            yield key, value
