"""Warehouse impact: changes a JSON reader accepts that still break the Athena tables.

Within one ``v`` the bronze table (``bronze_events.<domain>__<name>__v<N>``) and the Silver
tables the version feeds keep their names, so their column types must not move under the
data already written. Both sides are mapped with the shared type mapping
(:mod:`lakecontracts.codegen.sql.hive_tables`, the tables Athena DDL and Glue render) and spelled
with ``DIALECTS["athena"]``, then compared column by column and struct field by field.

Decisions:

* ``int`` -> ``bigint`` is a **widening** Athena reads without rewriting data (Parquet INT32
  is read as BIGINT; JSON text parses either way) and values and integer semantics stay the
  same, so it is allowed. Everything else that changes a spelled type breaks: ``bigint`` ->
  ``double`` (integer arithmetic, joins and equality change), ``decimal`` scale changes,
  ``string`` -> ``date``/``timestamp`` in Silver, a struct field's type, an array element.
* A struct field that disappears breaks every query naming it, so it is reported too.
* The partition keys (names and types, in order) are the layout of the data on S3: any change
  is breaking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lakecontracts.codegen.sql.dialects import DIALECTS
from lakecontracts.codegen.types import ColumnType
from lakecontracts.gate.pair import Problem, VersionPair

ATHENA = DIALECTS["athena"]
#: (old kind, new kind) pairs Athena reads without rewriting data or changing meaning.
WIDENINGS = frozenset({("int", "bigint")})


@dataclass(frozen=True)
class TypeChange:
    """One difference between two column types, at a dotted path below the column."""

    path: str  # "" for the column itself, else "field.sub" / "items[]"
    kind: str  # "changed" | "removed" | "widened"
    old: str
    new: str


def spelled(column_type: ColumnType) -> str:
    return ATHENA.type_sql(column_type)


def type_changes(old: ColumnType, new: ColumnType, path: str = "") -> Iterator[TypeChange]:
    """Differences from ``old`` to ``new``: nested structs and arrays are compared inside, so
    the report names the field that changed rather than the whole column."""
    if spelled(old) == spelled(new):
        return
    if old.kind == new.kind == "struct":
        yield from _struct_changes(old, new, path)
    elif old.kind == new.kind and old.kind in ("array", "map") and old.element and new.element:
        yield from type_changes(old.element, new.element, f"{path}[]")
    elif (old.kind, new.kind) in WIDENINGS:
        yield TypeChange(path, "widened", spelled(old), spelled(new))
    else:
        yield TypeChange(path, "changed", spelled(old), spelled(new))


def _struct_changes(old: ColumnType, new: ColumnType, path: str) -> Iterator[TypeChange]:
    fields = {f.name: f.type for f in new.fields}
    for field in old.fields:
        child = f"{path}.{field.name}" if path else field.name
        if field.name not in fields:
            yield TypeChange(child, "removed", spelled(field.type), "")
        else:
            yield from type_changes(field.type, fields[field.name], child)


def breaking(changes: Iterator[TypeChange]) -> list[TypeChange]:
    return [c for c in changes if c.kind != "widened"]


def _column_pairs(pair: VersionPair) -> Iterator[tuple[str, str, ColumnType, ColumnType]]:
    """(table, column, old type, new type) for every column both sides' tables have."""
    for path, old_table in sorted(pair.old_tables.items()):
        new_table = pair.new_tables.get(path)
        if new_table is None:
            continue
        new_columns = {c.name: c.type for c in new_table.columns}
        for column in old_table.columns:
            if column.name in new_columns:
                yield path, column.name, column.type, new_columns[column.name]


def _where(table: str, column: str, below: str) -> str:
    return f"{table}.{column}" + (f".{below}" if below else "")


def athena_mapping_unchecked(pair: VersionPair) -> Iterator[Problem]:
    """The warehouse rules see nothing when a side's tables cannot be derived: say so."""
    _ = pair.old_tables, pair.new_tables
    for error in pair.mapping_errors:
        yield Problem(
            f"Athena impact not checked: {error}",
            fix="fix the registry or contract so `contracts generate` can map it, then re-run",
        )


def athena_column_type_changed(pair: VersionPair) -> Iterator[Problem]:
    for table, column, old, new in _column_pairs(pair):
        for change in breaking(type_changes(old, new)):
            if change.path == "":
                yield Problem(
                    f"Athena column {table}.{column} changes type {change.old} -> {change.new}; "
                    "data already written under this table reads differently",
                    path=_where(table, column, ""),
                    fix=pair.next_version_fix,
                )


def athena_struct_field_type_changed(pair: VersionPair) -> Iterator[Problem]:
    for table, column, old, new in _column_pairs(pair):
        for change in breaking(type_changes(old, new)):
            if change.path and change.kind == "changed":
                yield Problem(
                    f"Athena struct field {_where(table, column, change.path)} changes type "
                    f"{change.old} -> {change.new}",
                    path=_where(table, column, change.path),
                    doc_path=_payload_doc_path(column, change.path),
                    fix=pair.next_version_fix,
                )


def athena_struct_field_removed(pair: VersionPair) -> Iterator[Problem]:
    for table, column, old, new in _column_pairs(pair):
        for change in breaking(type_changes(old, new)):
            if change.kind == "removed":
                yield Problem(
                    f"Athena struct field {_where(table, column, change.path)} ({change.old}) "
                    "disappears; queries that name it fail",
                    path=_where(table, column, change.path),
                    fix=pair.next_version_fix,
                )


def athena_partition_changed(pair: VersionPair) -> Iterator[Problem]:
    for path, old_table in sorted(pair.old_tables.items()):
        new_table = pair.new_tables.get(path)
        if new_table is None:
            continue
        old_keys = [(c.name, spelled(c.type)) for c in old_table.partition_keys]
        new_keys = [(c.name, spelled(c.type)) for c in new_table.partition_keys]
        if old_keys != new_keys:
            yield Problem(
                f"Athena table {path} partitions change from {_keys(old_keys)} to "
                f"{_keys(new_keys)}; existing data on S3 no longer matches the layout",
                path=path,
                fix=pair.next_version_fix,
            )


def _keys(keys: list[tuple[str, str]]) -> str:
    return "(" + ", ".join(f"{name} {kind}" for name, kind in keys) + ")" if keys else "(none)"


def _payload_doc_path(column: str, below: str) -> tuple[str | int, ...]:
    """Where a payload struct field is declared in the contract file."""
    if column != "payload":
        return ()
    path: list[str | int] = ["payload"]
    for part in below.split("."):
        name = part.removesuffix("[]")
        path += ["properties", name] + ["items"] * part.count("[]")
    return tuple(path)
