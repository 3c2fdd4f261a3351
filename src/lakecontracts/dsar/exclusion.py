"""The exclusion list as an ingest filter: drop late events of erased subjects.

An envelope is tombstoned when an identifier at its registry path (``context.user_id``,
``context.anon_id``...) HMACs, under a key version the list uses, to a listed node. The list
holds hashes only, so the filter needs the stitch keys; a list whose key is missing is an
error (ingesting without the filter would bring erased subjects back).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from lakecontracts.dsar import state
from lakecontracts.stitch.keys import StitchKey, hash_identifier, load_key
from lakecontracts.stitch.rules import StitchRules

Tombstoned = Callable[[dict[str, Any]], bool]


def exclusion_filter(
    entries: list[dict[str, Any]], keys: Mapping[int, StitchKey], rules: StitchRules
) -> Tombstoned | None:
    """None when nothing is excluded (ingest pays nothing then)."""
    if not entries:
        return None
    wanted = frozenset(str(e["hash"]) for e in entries)
    versions = sorted({int(e["key_version"]) for e in entries})
    used = tuple(keys[v] for v in versions)
    paths = tuple(
        (rule.name, rule.path) for rule in rules.identifiers if not rule.name.endswith(".*")
    )

    def tombstoned(envelope: dict[str, Any]) -> bool:
        for kind, path in paths:
            value: Any = envelope
            for step in path:
                value = value.get(step) if type(value) is dict else None
            if type(value) is str and any(
                hash_identifier(key, kind, value) in wanted for key in used
            ):
                return True
        return False

    return tombstoned


def load_filter(path: Path, rules: StitchRules, key_file: Path | None = None) -> Tombstoned | None:
    """The filter of the exclusion list at ``path`` (keys from the environment or ``key_file``)."""
    entries = state.read_exclusions_file(path)
    versions = sorted({int(e["key_version"]) for e in entries})
    keys = {v: load_key(v, key_file) for v in versions}
    return exclusion_filter(entries, keys, rules)
