"""The lineage graph: the names every event version produces and the edges between them.

Each event version yields the chain contract file -> resolved schema -> validator module ->
event stream -> bronze table -> staging model -> Silver table. Nodes are ``kind:name``
strings (``table:bronze_events.booking__leg_created__v2``); edges are ``lineage_edge`` rows
(source, target, kind).

Names come from the targets that produce the artifacts (validators, governed tables, dbt
layout), gathered per version in :func:`version_datasets` for the catalog and the lineage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lakecontracts.codegen.dbt.layout import BRONZE_STATUSES, staging_model_name
from lakecontracts.codegen.governed_tables import bronze_table_name, catalog_database
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.resolved import ResolvedEvent
from lakecontracts.validator.naming import module_name

#: Edge kind -> what it means (source -> target).
EDGE_KINDS: dict[str, str] = {
    "resolves_to": "a contract file resolves to its draft-07 JSON Schema",
    "compiles_to": "a resolved schema is compiled into a standalone validator module",
    "validates": "a validator admits the records of an event version",
    "lands_in": "an event version's accepted records land in its bronze table",
    "stages": "a bronze table is read by the event's staging model",
    "feeds": "a staging model feeds a Silver table",
}


@dataclass(frozen=True, order=True)
class Node:
    """A dataset or artifact: ``kind`` says which (contract, schema, table, ...)."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass(frozen=True, order=True)
class Edge:
    source: Node
    target: Node
    kind: str


@dataclass(frozen=True)
class VersionDatasets:
    """The names one event version produces, from its contract file to its Silver table."""

    contract_file: Node
    schema_file: Node
    validator: Node
    stream: Node
    bronze_table: Node
    staging_model: Node | None  # None when dbt does not stage it (draft, or no Silver mapping)
    silver_table: Node | None  # None without a Silver mapping

    def edges(self) -> list[Edge]:
        chain = [
            (self.contract_file, self.schema_file, "resolves_to"),
            (self.schema_file, self.validator, "compiles_to"),
            (self.validator, self.stream, "validates"),
            (self.stream, self.bronze_table, "lands_in"),
        ]
        if self.staging_model is not None:
            chain.append((self.bronze_table, self.staging_model, "stages"))
            if self.silver_table is not None:
                chain.append((self.staging_model, self.silver_table, "feeds"))
        return [Edge(source, target, kind) for source, target, kind in chain]


def version_datasets(event: ResolvedEvent, config: RegistryConfig) -> VersionDatasets:
    contract = event.contract
    silver = contract.silver
    return VersionDatasets(
        contract_file=Node("contract", _relative(contract.path, config)),
        schema_file=Node("schema", f"schemas/{contract.event}/v{contract.v}.schema.json"),
        validator=Node("validator", f"validators/{module_name(contract.event, contract.v)}.py"),
        stream=Node("event", contract.key),
        bronze_table=Node(
            "table",
            f"{catalog_database(config, 'bronze')}.{bronze_table_name(contract.event, contract.v)}",
        ),
        staging_model=Node("dbt_model", staging_model_name(contract.event))
        if silver is not None and contract.status in BRONZE_STATUSES
        else None,
        silver_table=None
        if silver is None
        else Node("table", f"{catalog_database(config, 'silver')}.{silver.table}"),
    )


def lineage_edges(inp: GenerationInput) -> list[Edge]:
    """Every edge of every event version, each once, sorted."""
    config = inp.registry.config
    return sorted({edge for e in inp.events for edge in version_datasets(e, config).edges()})


def _relative(path: Path, config: RegistryConfig) -> str:
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
