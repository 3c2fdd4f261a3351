"""The lakehouse tables with their governance facts: what access-control targets tag and grant.

A bronze table per event version (``<domain>__<name>__v<N>`` in the bronze database, top-level
columns ``meta``/``context``/``payload``/``ingest`` plus the ``dt``/``hour`` partitions) and a
Silver table per ``silver.table`` (columns from the contracts' Silver mappings plus the ``dt``
partition, the UTC date the event occurred). Names and
columns follow the shared type mapping (:mod:`lakecontracts.codegen.types`), the same way the
Athena and Glue targets name them.

Tiers: a column's tier follows :func:`lakecontracts.registry.tiers.field_tier`; a column holding a
struct takes the most sensitive tier and PII class found anywhere inside it (Lake Formation tags
top-level columns only, so a restricted leaf makes its whole struct restricted). A Silver table
fed by several versions takes the most sensitive tier of any of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.types import STRING, Column, ColumnType, TypeMapper
from lakecontracts.errors import Location, RegistryConfigError
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.naming import versioned_name
from lakecontracts.registry.resolved import ResolvedEvent
from lakecontracts.registry.tiers import field_tier

LAYERS = ("bronze", "silver", "gold")
NEEDED_FOR = "Athena tables, Lake Formation grants and lineage"
NON_PERSONAL_PII = "none"

#: The bronze record's ``ingest`` object (brief §4), added by the ingest step to every record.
INGEST = Column(
    "ingest",
    ColumnType(
        "struct",
        fields=(
            Column("ingested_at", ColumnType("timestamp"), path="ingest.ingested_at"),
            Column("partition_key", STRING, path="ingest.partition_key"),
            Column("privacy_tier", STRING, path="ingest.privacy_tier"),
            Column("manifest_hash", STRING, path="ingest.manifest_hash"),
            Column("schema_hash", STRING, path="ingest.schema_hash"),
        ),
    ),
    nullable=False,
    description="Set by ingest: when and how the record reached bronze.",
    path="ingest",
)
PARTITIONS = (
    Column("dt", STRING, nullable=False, description="Ingest date, YYYY-MM-DD.", path="dt"),
    Column("hour", STRING, nullable=False, description="Ingest hour, HH.", path="hour"),
)
#: Silver's partition: the UTC date the event occurred, as the Silver models write it
#: (``<table>/dt=YYYY-MM-DD/``); a string like bronze's, which date projection enumerates.
SILVER_PARTITIONS = (
    Column(
        "dt",
        STRING,
        nullable=False,
        description="UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.",
        path="dt",
    ),
)


@dataclass(frozen=True)
class GovernedColumn:
    """A top-level column with the tier and PII class access control uses."""

    column: Column
    tier: str
    pii: str
    partition: bool = False

    @property
    def name(self) -> str:
        return self.column.name


@dataclass(frozen=True)
class GovernedTable:
    """A catalog table with its layer, domain, tier and governed columns."""

    layer: str
    database: str
    name: str
    domain: str
    tier: str
    columns: tuple[GovernedColumn, ...]
    location: str
    sources: tuple[str, ...]  # event@v keys feeding the table

    def column(self, name: str) -> GovernedColumn | None:
        return next((c for c in self.columns if c.name == name), None)


class Sensitivity:
    """Orders tiers and PII classes as the registry declares them."""

    def __init__(self, config: RegistryConfig) -> None:
        self.config = config

    def max_tier(self, tiers: Iterable[str]) -> str:
        return max(tiers, key=self.config.tier_rank)

    def pii_rank(self, pii: str) -> int:
        if pii == NON_PERSONAL_PII:
            return -1
        min_tier = self.config.pii_classes.get(pii, {}).get("min_tier")
        return self.config.tier_rank(min_tier) if isinstance(min_tier, str) else 0

    def max_pii(self, classes: Iterable[str]) -> str:
        return max(classes, key=self.pii_rank, default=NON_PERSONAL_PII)

    def govern(self, column: Column, default_tier: str, partition: bool = False) -> GovernedColumn:
        leaves = list(_walk(column))
        tier = self.max_tier(field_tier(leaf.annotations, default_tier) for leaf in leaves)
        pii = self.max_pii(leaf.pii for leaf in leaves)
        return GovernedColumn(column, tier, pii, partition)


def _walk(column: Column) -> Iterable[Column]:
    yield column
    element = column.type
    while element.kind in ("array", "map") and element.element is not None:
        element = element.element
    for field in element.fields:
        yield from _walk(field)


def database_names(config: RegistryConfig) -> dict[str, str]:
    """Layer -> catalog database name, from ``catalog.<layer>_database``."""
    return config.catalog.databases()


def catalog_database(config: RegistryConfig, layer: str) -> str:
    """``catalog.<layer>_database`` from registry.yaml; a located error when it is missing."""
    return config.catalog.required_database(layer, NEEDED_FOR)


def _storage(config: RegistryConfig, layer: str) -> str:
    return config.storage.required_location(layer, NEEDED_FOR).rstrip("/")


def bronze_table_name(event: str, version: int) -> str:
    """The bronze table of an event version (lowercase, as Athena stores names)."""
    return versioned_name(event, version).lower()


def bronze_tables(config: RegistryConfig, events: Iterable[ResolvedEvent]) -> list[GovernedTable]:
    database, root = catalog_database(config, "bronze"), _storage(config, "bronze")
    sensitivity = Sensitivity(config)
    tables = []
    for event in events:
        tier = event.contract.privacy_tier
        envelope = TypeMapper(event.schema, event.contract.key).columns(event.schema)
        columns = [sensitivity.govern(c, tier) for c in (*envelope, INGEST)]
        columns += [sensitivity.govern(c, tier, partition=True) for c in PARTITIONS]
        tables.append(
            GovernedTable(
                layer="bronze",
                database=database,
                name=bronze_table_name(event.event, event.v),
                domain=event.contract.domain,
                tier=tier,
                columns=tuple(columns),
                location=f"{root}/event={event.event}/v={event.v}/",
                sources=(event.contract.key,),
            )
        )
    return tables


def silver_tables(config: RegistryConfig, events: Iterable[ResolvedEvent]) -> list[GovernedTable]:
    """One table per ``silver.table``; columns in the newest version's order, older ones after."""
    database, root = catalog_database(config, "silver"), _storage(config, "silver")
    feeds: dict[str, list[ResolvedEvent]] = {}
    for event in events:
        if event.contract.silver is not None:
            feeds.setdefault(event.contract.silver.table, []).append(event)
    return [
        _silver_table(config, database, f"{root}/{name}/", name, versions)
        for name, versions in sorted(feeds.items())
    ]


