"""Which columns and rows a workspace sees of a table, read from the generated LF policy.

No offline engine evaluates Lake Formation tag policies, so this is a small one. It reads the
request JSON of the ``lakeformation`` target (never registry.yaml) and applies Lake Formation's
rules as documented:

* tags inherit database -> table -> column; a tag key set lower down overrides the one above;
* an ``LFTagPolicy`` grant on ``TABLE`` resources with SELECT shows every column whose
  effective tags match the expression (each key present, its value among the listed values),
  with every row;
* a SELECT grant on a data cells filter shows the filter's columns, rows matching its
  ``RowFilter`` (``AllRowsWildcard`` or no filter: every row).

Several grants on one table combine by union: columns are pooled and row filters OR-ed, and
any unfiltered grant shows every row. That is never less than Lake Formation's cell-level
union, so "not visible" here means not visible there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lakecontracts.codegen.aws.lakeformation import OPERATIONS, principal_arn
from lakecontracts.errors import JsonInputError, Location

Request = dict[str, Any]
TableKey = tuple[str, str]  # (database, table)


@dataclass(frozen=True)
class TableView:
    """What one principal sees of one table."""

    columns: tuple[str, ...]  # sorted by name; empty: the table is invisible
    row_filter: str | None  # predicate over the table's columns; None: every row

    @property
    def visible(self) -> bool:
        return bool(self.columns)


@dataclass
class _Table:
    tags: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # in table order


@dataclass(frozen=True)
class _CellFilter:
    columns: tuple[str, ...] | None  # None: every column but the excluded ones
    excluded: tuple[str, ...]
    row_filter: str | None


class AccessPolicy:
    """The Lake Formation policy as the evaluator sees it."""

    def __init__(self, requests: Mapping[str, list[Request]]) -> None:
        self.database_tags: dict[str, dict[str, str]] = {}
        self.tables: dict[TableKey, _Table] = {}
        self.filters: dict[tuple[str, str, str], _CellFilter] = {}
        self.grants: list[Request] = list(requests.get("GrantPermissions", []))
        for request in requests.get("AddLFTagsToResource", []):
            self._assign(request["Resource"], _pairs(request["LFTags"]))
        for request in requests.get("CreateDataCellsFilter", []):
            self._add_filter(request["TableData"])

    @classmethod
    def load(cls, folder: Path) -> AccessPolicy:
        """Read ``<Operation>.json`` files written by the ``lakeformation`` target."""
        requests = {op: _read_requests(folder / f"{op}.json") for op in OPERATIONS}
        try:
            return cls(requests)
        except (KeyError, IndexError, TypeError) as exc:
            raise JsonInputError(
                f"malformed Lake Formation request (missing or wrong {exc})",
                location=Location(str(folder)),
                hint="regenerate it with `contracts generate --target lakeformation`",
            ) from None

    def _assign(self, resource: Request, tags: dict[str, str]) -> None:
        if "Database" in resource:
            self.database_tags.setdefault(resource["Database"]["Name"], {}).update(tags)
        elif "Table" in resource:
            self._table(resource["Table"]).tags.update(tags)
        elif "TableWithColumns" in resource:
            table = self._table(resource["TableWithColumns"])
            for name in resource["TableWithColumns"].get("ColumnNames", []):
                table.columns.setdefault(name, {}).update(tags)

    def _table(self, ref: Request) -> _Table:
        return self.tables.setdefault((ref["DatabaseName"], ref["Name"]), _Table())

    def _add_filter(self, data: Request) -> None:
        row_filter = data.get("RowFilter", {})
        wildcard = data.get("ColumnWildcard")
        self.filters[(data["DatabaseName"], data["TableName"], data["Name"])] = _CellFilter(
            columns=None if wildcard is not None else tuple(data.get("ColumnNames", [])),
            excluded=tuple((wildcard or {}).get("ExcludedColumnNames", [])),
            row_filter=row_filter.get("FilterExpression") or None,
        )

    def column_names(self, database: str, table: str) -> tuple[str, ...]:
        entry = self.tables.get((database, table))
        return tuple(entry.columns) if entry else ()

    def column_tags(self, database: str, table: str, column: str) -> dict[str, str]:
        """Effective tags of a column: database, then table, then column assignments."""
        entry = self.tables.get((database, table), _Table())
        return {
            **self.database_tags.get(database, {}),
            **entry.tags,
            **entry.columns.get(column, {}),
        }

    def view(self, principal: str, database: str, table: str) -> TableView:
        """The columns and rows ``principal`` may SELECT from ``database.table``."""
        names = self.column_names(database, table)
        seen: set[str] = set()
        row_filters: list[str | None] = []
        for grant in self.grants:
            if grant["Principal"]["DataLakePrincipalIdentifier"] != principal:
                continue
            if "SELECT" not in grant.get("Permissions", []) and "ALL" not in grant.get(
                "Permissions", []
            ):
                continue
            granted, rows = self._granted(grant["Resource"], database, table, names)
            if granted:
                seen.update(granted)
                row_filters.append(rows)
        columns = tuple(sorted(seen))
        return TableView(columns, _combine(row_filters) if columns else None)

    def _granted(
        self, resource: Request, database: str, table: str, names: tuple[str, ...]
    ) -> tuple[set[str], str | None]:
        policy = resource.get("LFTagPolicy")
        if policy is not None and policy.get("ResourceType") == "TABLE":
            expression = _pairs(policy.get("Expression", []), many=True)
            return {
                n for n in names if _matches(self.column_tags(database, table, n), expression)
            }, None
        ref = resource.get("DataCellsFilter")
        if ref is not None and (ref["DatabaseName"], ref["TableName"]) == (database, table):
            cells = self.filters.get((database, table, ref["Name"]))
            if cells is None:
                return set(), None
            listed = cells.columns if cells.columns is not None else names
            return {n for n in listed if n in names and n not in cells.excluded}, cells.row_filter
        return set(), None


def workspace_view(policy: AccessPolicy, workspace: str, database: str, table: str) -> TableView:
    """What a registry workspace (by name) sees, through its IAM role principal."""
    return policy.view(principal_arn(workspace, _account(policy)), database, table)


def _account(policy: AccessPolicy) -> str:
    accounts = {str(g["CatalogId"]) for g in policy.grants if g.get("CatalogId")}
    return accounts.pop() if len(accounts) == 1 else ""


def _pairs(tags: Iterable[Request], many: bool = False) -> dict[str, Any]:
    if many:
        return {t["TagKey"]: tuple(t["TagValues"]) for t in tags}
    return {t["TagKey"]: t["TagValues"][0] for t in tags}


def _matches(tags: dict[str, str], expression: dict[str, tuple[str, ...]]) -> bool:
    return bool(expression) and all(tags.get(key) in values for key, values in expression.items())


def _combine(row_filters: list[str | None]) -> str | None:
    if any(f is None for f in row_filters):
        return None
    distinct = sorted({f for f in row_filters if f is not None})
    return distinct[0] if len(distinct) == 1 else " OR ".join(f"({f})" for f in distinct)


def _read_requests(path: Path) -> list[Request]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise JsonInputError(
            f"no Lake Formation policy file {path.name}",
            location=Location(str(path)),
            hint="run `contracts generate --target lakeformation` first",
        ) from None
    except (OSError, ValueError) as exc:
        raise JsonInputError(
            f"cannot read Lake Formation policy: {exc}",
            location=Location(str(path)),
            hint="regenerate it with `contracts generate --target lakeformation`",
        ) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise JsonInputError(
            "a Lake Formation policy file must hold a JSON list of request objects",
            location=Location(str(path)),
            hint="regenerate it with `contracts generate --target lakeformation`",
        )
    return data
