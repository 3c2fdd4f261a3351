"""Where a lake's layers live on disk, and the keys and rules a DSAR command works with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lakecontracts.dsar.matcher import Target, derived_identity_id, make_target
from lakecontracts.errors import DsarError
from lakecontracts.registry.sections import Residual
from lakecontracts.stitch.keys import StitchKey
from lakecontracts.stitch.rules import StitchRules

PARQUET_LAYERS = ("silver", "gold")
NDJSON_LAYERS = ("bronze", "quarantine")
IDENTITY_FOLDER = "identity"
DSAR_FOLDER = "dsar"


@dataclass(frozen=True)
class Lake:
    root: Path  # storage.local_root
    rules: StitchRules
    keys: Mapping[int, StitchKey] = field(repr=False)
    identity: Path | None = None
    residual: tuple[Residual, ...] = ()  # registry.yaml storage.residual, for the receipt

    @property
    def folder(self) -> Path:
        return self.root / DSAR_FOLDER

    @property
    def identity_dir(self) -> Path:
        return self.identity or self.root / IDENTITY_FOLDER

    def keys_for(self, versions: list[int]) -> tuple[StitchKey, ...]:
        missing = sorted(set(versions) - set(self.keys))
        if missing:
            raise DsarError(
                f"no stitch key for key version(s) {', '.join(map(str, missing))}",
                hint="export CONTRACTS_STITCH_KEY_V<N> for every version the requests used",
            )
        return tuple(self.keys[v] for v in sorted(set(versions)))


def target_of(lake: Lake, requests: list[dict[str, Any]]) -> Target:
    nodes = {(node["kind"], node["hash"]) for record in requests for node in record["nodes"]}
    ids = {i for record in requests for i in record["identity_ids"]}
    versions = sorted({v for record in requests for v in record["key_versions"]})
    owners: dict[str, set[str]] = {}
    for record in requests:
        hashes = [node["hash"] for node in record["nodes"]]
        values = [*hashes, *record["identity_ids"], *map(derived_identity_id, hashes)]
        for value in values:
            owners.setdefault(value, set()).add(record["request_id"])
    frozen = {value: frozenset(owned) for value, owned in owners.items()}
    return make_target(nodes, ids, lake.keys_for(versions), lake.rules, frozen)
