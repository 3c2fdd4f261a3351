"""What a lint rule sees: one contract document plus the registry around it.

Rules read plain data defensively (a broken file must not crash a rule); the helpers here
walk the payload's schemas once so each rule stays a few lines long.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.fields import EVERYWHERE, FieldSite, walk_fields
from lakecontracts.registry.json_types import declared_types
from lakecontracts.registry.naming import schema_nodes
from lakecontracts.registry.yamlsource import JsonPath, YamlDocument


@dataclass
class LintContext:
    """One contract file under lint."""

    doc: YamlDocument
    config: RegistryConfig
    relpath: PurePosixPath  # relative to the registry root, e.g. events/booking/leg_created/v1.yaml
    registry_files: frozenset[PurePosixPath] = field(default_factory=frozenset)

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    def get(self, key: str, kind: type | tuple[type, ...] = object) -> Any:
        """A top-level value if present and of ``kind``, else None."""
        value = self.data.get(key)
        if isinstance(value, bool) and kind in (int, float):
            return None
        return value if isinstance(value, kind) else None

    @property
    def payload(self) -> dict[str, Any]:
        payload = self.data.get("payload")
        return payload if isinstance(payload, dict) else {}

    @property
    def silver(self) -> dict[str, Any]:
        silver = self.data.get("silver")
        return silver if isinstance(silver, dict) else {}

    @cached_property
    def schemas(self) -> list[tuple[JsonPath, dict[str, Any]]]:
        """Every schema object in the payload (payload itself first), with its path."""
        return schema_nodes(self.data.get("payload"))

    @cached_property
    def properties(self) -> list[FieldSite]:
        """Every named property of every schema in the payload, as written (``$ref`` not
        entered), with its path in the file."""
        return list(walk_fields(self.data.get("payload"), into=EVERYWHERE, path=("payload",)))

    @cached_property
    def plain_properties(self) -> dict[str, FieldSite]:
        """The payload's fields reached through properties alone, by dotted name."""
        return {site.name: site for site in self.properties if site.plain}

    def payload_property(self, dotted: str) -> FieldSite | None:
        """The property at a dotted payload path (``amount.currency``), following objects."""
        return self.plain_properties.get(dotted)

    def tier_rank(self, tier: Any) -> int:
        return self.config.tier_rank(tier) if isinstance(tier, str) else -1


def is_nullable(schema: dict[str, Any]) -> bool:
    enum = schema.get("enum")
    return "null" in declared_types(schema) or (isinstance(enum, list) and None in enum)


def envelope_has_path(envelope: dict[str, Any], dotted: str) -> bool:
    """True when ``meta.x`` / ``context.y.z`` names a property of the envelope schema."""
    schema: Any = envelope
    for part in dotted.split("."):
        props = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(props, dict) or part not in props:
            return False
        schema = props[part]
    return True
