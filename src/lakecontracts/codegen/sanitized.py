"""Which Silver columns the sanitized tables hold: what every ``sanitized_only`` workspace
(Metabase) may read under the Lake Formation policy, and which go to ``silver_private``.

One rule for every artifact that splits Silver (the dbt models, the Athena ``metabase_*``
views): a column is sanitized when every sanitized_only workspace's visibility
(:func:`lakecontracts.codegen.aws.lakeformation.visibility`: tier at most its capped tier,
PII class ``none``) allows it, the same test the tag grants encode.
"""

from __future__ import annotations

from collections.abc import Iterable

from lakecontracts.codegen.aws.lakeformation import visibility
from lakecontracts.codegen.governed_tables import GovernedTable, silver_tables
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.resolved import ResolvedEvent


def sanitized_split(
    config: RegistryConfig, events: Iterable[ResolvedEvent]
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Silver table -> (sanitized columns, private columns), lowercase, in table order.

    Empty when the registry has no sanitized_only workspace: nothing is split off then.
    """
    sanitized = [w for w in config.workspaces if w.sanitized_only]
    if not sanitized:
        return {}
    views = [visibility(config, w) for w in sanitized]

    def split(table: GovernedTable) -> tuple[tuple[str, ...], tuple[str, ...]]:
        allowed = [all(v.allows(c) for v in views) for c in table.columns]
        return (
            tuple(c.name for c, ok in zip(table.columns, allowed, strict=True) if ok),
            tuple(c.name for c, ok in zip(table.columns, allowed, strict=True) if not ok),
        )

    return {table.name: split(table) for table in silver_tables(config, events)}
