"""Silver continuity: every Silver column the previous version fed is still fed, same type."""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.codegen.types import TypeMapper
from lakecontracts.errors import ContractsError
from lakecontracts.gate.pair import REVISION, Problem, VersionPair
from lakecontracts.gate.rules import warehouse


def silver_continuity(pair: VersionPair) -> Iterator[Problem]:
    old, new = pair.old.silver, pair.new.silver
    if old is None:
        return
    fed = new.columns if new is not None and new.table == old.table else {}
    old_mapper = TypeMapper(pair.old_schema, pair.old.key)
    new_mapper = TypeMapper(pair.new_schema, pair.new.key)
    for column, old_source in old.columns.items():
        where = ("silver", "columns", column) if column in fed else ("silver",)
        if column not in fed:
            yield Problem(
                f"Silver column {old.table}.{column} was fed by {pair.old.key} "
                f"({old_source}) and is no longer fed by {pair.new.key}",
                path=f"/silver/columns/{column}",
                doc_path=where,
                fix=f"map '{column}' in silver.columns of v{pair.new.v} to a field of a "
                "compatible type",
            )
            continue
        if pair.kind == REVISION:
            continue  # type changes within a version are the warehouse rules' (ATHENA_*)
        try:
            old_type = old_mapper.at_path(old_source).type
            new_type = new_mapper.at_path(fed[column]).type
        except ContractsError as exc:
            yield Problem(
                f"Silver column {old.table}.{column}: {exc.message}",
                path=f"/silver/columns/{column}",
                doc_path=where,
                fix="map the column from a field with one column type",
            )
            continue
        for change in warehouse.breaking(warehouse.type_changes(old_type, new_type)):
            below = f".{change.path}" if change.path else ""
            yield Problem(
                f"Silver column {old.table}.{column}{below} was {change.old} in {pair.old.key} "
                f"and is {change.new or 'gone'} in {pair.new.key}",
                path=f"/silver/columns/{column}",
                doc_path=where,
                fix="feed the column from a field of the same type (int -> bigint is fine), "
                "or give the changed data a new column name",
            )
