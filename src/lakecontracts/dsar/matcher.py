"""Which rows of a Parquet table belong to the subjects being erased.

Two kinds of match, on every string column that may hold one:

- a stored hash: the column holds one of the subjects' node hashes or identity IDs exactly
  (stitch outputs, hashed Silver columns);
- a raw identifier: a column named for a registry identifier (``user_id``, ``anon_id``,
  ``context_session_id``...) holds a value whose HMAC under one of the request's key versions
  is a subject node. Only the column's distinct values are hashed, once per key.

Statistics prune exactly: a column chunk whose min..max holds no subject hash cannot hold one,
so the purge reads only the columns that may (the verification scans every column anyway).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lakecontracts.stitch.keys import StitchKey, hash_identifiers
from lakecontracts.stitch.rules import StitchRules

_STRINGS = (pa.string(), pa.large_string())
#: Raw identifier values whose verdict is remembered across the files of one purge or scan
#: (the same users recur in every partition; about 100 bytes each).
MEMO_LIMIT = 2_000_000


class _Memo:
    """Raw values already hashed, per identifier kind: a value is hashed once per run, not once
    per file. A file's distinct values are split into fresh and known subject values with set
    operations (C speed; an Arrow ``is_in`` against the values seen so far rebuilds its hash
    table every file, which cost more than the rewrite). Bounded by :data:`MEMO_LIMIT`; past
    it, new values are hashed every time."""

    def __init__(self) -> None:
        self.checked: dict[str, set[str]] = {}
        self.matched: dict[str, dict[str, set[str]]] = {}  # kind -> subject value -> hashes
        self.size = 0
        self.lock = threading.Lock()

    def split(self, kind: str, values: list[str]) -> tuple[list[str], list[str]]:
        """(values never hashed, known subject values among ``values``)."""
        distinct = set(values)
        with self.lock:
            fresh = distinct.difference(self.checked.get(kind, ()))
            known = distinct.intersection(self.matched.get(kind, {}))
        return sorted(fresh), sorted(known)

    def digests(self, kind: str, value: str) -> set[str]:
        """The subject hashes a matched raw value has (empty for any other value)."""
        with self.lock:
            return self.matched.get(kind, {}).get(value, set())

    def remember(self, kind: str, values: list[str], matched: dict[str, set[str]]) -> None:
        with self.lock:
            known = self.matched.setdefault(kind, {})
            for value, hashes in matched.items():
                known.setdefault(value, set()).update(hashes)
            if self.size + len(values) <= MEMO_LIMIT:
                self.checked.setdefault(kind, set()).update(values)
                self.size += len(values)

    def __getstate__(self) -> dict[str, object]:  # pickled into Spark tasks: no lock
        return {"checked": self.checked, "matched": self.matched, "size": self.size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.lock = threading.Lock()


@dataclass(frozen=True)
class Target:
    """What to look for: exact values (hashes, identity IDs) and identifier columns to hash."""

    values: tuple[str, ...]  # sorted
    keys: tuple[StitchKey, ...] = field(repr=False)
    # column name -> identifier kind, only for kinds the subjects have nodes of (the HMAC
    # message holds the kind, so a session_id column can never match a user_id node)
    identifier_columns: Mapping[str, str]
    # value (node hash, identity ID) -> the requests it belongs to, to count rows per request
    owners: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    memo: _Memo = field(default_factory=_Memo, compare=False, repr=False)

    @cached_property
    def value_set(self) -> frozenset[str]:
        return frozenset(self.values)


def make_target(
    nodes: Iterable[tuple[str, str]],
    identity_ids: Iterable[str],
    keys: Sequence[StitchKey],
    rules: StitchRules,
    owners: Mapping[str, frozenset[str]] | None = None,
) -> Target:
    """A target for the given (kind, hash) nodes; identity IDs derived from them count too.
    ``owners`` maps each value to its requests (see :func:`request_counts`)."""
    pairs = set(nodes)
    node_hashes = {h for _, h in pairs}
    kinds = {kind for kind, _ in pairs}
    values = node_hashes | set(identity_ids) | {derived_identity_id(h) for h in node_hashes}
    columns = {name: kind for name, kind in identifier_columns(rules).items() if kind in kinds}
    return Target(tuple(sorted(values)), tuple(keys), columns, dict(owners or {}))


def derived_identity_id(node_hash: str) -> str:
    """The identity ID the stitch gives a component whose first node is ``node_hash``."""
    return f"i-{node_hash[:32]}"


def identifier_columns(rules: StitchRules) -> dict[str, str]:
    """Column names that hold a registry identifier's raw value, and the identifier."""
    names: dict[str, str] = {}
    for rule in rules.identifiers:
        if rule.name.endswith(".*"):
            continue
        for name in (
            rule.name,
            rule.name.replace(".", "_"),
            rule.path[-1],
            "_".join(rule.path),
            ".".join(rule.path),
        ):
            names.setdefault(name, rule.name)
    return names


