"""Safe-name rules: the one place that decides which names may shape generated artifacts.

Event names become file, module, table and dbt source names; field names become columns and
struct fields; Silver names become tables and columns in SQL. Generated code quotes and
escapes every string it emits, but names are also *paths* and *identifiers*, so they are held
to a closed alphabet here. Lint reports these rules (never suppressibly) and ``generate``
enforces them itself (:func:`require_safe_names`), whether or not lint ran.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from lakecontracts.errors import ContractsError, Location
from lakecontracts.registry.reserved_words import DDL_RESERVED, DML_RESERVED
from lakecontracts.registry.yamlsource import JsonPath, YamlDocument

EVENT_NAME = re.compile(r"^[a-z][a-z0-9]*\.[a-z][a-z0-9]*(_[a-z0-9]+)+$")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9_]*$")
SILVER_TABLE = re.compile(r"^(fact|dim)_[a-z][a-z0-9_]*$")
REFERENCE = re.compile(r"^(fact|dim)_[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
#: Athena's DDL and DML reserved words: never a Silver column name.
RESERVED = DDL_RESERVED | DML_RESERVED
#: Longest event name: its versioned name stays a portable file name and Glue table name.
MAX_EVENT_NAME = 100
#: Longest field, table or column name (Glue allows 255; a margin for prefixes).
MAX_NAME = 128

#: The rule IDs below are lint rules that no suppression silences (lint/table.py).
EVENT_NAME_FORMAT = "EVENT_NAME_FORMAT"
FIELD_NAME_SNAKE_CASE = "FIELD_NAME_SNAKE_CASE"
SILVER_TABLE_NAME = "SILVER_TABLE_NAME"
SILVER_COLUMN_NAME = "SILVER_COLUMN_NAME"
SILVER_REFERENCE_FORMAT = "SILVER_REFERENCE_FORMAT"

#: Keywords whose value is one sub-schema.
SCHEMA_KEYWORDS = ("items", "additionalProperties", "not", "if", "then", "else", "contains")
#: Keywords whose value is a list of sub-schemas.
SCHEMA_LIST_KEYWORDS = ("allOf", "anyOf", "oneOf", "items")
#: Keywords whose value maps names to sub-schemas.
SCHEMA_MAP_KEYWORDS = ("properties", "patternProperties", "definitions", "$defs")


@dataclass(frozen=True)
class NameProblem:
    """One unsafe name: the rule it breaks, where (a path in the file) and the fix."""

    rule_id: str
    path: JsonPath
    message: str
    at_key: bool = False


class UnsafeNameError(ContractsError):
    """The registry has names generated artifacts cannot carry safely (or two that collide)."""


def versioned_name(event: str, version: int) -> str:
    """``booking.leg_created`` v2 -> ``booking__leg_created__v2``.

    Event names never contain ``__`` (:data:`EVENT_NAME`), so the name is unique; it is the
    validator module, the bronze table and the dbt source table of that version.
    """
    return f"{event.replace('.', '__')}__v{version}"


def shown(value: str, limit: int = 60) -> str:
    """A name as error messages show it: repr (NULs, newlines visible), shortened."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 5] + "...'"


def event_name_problems(event: Any) -> Iterator[NameProblem]:
    if not isinstance(event, str):
        return
    if len(event) > MAX_EVENT_NAME:
        yield NameProblem(
            EVENT_NAME_FORMAT,
            ("event",),
            f"event name {shown(event)} is {len(event)} characters, longer than "
            f"{MAX_EVENT_NAME}; choose a shorter domain.object_action name",
        )
    elif not EVENT_NAME.match(event):
        yield NameProblem(
            EVENT_NAME_FORMAT,
            ("event",),
            f"event name {shown(event)} must be domain.object_action in snake_case "
            "(e.g. booking.leg_created)",
        )


def schema_nodes(
    payload: Any,
    root: JsonPath = ("payload",),
    *,
    singles: Iterable[str] = SCHEMA_KEYWORDS,
    lists: Iterable[str] = SCHEMA_LIST_KEYWORDS,
    maps: Iterable[str] = SCHEMA_MAP_KEYWORDS,
) -> list[tuple[JsonPath, dict[str, Any]]]:
    """Every schema object below ``payload`` (itself first), with its path, in file order,
    through the keywords whose value is one sub-schema (``singles``), a list of them
    (``lists``) or a map of names to them (``maps``): by default the contract keywords;
    compat passes every draft's."""
    found: list[tuple[JsonPath, dict[str, Any]]] = []
    stack: list[tuple[JsonPath, Any]] = [(root, payload)]
    singles, lists, maps = tuple(singles), tuple(lists), tuple(maps)
    while stack:
        path, node = stack.pop()
        if not isinstance(node, dict):
            continue
        found.append((path, node))
        children: list[tuple[JsonPath, Any]] = []
        for key in singles:
            if isinstance(node.get(key), dict):
                children.append(((*path, key), node[key]))
        for key in lists:
            if isinstance(node.get(key), list):
                children.extend(((*path, key, i), s) for i, s in enumerate(node[key]))
        for key in maps:
            if isinstance(node.get(key), dict):
                children.extend(((*path, key, name), s) for name, s in node[key].items())
        stack.extend(reversed(children))
    return found


