"""The identifier rules the stitch applies, read from ``generated/runtime/config.json``.

The runtime never reads YAML: ``contracts generate`` copies each identifier's stitch
declaration (links, cap, weight, lifetime, blocked values) from registry.yaml into the runtime
config (``codegen/runtime_config.py``), and this module turns it into typed rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.errors import Location, StitchInputError

GRAPHS = ("analytics", "fraud")


@dataclass(frozen=True)
class IdentifierRule:
    """How one identifier takes part in the graph; ``rank`` orders anchors (0 links first)."""

    name: str
    path: tuple[str, ...]  # below the envelope, e.g. ("context", "device", "ua_hash")
    prefix: str
    links: str
    max_per_identity: int | None
    weight: float
    lifetime_hours: int | None
    blocked_values: frozenset[str]
    blocked_patterns: tuple[re.Pattern[str], ...]
    rank: int

    def blocked(self, value: str) -> bool:
        """A placeholder or test value (``null``, ``anonymous``, ``^0+$``), with or without
        the identifier's prefix."""
        bare = value[len(self.prefix) :] if self.prefix and value.startswith(self.prefix) else value
        for candidate in {value, bare}:
            if candidate.lower() in self.blocked_values or not candidate.strip():
                return True
            if any(pattern.search(candidate) for pattern in self.blocked_patterns):
                return True
        return False


@dataclass(frozen=True)
class StitchRules:
    key_version: int
    max_component_size: int | None
    identifiers: tuple[IdentifierRule, ...]

    def linking(self, graph: str) -> tuple[IdentifierRule, ...]:
        """Identifiers that create edges in ``graph`` (fraud also uses the analytics ones)."""
        allowed = {"analytics": ("analytics",), "fraud": ("analytics", "fraud")}[graph]
        # A family (ids.*) has no fixed path; lint keeps it at links: none anyway.
        return tuple(
            rule
            for rule in self.identifiers
            if rule.links in allowed and not rule.name.endswith(".*")
        )

    def rule(self, name: str) -> IdentifierRule:
        return next(rule for rule in self.identifiers if rule.name == name)


def load_rules(generated: Path) -> StitchRules:
    """The stitch section of ``generated/runtime/config.json``."""
    path = generated / "runtime" / "config.json"
    try:
        body = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise StitchInputError(
            f"no runtime config at {path}",
            location=Location(str(path)),
            hint="run `contracts generate` (or pass --generated DIR)",
        ) from None
    stitch = body.get("stitch") if isinstance(body, dict) else None
    if not isinstance(stitch, dict):
        raise StitchInputError(
            "the runtime config has no stitch section",
            location=Location(str(path)),
            hint="regenerate it with this version: `contracts generate`",
        )
    return StitchRules(
        key_version=int(stitch["key_version"]),
        max_component_size=stitch.get("max_component_size"),
        identifiers=tuple(_rule(spec, rank) for rank, spec in enumerate(stitch["identifiers"])),
    )


def _rule(spec: dict[str, Any], rank: int) -> IdentifierRule:
    return IdentifierRule(
        name=spec["name"],
        path=tuple(spec["path"].split(".")),
        prefix=spec["prefix"],
        links=spec["links"],
        max_per_identity=spec.get("max_per_identity"),
        weight=float(spec["weight"]),
        lifetime_hours=spec.get("lifetime_hours"),
        blocked_values=frozenset(v.lower() for v in spec["blocked_values"]),
        blocked_patterns=tuple(re.compile(p) for p in spec["blocked_patterns"]),
        rank=rank,
    )