def string_columns(schema: pa.Schema) -> list[str]:
    return [f.name for f in schema if f.type in _STRINGS or _is_string_dictionary(f.type)]


def candidate_columns(metadata: pq.FileMetaData, target: Target) -> list[str]:
    """String columns that may hold a subject row, by the file's statistics."""
    schema = metadata.schema.to_arrow_schema()
    wanted = string_columns(schema)
    found: list[str] = []
    for name in wanted:
        if name in target.identifier_columns or _may_hold(metadata, name, target.values):
            found.append(name)
    return found


def _may_hold(metadata: pq.FileMetaData, name: str, values: Sequence[str]) -> bool:
    index = metadata.schema.to_arrow_schema().get_field_index(name)
    for group in range(metadata.num_row_groups):
        column = metadata.row_group(group).column(index)
        stats = column.statistics
        if stats is None or not stats.has_min_max:
            return True
        low, high = stats.min, stats.max
        if isinstance(low, bytes) or isinstance(high, bytes):
            return True
        at = bisect.bisect_left(values, low)
        if at < len(values) and values[at] <= high:
            return True
    return False


def subject_mask(table: pa.Table, target: Target, columns: Iterable[str]) -> pa.ChunkedArray:
    """True for each row in which one of ``columns`` matches the target."""
    value_set = pa.array(target.values, pa.string())
    mask: pa.ChunkedArray | None = None
    for name in columns:
        column = table.column(name)
        if _is_string_dictionary(column.type):
            column = column.cast(pa.string())
        hit = pc.is_in(column, value_set=value_set.cast(column.type))
        kind = target.identifier_columns.get(name)
        if kind is not None:
            raw = matched_raw_values(column, kind, target)
            if raw:
                hit = pc.or_(hit, pc.is_in(column, value_set=pa.array(raw, column.type)))
        mask = hit if mask is None else pc.or_(mask, hit)
    if mask is None:
        return pa.chunked_array([pa.array([False] * table.num_rows, pa.bool_())])
    return pc.fill_null(mask, False)


def matched_raw_values(column: pa.ChunkedArray, kind: str, target: Target) -> list[str]:
    """The column's distinct values whose HMAC (under any of the keys) is a target hash."""
    distinct = [v for v in pc.unique(column).to_pylist() if isinstance(v, str)]
    if not distinct:
        return []
    fresh, known = target.memo.split(kind, distinct)
    wanted = target.value_set
    found: dict[str, set[str]] = {}
    for key in target.keys:
        for value, digest in zip(fresh, hash_identifiers(key, kind, fresh), strict=True):
            if digest in wanted:
                found.setdefault(value, set()).add(digest)
    target.memo.remember(kind, fresh, found)
    return sorted(set(known) | set(found))


def request_counts(rows: pa.Table, target: Target, columns: Iterable[str]) -> dict[str, int]:
    """Rows per request among ``rows`` (the removed rows, all matching): a row counts for every
    request whose subject it holds, by stored hash, identity ID or raw identifier."""
    per_column: list[tuple[str | None, list[object]]] = []
    for name in columns:
        column = rows.column(name)
        if _is_string_dictionary(column.type):
            column = column.cast(pa.string())
        per_column.append((target.identifier_columns.get(name), column.to_pylist()))
    counts: dict[str, int] = {}
    for row in range(rows.num_rows):
        owners: set[str] = set()
        for kind, values in per_column:
            value = values[row]
            if not isinstance(value, str):
                continue
            owners.update(target.owners.get(value, ()))
            if kind is not None:
                for digest in target.memo.digests(kind, value):
                    owners.update(target.owners.get(digest, ()))
        for owner in owners:
            counts[owner] = counts.get(owner, 0) + 1
    return dict(sorted(counts.items()))


def _is_string_dictionary(kind: pa.DataType) -> bool:
    return pa.types.is_dictionary(kind) and kind.value_type in _STRINGS
