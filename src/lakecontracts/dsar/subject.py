"""A data subject as hashed identity-graph nodes: the requested ID and everything linked to it.

The requested identifier is hashed with the stitch's HMAC under every key given (one per key
version still present in the identity outputs), then expanded over ``identity_link`` (expired
edges too: an anon_id once linked to the user is the user's data; edges the over-merge guard
cut are not followed, they join different people) and over the current component in
``identity_graph_snapshot``. A subject the stitch never saw is just its own hashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lakecontracts.errors import DsarError, Location
from lakecontracts.stitch.keys import StitchKey, hash_identifier

SUBJECT_KINDS = ("user_id", "anon_id")


@dataclass(frozen=True, order=True)
class Node:
    """One hashed identifier of the subject."""

    kind: str
    key_version: int
    hash: str

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "key_version": self.key_version, "hash": self.hash}


@dataclass(frozen=True)
class Expansion:
    """The subject's nodes (sorted) and the identity IDs they held when the request was made."""

    kind: str
    subject_hash: str  # the requested identifier under the newest key
    nodes: tuple[Node, ...]
    identity_ids: tuple[str, ...]

    def hashes(self) -> frozenset[str]:
        return frozenset(node.hash for node in self.nodes)


def expand(identity: Path, kind: str, value: str, keys: Sequence[StitchKey]) -> Expansion:
    if kind not in SUBJECT_KINDS:
        raise DsarError(f"a subject is a user_id or an anon_id, not {kind!r}")
    if not value or len(value) > 256 or not value.isprintable():
        raise DsarError(
            "the subject ID is empty, longer than 256 characters or holds control characters",
            hint="pass the identifier exactly as events carry it, e.g. --user-id u-abc123",
        )
    if not keys:
        raise DsarError("no stitch key to hash the subject with")
    seeds = {Node(kind, key.version, hash_identifier(key, kind, value)) for key in keys}
    newest = max(keys, key=lambda key: key.version)
    nodes, identity_ids = _closure(identity, seeds)
    return Expansion(
        kind=kind,
        subject_hash=hash_identifier(newest, kind, value),
        nodes=tuple(sorted(nodes)),
        identity_ids=tuple(sorted(identity_ids)),
    )


def _closure(identity: Path, seeds: set[Node]) -> tuple[set[Node], set[str]]:
    links = _read(identity, "identity_link", ["src", "dst", "src_kind", "dst_kind", "key_version"])
    snapshot = _read(
        identity, "identity_graph_snapshot", ["node", "kind", "key_version", "identity_id"]
    )
    nodes = set(seeds)
    identity_ids: set[str] = set()
    frontier = {node.hash for node in seeds}
    while frontier:
        found: set[Node] = set()
        if links is not None:
            found |= _linked(links, frontier)
        if snapshot is not None:
            members, ids = _same_identity(snapshot, frontier)
            found |= members
            identity_ids |= ids
        frontier = {node.hash for node in found - nodes}
        nodes |= found
    return nodes, identity_ids


def _read(identity: Path, name: str, columns: list[str]) -> pa.Table | None:
    path = identity / f"{name}.parquet"
    if not path.is_file():
        return None
    try:
        table = pq.read_table(path, columns=columns)
        if "cut" in pq.read_schema(path).names:
            cut = pq.read_table(path, columns=["cut"]).column("cut")
            table = table.filter(pc.invert(pc.fill_null(cut, False)))
        return table
    except (pa.ArrowException, OSError, KeyError) as exc:
        raise DsarError(
            f"identity output {path} cannot be read: {exc}",
            location=Location(str(path)),
            hint="restore the stitch outputs or rerun `contracts stitch` before the request",
        ) from None


def _linked(links: pa.Table, frontier: set[str]) -> set[Node]:
    wanted = pa.array(sorted(frontier), pa.string())
    hit = links.filter(
        pc.or_(pc.is_in(links.column("src"), wanted), pc.is_in(links.column("dst"), wanted))
    )
    found: set[Node] = set()
    for row in hit.to_pylist():
        found.add(Node(row["src_kind"], int(row["key_version"]), row["src"]))
        found.add(Node(row["dst_kind"], int(row["key_version"]), row["dst"]))
    return found


def _same_identity(snapshot: pa.Table, frontier: set[str]) -> tuple[set[Node], set[str]]:
    wanted = pa.array(sorted(frontier), pa.string())
    ids = pc.unique(snapshot.filter(pc.is_in(snapshot.column("node"), wanted))["identity_id"])
    members = snapshot.filter(pc.is_in(snapshot.column("identity_id"), ids))
    found = {Node(row["kind"], int(row["key_version"]), row["node"]) for row in members.to_pylist()}
    return found, {str(value) for value in ids.to_pylist() if value is not None}


def stored_key_versions(identity: Path) -> set[int]:
    """The key versions the identity graph's nodes were hashed under."""
    nodes = _read(identity, "identity_graph_snapshot", ["key_version"])
    if nodes is None:
        return set()
    return {int(v) for v in pc.unique(nodes.column("key_version")).to_pylist() if v is not None}
