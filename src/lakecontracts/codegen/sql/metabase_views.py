"""Athena views ``<gold database>.metabase_<table>``: Metabase's window on Silver.

Metabase reads Silver through these views only (registry ``workspaces``: ``sanitized_only``):
each selects, from the Silver table, the columns the sanitized rule allows
(:mod:`lakecontracts.codegen.sanitized`). Athena views are Trino SQL: identifiers are
double-quoted, one statement per file.
"""

from __future__ import annotations

from collections.abc import Iterable

from lakecontracts.codegen.governed_tables import catalog_database
from lakecontracts.codegen.sanitized import sanitized_split
from lakecontracts.codegen.sql.dialects import DIALECTS
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.resolved import ResolvedEvent

PREFIX = "metabase_"
TRINO = DIALECTS["athena-dml"]


def metabase_views(config: RegistryConfig, events: Iterable[ResolvedEvent]) -> dict[str, str]:
    """File path (``<gold>/metabase_<table>.sql``) -> CREATE OR REPLACE VIEW statement."""
    split = sanitized_split(config, events)
    if not split:
        return {}
    gold, silver = catalog_database(config, "gold"), catalog_database(config, "silver")
    views: dict[str, str] = {}
    for table, (columns, _) in sorted(split.items()):
        if not columns:
            continue
        listed = ",\n    ".join(TRINO.quote(c) for c in columns)
        views[f"{gold}/{PREFIX}{table}.sql"] = (
            f"CREATE OR REPLACE VIEW {TRINO.quote(gold)}.{TRINO.quote(PREFIX + table)} AS\n"
            f"SELECT\n    {listed}\nFROM {TRINO.quote(silver)}.{TRINO.quote(table)}\n"
        )
    return views
