"""dbt data tests, one small function per kind, in dbt 1.11 spelling (``arguments:``)."""

from __future__ import annotations

from typing import Any

from lakecontracts.codegen.escape import jinja_text

DataTest = str | dict[str, Any]


def not_null() -> DataTest:
    return "not_null"


def unique() -> DataTest:
    return "unique"


def accepted_values(values: tuple[Any, ...]) -> DataTest:
    """dbt renders the arguments as Jinja, then its macro writes ``'{{ value }}'`` into SQL:
    a string value has its quotes doubled (a standard SQL literal) and its braces escaped."""
    arguments: dict[str, Any] = {"values": [_sql_value(v) for v in values]}
    if not all(isinstance(v, str) for v in values):
        arguments["quote"] = False  # numbers compare unquoted
    return {"accepted_values": {"arguments": arguments}}


def _sql_value(value: Any) -> Any:
    return jinja_text(value.replace("'", "''")) if isinstance(value, str) else value


def relationships(to: str, field: str) -> DataTest:
    return {"relationships": {"arguments": {"to": to, "field": field}}}


def unique_combination(expression: str) -> DataTest:
    """Model-level uniqueness of a composite key, through core ``unique`` on a row value."""
    return {"unique": {"arguments": {"column_name": expression}}}


def enum_values(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The enum values accepted_values can check: strings, or numbers (not booleans)."""
    if all(isinstance(v, str) for v in values):
        return values
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return values
    return ()


def value_range(schema: dict[str, Any]) -> DataTest | None:
    """The project's generic ``lakecontracts_range`` test from ``minimum``/``maximum`` (and
    their exclusive draft-07 forms); None when the schema bounds nothing."""
    arguments: dict[str, Any] = {}
    for keyword, argument in (
        ("minimum", "min_value"),
        ("maximum", "max_value"),
        ("exclusiveMinimum", "exclusive_min"),
        ("exclusiveMaximum", "exclusive_max"),
    ):
        value = schema.get(keyword)
        if isinstance(value, int | float) and not isinstance(value, bool):
            arguments[argument] = value
    return {"lakecontracts_range": {"arguments": arguments}} if arguments else None
