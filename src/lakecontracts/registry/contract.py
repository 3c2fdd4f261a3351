"""The contract model: one event version, built from its YAML file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lakecontracts.errors import ContractStructureError
from lakecontracts.registry.structure import structure_violations
from lakecontracts.registry.yamlsource import YamlDocument

LIVE_STATUSES = ("active", "deprecated")


@dataclass(frozen=True)
class SilverMapping:
    """How an event version feeds its Silver table: column name -> source path."""

    table: str
    natural_key: tuple[str, ...]
    columns: dict[str, str]
    references: dict[str, str]


@dataclass(frozen=True)
class Contract:
    """One event version as declared in ``events/<domain>/<name>/v<N>.yaml``."""

    event: str
    v: int
    status: str
    owner: str
    description: str
    privacy_tier: str
    payload: dict[str, Any]
    supersedes: int | None
    compatibility: str | None
    identifiers: tuple[str, ...]
    silver: SilverMapping | None
    deprecated_on: str | None
    sunset_on: str | None
    retired_on: str | None
    path: Path
    document: YamlDocument

    @property
    def key(self) -> str:
        return f"{self.event}@{self.v}"

    @property
    def domain(self) -> str:
        return self.event.split(".", 1)[0]


def contract_from_document(doc: YamlDocument, path: Path) -> Contract:
    """Build the model, raising :class:`ContractStructureError` at the first misplaced value."""
    problems = structure_violations(doc.data, "contract")
    if problems:
        first = problems[0]
        more = (
            f" (and {len(problems) - 1} more; run `contracts lint` for all)" if problems[1:] else ""
        )
        raise ContractStructureError(
            f"invalid contract: {first.message}{more}",
            location=doc.location(first.path, key=first.at_key),
            hint="compare with an existing contract or run `contracts lint` on the file",
        )
    data = doc.data
    silver = data.get("silver")
    return Contract(
        event=data["event"],
        v=data["v"],
        status=data["status"],
        owner=data["owner"],
        description=data["description"],
        privacy_tier=data["privacy_tier"],
        payload=data["payload"],
        supersedes=data.get("supersedes"),
        compatibility=data.get("compatibility"),
        identifiers=tuple(data.get("identifiers", ())),
        silver=None
        if silver is None
        else SilverMapping(
            table=silver["table"],
            natural_key=tuple(silver.get("natural_key", ())),
            columns=dict(silver["columns"]),
            references=dict(silver.get("references", {})),
        ),
        deprecated_on=data.get("deprecated_on"),
        sunset_on=data.get("sunset_on"),
        retired_on=data.get("retired_on"),
        path=path,
        document=doc,
    )