def field_name_problems(payload: Any) -> Iterator[NameProblem]:
    for path, schema in schema_nodes(payload):
        props = schema.get("properties")
        if not isinstance(props, dict):
            continue
        for name in props:
            if len(name) > MAX_NAME or not SNAKE_CASE.match(name):
                yield NameProblem(
                    FIELD_NAME_SNAKE_CASE,
                    (*path, "properties", name),
                    f"field name {shown(name)} must match ^[a-z][a-z0-9_]*$ "
                    f"(at most {MAX_NAME} characters)",
                    at_key=True,
                )


def silver_table_problems(silver: Any) -> Iterator[NameProblem]:
    table = silver.get("table") if isinstance(silver, dict) else None
    if isinstance(table, str) and (len(table) > MAX_NAME or not SILVER_TABLE.match(table)):
        yield NameProblem(
            SILVER_TABLE_NAME,
            ("silver", "table"),
            f"Silver table {shown(table)} must be fact_<name> or dim_<name> in snake_case",
        )


def silver_column_problems(silver: Any, reserved: frozenset[str]) -> Iterator[NameProblem]:
    columns = silver.get("columns") if isinstance(silver, dict) else None
    if not isinstance(columns, dict):
        return
    for name in columns:
        if len(name) > MAX_NAME or not SNAKE_CASE.match(name) or name in reserved:
            yield NameProblem(
                SILVER_COLUMN_NAME,
                ("silver", "columns", name),
                f"Silver column {shown(name)} must be snake_case and not an Athena reserved word",
                at_key=True,
            )


def silver_reference_problems(silver: Any) -> Iterator[NameProblem]:
    references = silver.get("references") if isinstance(silver, dict) else None
    if not isinstance(references, dict):
        return
    columns = silver.get("columns")
    for column, target in references.items():
        if not isinstance(target, str) or not REFERENCE.match(target):
            yield NameProblem(
                SILVER_REFERENCE_FORMAT,
                ("silver", "references", column),
                f"reference {shown(str(target))} must be <fact|dim>_table.column",
            )
        elif isinstance(columns, dict) and column not in columns:
            yield NameProblem(
                SILVER_REFERENCE_FORMAT,
                ("silver", "references", column),
                f"reference from {shown(column)}, which is not a Silver column of this event",
                at_key=True,
            )


def name_problems(data: Any, reserved: frozenset[str] = frozenset()) -> list[NameProblem]:
    """Every safe-name rule a contract document breaks."""
    if not isinstance(data, dict):
        return []
    silver = data.get("silver")
    return [
        *event_name_problems(data.get("event")),
        *field_name_problems(data.get("payload")),
        *silver_table_problems(silver),
        *silver_column_problems(silver, reserved),
        *silver_reference_problems(silver),
    ]


class NamedDocument(Protocol):
    """What :func:`require_safe_names` needs of a contract: its document, event and version."""

    @property
    def document(self) -> YamlDocument: ...
    @property
    def event(self) -> str: ...
    @property
    def v(self) -> int: ...


def require_safe_names(
    contracts: Iterable[NamedDocument], reserved: frozenset[str] = RESERVED
) -> None:
    """Raise :class:`UnsafeNameError` listing every unsafe or colliding name, or return."""
    contracts = list(contracts)
    lines: list[tuple[Location, str]] = []
    for contract in contracts:
        doc = contract.document
        for problem in name_problems(doc.data, reserved):
            where = doc.location(problem.path, key=problem.at_key)
            lines.append((where, f"{problem.message} [{problem.rule_id}]"))
    lines += _collisions(contracts)
    if not lines:
        return
    lines.sort(key=lambda item: item[0])
    listing = "\n".join(f"  {where}: {message}" for where, message in lines)
    raise UnsafeNameError(
        f"{len(lines)} name problem(s) make the registry unsafe to generate from:\n{listing}",
        location=lines[0][0],
        hint="rename as each line says; these naming rules cannot be suppressed "
        "(run `contracts lint` for the full report)",
    )


def _collisions(contracts: list[NamedDocument]) -> list[tuple[Location, str]]:
    """Event versions whose artifact names collide (case-insensitively: some disks fold case)."""
    first: dict[str, NamedDocument] = {}
    found: list[tuple[Location, str]] = []
    for contract in contracts:
        name = versioned_name(contract.event, contract.v).lower()
        other = first.setdefault(name, contract)
        if other is not contract:
            found.append(
                (
                    contract.document.location(("event",)),
                    f"{shown(contract.event)} v{contract.v} and {shown(other.event)} "
                    f"v{other.v} ({other.document.file}) both generate artifacts named "
                    f"'{name}'; rename one event (or remove the duplicate version file)",
                )
            )
    return found