def _silver_table(
    config: RegistryConfig, database: str, location: str, name: str, feeds: list[ResolvedEvent]
) -> GovernedTable:
    sensitivity = Sensitivity(config)
    newest_first = sorted(feeds, key=lambda e: (e.event, e.v), reverse=True)
    governed: dict[str, list[GovernedColumn]] = {}
    for event in newest_first:
        mapper = TypeMapper(event.schema, event.contract.key)
        mapping = event.contract.silver.columns if event.contract.silver else {}
        for column_name, path in mapping.items():
            source = mapper.at_path(path)
            column = replace(source, name=column_name.lower())
            governed.setdefault(column_name, []).append(
                sensitivity.govern(column, event.contract.privacy_tier)
            )
    domains = sorted({event.contract.domain for event in feeds})
    if len(domains) != 1:
        raise RegistryConfigError(
            f"Silver table {name!r} is fed by events of several domains ({', '.join(domains)})",
            location=_where(newest_first[0]),
            hint="a Lake Formation resource holds one `domain` tag: feed a table from one domain",
        )
    columns = tuple(
        GovernedColumn(
            versions[0].column,
            sensitivity.max_tier(c.tier for c in versions),
            sensitivity.max_pii(c.pii for c in versions),
        )
        for versions in governed.values()
    )
    tier = sensitivity.max_tier(e.contract.privacy_tier for e in feeds)
    columns += tuple(sensitivity.govern(c, tier, partition=True) for c in SILVER_PARTITIONS)
    return GovernedTable(
        layer="silver",
        database=database,
        name=name.lower(),
        domain=domains[0],
        tier=tier,
        columns=columns,
        location=location,
        sources=tuple(sorted(e.contract.key for e in feeds)),
    )


def _where(event: ResolvedEvent) -> Location:
    return event.contract.document.location(("silver", "table"))


def governed_tables(config: RegistryConfig, events: Iterable[ResolvedEvent]) -> list[GovernedTable]:
    """Every bronze and Silver table, bronze first, each layer sorted by name."""
    events = list(events)
    bronze = sorted(bronze_tables(config, events), key=lambda t: t.name)
    return bronze + silver_tables(config, events)


def run_tables(inp: GenerationInput) -> list[GovernedTable]:
    """``governed_tables`` of the run's registry, built once for every target that needs it."""
    return list(
        inp.once("governed_tables", lambda: governed_tables(inp.registry.config, inp.events))
    )
