"""Target ``lakeformation``: LF-Tags, tag assignments, tag-policy grants and data cells filters.

Output is the exact request JSON of each Lake Formation API call, one file per operation
(``CreateLFTag.json``, ``AddLFTagsToResource.json``, ``CreateDataCellsFilter.json``,
``GrantPermissions.json``), each a list of requests in the order to send them. The policy
is the one source the access evaluator (:mod:`lakecontracts.governance.access`) reads.

How the registry's access policy becomes tags and grants:

* LF-Tags: ``privacy_tier`` (the registry's tiers), ``domain`` (event domains), ``layer``
  (bronze/silver/gold, on databases), ``pii`` (the allowed PII classes, on columns) and, per
  row-filter column ``c``, ``row_filter_c`` = ``filtered`` on tables that carry ``c`` (Silver
  tables with a top-level ``c``, bronze tables through ``context.c``), ``exempt`` elsewhere.
* Tags are assigned on every database (``layer``), table (``privacy_tier`` = the contract tier,
  ``domain``, ``row_filter_*``) and column (``privacy_tier``, ``pii``), so the policy alone
  lists every governed column.
* A workspace gets DESCRIBE on the databases of its layers and SELECT/DESCRIBE on the tables and
  columns whose ``layer`` is one of its layers and whose ``privacy_tier`` is at most its
  ``max_tier``. ``sanitized_only`` adds ``pii = none`` and caps the tier below the lowest
  ``min_tier`` of any personal PII class (``internal`` in the example registry).
* A workspace with a ``row_filter`` gets no tag grant on ``filtered`` tables (Lake Formation
  unions grants, so one unfiltered grant would lift the filter); instead each such table in
  its layers gets a data cells filter (``city IN ('lisbon')``) listing the columns its tier
  allows, and a SELECT grant on that filter.

Principals are IAM roles ``arn:aws:iam::<account>:role/lakehouse-<workspace>``. The registry
has no AWS account, so requests use the documented placeholder :data:`ACCOUNT_ID`
(``123456789012``, AWS's example account); the CloudFormation target uses the stack's account.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lakecontracts.codegen.governed_tables import (
    NON_PERSONAL_PII,
    GovernedColumn,
    GovernedTable,
    database_names,
    run_tables,
)
from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.jsonout import json_file_bytes
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.sections import Workspace

ACCOUNT_ID = "123456789012"
ROLE_PREFIX = "lakehouse-"

TAG_TIER = "privacy_tier"
TAG_DOMAIN = "domain"
TAG_LAYER = "layer"
TAG_PII = "pii"
ROW_FILTER_TAG_PREFIX = "row_filter_"
FILTERED, EXEMPT = "filtered", "exempt"
ENVELOPE_CONTEXT = "context"

#: Operation name -> file name, in the order the requests must be sent.
OPERATIONS = ("CreateLFTag", "AddLFTagsToResource", "CreateDataCellsFilter", "GrantPermissions")

Request = dict[str, Any]


def principal_name(workspace: Workspace) -> str:
    """The name a workspace's filters carry (its role's name)."""
    return ROLE_PREFIX + workspace.name.lower()


def workspaces(config: RegistryConfig) -> list[Workspace]:
    """registry.yaml's workspaces, by name."""
    return sorted(config.workspaces, key=lambda workspace: workspace.name)


def principal_arn(workspace: str, account: str = ACCOUNT_ID) -> str:
    """The IAM role a workspace's users assume."""
    return f"arn:aws:iam::{account}:role/{ROLE_PREFIX}{workspace.lower()}"


def row_filter_tag(column: str) -> str:
    return ROW_FILTER_TAG_PREFIX + column


def row_filter_path(table: GovernedTable, column: str) -> str | None:
    """Where ``column`` lives in ``table``: a top-level column, else inside the envelope context."""
    if table.column(column) is not None:
        return column
    context = table.column(ENVELOPE_CONTEXT)
    if context is not None and any(f.name == column for f in context.column.type.fields):
        return f"{ENVELOPE_CONTEXT}.{column}"
    return None


