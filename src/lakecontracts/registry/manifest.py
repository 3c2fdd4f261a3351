"""The content-addressed manifest: every event version with its schema hash.

The manifest hash depends only on content: the resolved schemas (canonical JSON, RFC 8785)
and the governance facts, sorted by event and version. File order, YAML formatting, comments
and key order cannot change it. Where it came from (git commit) is written beside it, in a
separate provenance file, so the manifest itself stays byte-identical across commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lakecontracts import __version__
from lakecontracts.jsonout import json_file_bytes
from lakecontracts.registry.canonical import sha256_hex
from lakecontracts.registry.naming import require_safe_names
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent, resolve_all

MANIFEST_FORMAT = "lakecontracts.manifest/1"
MANIFEST_FILE = "manifest.json"
PROVENANCE_FILE = "manifest.provenance.json"


@dataclass(frozen=True)
class Manifest:
    body: dict[str, Any]

    @property
    def hash(self) -> str:
        return str(self.body["manifest_hash"])

    @property
    def events(self) -> list[dict[str, Any]]:
        return list(self.body["events"])

    def to_bytes(self) -> bytes:
        """Stable, human-readable JSON: sorted keys, two-space indent, trailing newline."""
        return json_file_bytes(self.body, sort_keys=True)


def build_manifest(registry: Registry, events: list[ResolvedEvent] | None = None) -> Manifest:
    """Build the manifest from the resolved contracts (resolving them if not given).

    The runtime turns the manifest's event names into module and table names, so a registry
    that fails the safe-name rules has no manifest (:func:`require_safe_names`).
    """
    if events is None:
        require_safe_names(registry.contracts())
    resolved_events = resolve_all(registry) if events is None else events
    entries = [_entry(registry, resolved) for resolved in resolved_events]
    entries.sort(key=lambda e: (e["event"], e["v"]))
    hashed = {"format": MANIFEST_FORMAT, "registry": registry.config.name, "events": entries}
    body = {**hashed, "manifest_hash": "sha256:" + sha256_hex(hashed)}
    return Manifest(body)


def _entry(registry: Registry, resolved: ResolvedEvent) -> dict[str, Any]:
    config = registry.config
    contract = resolved.contract
    return {
        "event": contract.event,
        "v": contract.v,
        "status": contract.status,
        "owner": contract.owner,
        "privacy_tier": contract.privacy_tier,
        "compatibility": contract.compatibility or config.default_compatibility,
        "schema_uri": config.schema_uri(contract.event, contract.v),
        "schema_hash": resolved.schema_hash,
        "supersedes": contract.supersedes,
        "identifiers": sorted(contract.identifiers),
        "silver_table": contract.silver.table if contract.silver else None,
    }


def provenance(registry: Registry, manifest: Manifest) -> dict[str, Any]:
    """The git commit the manifest was built from (None outside a git work tree)."""
    commit, dirty = _git_state(registry.root)
    return {
        "manifest_hash": manifest.hash,
        "git_commit": commit,
        "git_dirty": dirty,
        "generated_by": f"lakecontracts {__version__}",
    }


def _git_state(root: Path) -> tuple[str | None, bool | None]:
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
        commit = repo.head.commit.hexsha if repo.head.is_valid() else None
        return commit, repo.is_dirty(untracked_files=True, path=str(root))
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandNotFound):
        return None, None  # not a git work tree, or no git: provenance is optional
