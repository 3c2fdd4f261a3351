"""Bronze and quarantine NDJSON: find and (after the grace period) drop a subject's lines.

A line belongs to a subject when an identifier at its registry path (``context.user_id``...)
hashes, under one of the keys, to a subject node. Bronze is append-only to everyone else; the
purge rewrites a file without those lines with the Parquet purge's guarantees (journal,
new file then swap).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.dsar import journal
from lakecontracts.dsar.matcher import Target
from lakecontracts.dsar.purge import Rewrite
from lakecontracts.stitch.keys import hash_identifier
from lakecontracts.stitch.rules import StitchRules


def ndjson_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*.ndjson")
        if not any(part.startswith((".", "_")) for part in path.relative_to(folder).parts)
    )


def line_matches(line: bytes, target: Target, rules: StitchRules) -> bool:
    return bool(line_owners(line, target, rules, first=True))


def line_owners(
    line: bytes, target: Target, rules: StitchRules, first: bool = False
) -> frozenset[str]:
    """The requests whose subject the line holds (``{""}`` for a match no request owns, so a
    match is never empty); with ``first``, stop at the first match."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        record = None
    if not isinstance(record, dict):  # quarantined raw bytes: look for stored hashes only
        found = [value for value in target.values if value.encode() in line]
    else:
        found = list(_matched_hashes(record, target, rules, first))
    owners: set[str] = set()
    for value in found:
        owners.update(target.owners.get(value) or {""})
    return frozenset(owners)


def _matched_hashes(
    record: dict[str, Any], target: Target, rules: StitchRules, first: bool
) -> Iterator[str]:
    wanted = target.value_set
    for kind, value in _identifiers(record, rules):
        if value in wanted:
            yield value
            if first:
                return
        for key in target.keys:
            digest = hash_identifier(key, kind, value)
            if digest in wanted:
                yield digest
                if first:
                    return


def _identifiers(record: dict[str, Any], rules: StitchRules) -> Iterator[tuple[str, str]]:
    for rule in rules.identifiers:
        if rule.name.endswith(".*"):
            continue
        value: Any = record
        for step in rule.path:
            value = value.get(step) if isinstance(value, dict) else None
        if isinstance(value, str):
            yield rule.name, value


def count_matches(path: Path, target: Target, rules: StitchRules) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line_matches(line, target, rules))


def purge_file(
    root: Path,
    layer: str,
    path: Path,
    target: Target,
    rules: StitchRules,
    journal_dir: Path,
    request_ids: list[str],
) -> Rewrite | None:
    lines = path.read_bytes().splitlines(keepends=True)
    kept = []
    counts: dict[str, int] = {}
    for line in lines:
        owners = line_owners(line, target, rules)
        if not owners:
            kept.append(line)
        for owner in owners - {""}:
            counts[owner] = counts.get(owner, 0) + 1
    if len(kept) == len(lines):
        return None
    staged = journal.staged_path(path)
    body = b"".join(kept)
    with open(staged, "wb") as handle:
        handle.write(body)
        handle.flush()
        os.fsync(handle.fileno())
    rewrite = Rewrite(
        layer=layer,
        path=str(path.relative_to(root)),
        rows_before=len(lines),
        rows_after=len(kept),
        sha256_before=journal.file_sha256(path),
        sha256_after=journal.file_sha256(staged),
        kept_rows_sha256=journal.file_sha256(staged),
        rows_by_request=dict(sorted(counts.items())),
    )
    journal.append(journal_dir, {"step": "intent", "requests": request_ids, **rewrite.as_dict()})
    journal.swap(staged, path)
    journal.append(journal_dir, {"step": "done", "requests": request_ids, **rewrite.as_dict()})
    return rewrite
