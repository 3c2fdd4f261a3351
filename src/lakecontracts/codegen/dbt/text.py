"""Text that dbt renders as Jinja: contract prose must reach it verbatim."""

from __future__ import annotations

JINJA_OPENERS = ("{{", "{%", "{#")


def doc(text: str) -> str:
    """A description dbt shows as written, even when it contains Jinja delimiters."""
    text = " ".join(text.split())
    if any(opener in text for opener in JINJA_OPENERS):
        return "{% raw %}" + text + "{% endraw %}"
    return text