def row_filter_expression(path: str, values: Iterable[str]) -> str:
    """A PartiQL row filter, ``city IN ('lisbon','porto')``; quotes in values are doubled."""
    quoted = ",".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{path} IN ({quoted})"


@dataclass(frozen=True)
class Visibility:
    """What a workspace's tier, PII and layer rules allow, before row filters."""

    tiers: tuple[str, ...]
    pii: tuple[str, ...] | None  # None: any class
    layers: tuple[str, ...]

    def allows(self, column: GovernedColumn) -> bool:
        return column.tier in self.tiers and (self.pii is None or column.pii in self.pii)


def visibility(config: RegistryConfig, workspace: Workspace) -> Visibility:
    cap = config.tier_rank(workspace.max_tier)
    if workspace.sanitized_only:
        cap = min(cap, sanitized_tier_cap(config))
    layers = tuple(layer for layer in database_names(config) if layer in workspace.layers)
    return Visibility(
        tiers=config.privacy_tiers[: cap + 1],
        pii=(NON_PERSONAL_PII,) if workspace.sanitized_only else None,
        layers=layers,
    )


def sanitized_tier_cap(config: RegistryConfig) -> int:
    """Rank of the highest tier no personal PII class may use: one below the lowest min_tier."""
    ranks = [
        config.tier_rank(spec["min_tier"])
        for spec in config.pii_classes.values()
        if isinstance(spec.get("min_tier"), str)
    ]
    return min(ranks, default=len(config.privacy_tiers)) - 1


