"""dbt data tests, one small function per kind, in dbt 1.11 spelling (``arguments:``)."""

from __future__ import annotations

import re
from typing import Any

from lakecontracts.codegen.escape import jinja_text
from lakecontracts.regex.ecma import to_python
from lakecontracts.regex.re2 import to_re2

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


def pattern(schema: dict[str, Any]) -> DataTest | None:
    """The project's generic ``lakecontracts_pattern`` test from a string's ``pattern``.

    The contract's pattern (ECMA-262) is spelled for RE2, which DuckDB's ``regexp_matches``
    runs (Athena's ``regexp_like`` reads the same syntax for what :func:`to_re2` emits:
    ``\\A``, ``\\z``, ``\\x{..}``, classes and counted repeats); a pattern RE2 cannot
    express with the same meaning gets no test (None) rather than a different one. The
    argument is an SQL literal's body (quotes doubled) with its braces escaped for Jinja.
    """
    value = schema.get("pattern")
    if not isinstance(value, str):
        return None
    spelled = to_re2(to_python(value))
    if spelled is None:
        return None
    readable = _WORD_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), spelled)
    return {"lakecontracts_pattern": {"arguments": {"pattern": _sql_value(readable)}}}


#: ``\x{..}`` of a letter, digit or underscore: the same character in RE2 anywhere (no meaning).
_WORD_ESCAPE = re.compile(r"\\x\{(3[0-9]|4[1-9a-f]|5[0-9a]|5f|6[1-9a-f]|7[0-9a])\}")
