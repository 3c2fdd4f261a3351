"""Text that dbt renders as Jinja: contract prose must reach it verbatim, never as code."""

from __future__ import annotations

from lakecontracts.codegen.escape import jinja_text


def doc(text: str) -> str:
    """A description dbt shows as written, whatever Jinja delimiters it contains.

    dbt renders descriptions through Jinja; a ``{% raw %}`` wrapper can be closed from inside
    (``{% endraw %}``), so every brace is printed by an expression instead
    (:func:`~lakecontracts.codegen.escape.jinja_text`).
    """
    return jinja_text(" ".join(text.split()))


def jinja_str(value: str) -> str:
    """A single-quoted Jinja string literal of ``value`` (backslashes and quotes escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def jinja_list(items: list[str]) -> str:
    """A Jinja list literal of strings."""
    return "[" + ", ".join(jinja_str(item) for item in items) + "]"
