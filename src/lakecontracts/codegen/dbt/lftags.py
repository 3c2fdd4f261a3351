"""dbt-athena's ``lf_tags_config`` for the Silver models, from the Lake Formation policy.

dbt-athena drops and recreates a table on a full refresh, and a recreated table has no LF-Tags
until someone assigns them again; with ``lf_tags_config`` the adapter assigns them after every
run. The tags are read from the ``lakeformation`` target's own ``AddLFTagsToResource`` requests
for the table (:class:`~lakecontracts.codegen.aws.lakeformation.PolicyBuilder`), so the model,
the API requests and the CloudFormation template carry one policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lakecontracts.codegen.aws.lakeformation import ACCOUNT_ID, PolicyBuilder
from lakecontracts.codegen.dbt.text import jinja_list, jinja_str
from lakecontracts.codegen.governed_tables import silver_tables
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.resolved import ResolvedEvent


@dataclass(frozen=True)
class LfTags:
    """One table's ``lf_tags_config``: its table tags and, per tag and value, the columns
    carrying it (columns the registry does not govern inherit the table's tags)."""

    table: Mapping[str, str]
    columns: Mapping[str, Mapping[str, tuple[str, ...]]]

    def jinja(self) -> str:
        tags = ", ".join(f"{jinja_str(k)}: {jinja_str(v)}" for k, v in self.table.items())
        columns = ", ".join(
            f"{jinja_str(key)}: {{"
            + ", ".join(f"{jinja_str(v)}: {jinja_list(list(c))}" for v, c in values.items())
            + "}"
            for key, values in self.columns.items()
        )
        return f"{{'enabled': true, 'tags': {{{tags}}}, 'tags_columns': {{{columns}}}}}"


def silver_lf_tags(config: RegistryConfig, events: list[ResolvedEvent]) -> dict[str, LfTags]:
    """Silver table name -> its tags; empty when the registry names no Silver database (then
    the ``lakeformation`` target governs no Silver table either)."""
    if config.catalog.database("silver") is None:
        return {}
    tables = silver_tables(config, events)
    table_tags: dict[str, dict[str, str]] = {}
    column_tags: dict[str, dict[str, dict[str, list[str]]]] = {}
    for request in PolicyBuilder(config, tables, ACCOUNT_ID).assignments():
        resource = request["Resource"]
        pairs = {tag["TagKey"]: tag["TagValues"][0] for tag in request["LFTags"]}
        if "Table" in resource:
            table_tags[resource["Table"]["Name"]] = pairs
        elif "TableWithColumns" in resource:
            target = resource["TableWithColumns"]
            by_tag = column_tags.setdefault(target["Name"], {})
            for key, value in pairs.items():
                by_tag.setdefault(key, {}).setdefault(value, []).extend(target["ColumnNames"])
    return {
        name: LfTags(
            tags,
            {
                key: {value: tuple(names) for value, names in sorted(values.items())}
                for key, values in sorted(column_tags.get(name, {}).items())
            },
        )
        for name, tags in table_tags.items()
    }