class PolicyBuilder:
    """Builds every request from the governed tables and the registry's workspaces."""

    def __init__(self, config: RegistryConfig, tables: list[GovernedTable], account: str) -> None:
        self.config = config
        self.tables = tables
        self.account = account
        self.workspaces = workspaces(config)
        self.filter_columns = sorted(
            {w.row_filter_column for w in self.workspaces if w.row_filter_column}
        )

    def requests(self) -> dict[str, list[Request]]:
        return {
            "CreateLFTag": self.create_tags(),
            "AddLFTagsToResource": self.assignments(),
            "CreateDataCellsFilter": [{"TableData": f} for f, _ in self.cell_filters()],
            "GrantPermissions": self.grants(),
        }

    # -- tags -------------------------------------------------------------------------------

    def tag_values(self) -> dict[str, list[str]]:
        values = {
            TAG_TIER: list(self.config.privacy_tiers),
            TAG_DOMAIN: sorted({t.domain for t in self.tables}),
            TAG_LAYER: list(database_names(self.config)),
            TAG_PII: [
                name for name, spec in self.config.pii_classes.items() if not spec.get("forbidden")
            ],
        }
        values.update({row_filter_tag(c): [EXEMPT, FILTERED] for c in self.filter_columns})
        return values

    def create_tags(self) -> list[Request]:
        return [
            {"CatalogId": self.account, "TagKey": key, "TagValues": values}
            for key, values in self.tag_values().items()
            if values
        ]

    # -- assignments ------------------------------------------------------------------------

    def assignments(self) -> list[Request]:
        requests = [
            self._assign(
                {"Database": {"CatalogId": self.account, "Name": name}}, {TAG_LAYER: layer}
            )
            for layer, name in database_names(self.config).items()
        ]
        for table in self.tables:
            requests.append(
                self._assign({"Table": self._table_ref(table)}, self._table_tags(table))
            )
            groups: dict[tuple[str, str], list[str]] = {}
            for column in table.columns:
                groups.setdefault((column.tier, column.pii), []).append(column.name)
            for (tier, pii), names in sorted(groups.items()):
                resource = {"TableWithColumns": {**self._table_ref(table), "ColumnNames": names}}
                requests.append(self._assign(resource, {TAG_TIER: tier, TAG_PII: pii}))
        return requests

    def _table_ref(self, table: GovernedTable) -> Request:
        return {"CatalogId": self.account, "DatabaseName": table.database, "Name": table.name}

    def _table_tags(self, table: GovernedTable) -> dict[str, str]:
        tags = {TAG_TIER: table.tier, TAG_DOMAIN: table.domain}
        for column in self.filter_columns:
            filtered = row_filter_path(table, column) is not None
            tags[row_filter_tag(column)] = FILTERED if filtered else EXEMPT
        return tags

    def _assign(self, resource: Request, tags: dict[str, str]) -> Request:
        return {
            "CatalogId": self.account,
            "Resource": resource,
            "LFTags": [{"TagKey": key, "TagValues": [value]} for key, value in tags.items()],
        }

    # -- grants and filters -----------------------------------------------------------------

    def cell_filters(self) -> list[tuple[Request, Workspace]]:
        filters = []
        for workspace in self.workspaces:
            column = workspace.row_filter_column
            if column is None:
                continue
            seen = visibility(self.config, workspace)
            for table in self.tables:
                path = row_filter_path(table, column)
                names = [c.name for c in table.columns if seen.allows(c)]
                if path is None or table.layer not in seen.layers or not names:
                    continue
                data = {
                    "TableCatalogId": self.account,
                    "DatabaseName": table.database,
                    "TableName": table.name,
                    "Name": f"{principal_name(workspace)}__{column}",
                    "RowFilter": {
                        "FilterExpression": row_filter_expression(path, workspace.row_filter_values)
                    },
                    "ColumnNames": names,
                }
                filters.append((data, workspace))
        return filters

    def grants(self) -> list[Request]:
        by_workspace: dict[str, list[Request]] = {w.name: [] for w in self.workspaces}
        for workspace in self.workspaces:
            seen = visibility(self.config, workspace)
            if not seen.layers:
                continue
            layer_tag = {"TagKey": TAG_LAYER, "TagValues": list(seen.layers)}
            by_workspace[workspace.name].append(
                self._grant(workspace, self._tag_policy("DATABASE", [layer_tag]), ["DESCRIBE"])
            )
            expression = [layer_tag, {"TagKey": TAG_TIER, "TagValues": list(seen.tiers)}]
            if seen.pii is not None:
                expression.append({"TagKey": TAG_PII, "TagValues": list(seen.pii)})
            if workspace.row_filter_column:
                tag = row_filter_tag(workspace.row_filter_column)
                expression.append({"TagKey": tag, "TagValues": [EXEMPT]})
            by_workspace[workspace.name].append(
                self._grant(
                    workspace, self._tag_policy("TABLE", expression), ["DESCRIBE", "SELECT"]
                )
            )
        for data, workspace in self.cell_filters():
            resource = {
                "DataCellsFilter": {
                    key: data[key]
                    for key in ("TableCatalogId", "DatabaseName", "TableName", "Name")
                }
            }
            by_workspace[workspace.name].append(self._grant(workspace, resource, ["SELECT"]))
        return [grant for name in sorted(by_workspace) for grant in by_workspace[name]]

    def _tag_policy(self, resource_type: str, expression: list[Request]) -> Request:
        return {
            "LFTagPolicy": {
                "CatalogId": self.account,
                "ResourceType": resource_type,
                "Expression": expression,
            }
        }

    def _grant(self, workspace: Workspace, resource: Request, permissions: list[str]) -> Request:
        return {
            "CatalogId": self.account,
            "Principal": {
                "DataLakePrincipalIdentifier": principal_arn(workspace.name, self.account)
            },
            "Resource": resource,
            "Permissions": permissions,
            "PermissionsWithGrantOption": [],
        }


def build_policy(inp: GenerationInput, account: str = ACCOUNT_ID) -> dict[str, list[Request]]:
    """Operation name -> its requests, in sending order."""
    config = inp.registry.config
    return PolicyBuilder(config, run_tables(inp), account).requests()


def render_lakeformation(inp: GenerationInput) -> Rendered:
    return {
        f"{operation}.json": json_file_bytes(requests, sort_keys=True)
        for operation, requests in build_policy(inp).items()
    }
