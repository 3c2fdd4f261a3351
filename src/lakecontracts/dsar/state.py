"""The DSAR folder (``<local_root>/dsar``): request records, the exclusion list, the tombstone
outbox, purge journals and receipts. It holds hashes only, never a raw identifier, and one
process at a time holds its lock."""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.errors import DsarError, Location
from lakecontracts.fsutil import atomic_write_bytes
from lakecontracts.jsonout import json_file_bytes

REQUEST_FORMAT = "lakecontracts.dsar.request/1"
EXCLUSIONS_FORMAT = "lakecontracts.dsar.exclusions/1"
EXCLUSIONS_FILE = "exclusions.json"
EXCLUSIONS_TABLE = "exclusions.parquet"
_REQUEST_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DsarError(
                f"another DSAR command holds {folder}",
                location=Location(str(folder)),
                hint="wait for it to finish; one request, purge or verify at a time",
            ) from None
        yield


def write_json(path: Path, value: Any) -> None:
    atomic_write_bytes(path, json_file_bytes(value, sort_keys=True))


def read_json(path: Path, what: str) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise DsarError(
            f"no {what} at {path}",
            location=Location(str(path)),
            hint="check the request ID (`ls <local_root>/dsar/requests`)",
        ) from None
    except orjson.JSONDecodeError as exc:
        raise DsarError(
            f"{what} {path} is not valid JSON: {exc}",
            location=Location(str(path)),
            hint="restore it from backup; DSAR files are written atomically, so this is damage",
        ) from None


def request_path(folder: Path, request_id: str) -> Path:
    if not _REQUEST_ID.match(request_id):
        raise DsarError(
            f"{request_id!r} is not a DSAR request ID (a lowercase UUID)",
            hint="use the ID `contracts dsar request` printed",
        )
    return folder / "requests" / f"{request_id}.json"


def load_request(folder: Path, request_id: str) -> dict[str, Any]:
    record = read_json(request_path(folder, request_id), "DSAR request")
    if not isinstance(record, dict) or record.get("format") != REQUEST_FORMAT:
        raise DsarError(
            f"{request_path(folder, request_id)} is not a {REQUEST_FORMAT} record",
            location=Location(str(request_path(folder, request_id))),
        )
    return record


def all_requests(folder: Path) -> list[dict[str, Any]]:
    """Every request record, oldest first (then by ID)."""
    found = sorted((folder / "requests").glob("*.json"))
    records = [load_request(folder, path.stem) for path in found if _REQUEST_ID.match(path.stem)]
    return sorted(records, key=lambda r: (r["requested_at"], r["request_id"]))


def read_exclusions(folder: Path) -> list[dict[str, Any]]:
    path = folder / EXCLUSIONS_FILE
    return read_exclusions_file(path) if path.is_file() else []


def read_exclusions_file(path: Path) -> list[dict[str, Any]]:
    body = read_json(path, "DSAR exclusion list")
    entries = body.get("entries") if isinstance(body, dict) else None
    if (
        body.get("format") != EXCLUSIONS_FORMAT
        or not isinstance(entries, list)
        or not all(
            isinstance(e, dict)
            and isinstance(e.get("hash"), str)
            and type(e.get("key_version")) is int
            for e in entries
        )
    ):
        raise DsarError(
            f"{path} is not a {EXCLUSIONS_FORMAT} file of hash and key_version entries",
            location=Location(str(path)),
            hint="it is written by `contracts dsar request`; restore it from backup",
        )
    return entries


def write_exclusions(folder: Path, entries: list[dict[str, Any]]) -> None:
    """``exclusions.json`` (the ingest filter's input) and ``exclusions.parquet``, the same list
    as a table (hash, key_version) for read filters to anti-join; both hashes only."""
    unique = {(e["hash"], e["key_version"]): e for e in entries}
    ordered = [unique[k] for k in sorted(unique)]
    write_json(folder / EXCLUSIONS_FILE, {"format": EXCLUSIONS_FORMAT, "entries": ordered})
    atomic_write_bytes(folder / EXCLUSIONS_TABLE, _exclusions_table(ordered))


def _exclusions_table(ordered: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "hash": pa.array([str(e["hash"]) for e in ordered], pa.string()),
            "key_version": pa.array([int(e["key_version"]) for e in ordered], pa.int32()),
        }
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue())
