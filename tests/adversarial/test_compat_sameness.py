"""Compat skipped sub-schemas it judged "the same" while dropping annotation names everywhere.

The engine skips pairs of identical sub-schemas. Its identity test dropped ``title``,
``description``, ``default``, ``examples`` and ``$comment`` at every level, so a *property
named* ``title`` (or a ``const`` object with a ``title`` key) vanished from the comparison:
changing that property from string to integer was reported compatible both ways.
"""

from __future__ import annotations

from typing import Any

import pytest

from lakecontracts.compat.compare import compare_schemas
from tests.compat.reference import accepts


def _object(name: str, kind: str) -> dict[str, Any]:
    return {"type": "object", "properties": {name: {"type": kind}}}


@pytest.mark.parametrize("name", ["title", "description", "default", "examples", "$comment"])
def test_a_property_named_like_an_annotation_is_compared(name: str) -> None:
    old, new = _object(name, "string"), _object(name, "integer")
    result = compare_schemas(old, new)
    assert result.backward is False and result.forward is False
    for change in result.changes:
        if change.compatible is False:
            writer, reader = (old, new) if change.direction.value == "backward" else (new, old)
            assert accepts(writer, change.witness) and not accepts(reader, change.witness)


def test_a_const_object_holding_a_title_key_is_compared() -> None:
    result = compare_schemas({"const": {"title": "a"}}, {"const": {"title": "b"}})
    assert result.backward is False and result.forward is False


def test_annotations_themselves_still_do_not_matter() -> None:
    old = {"type": "string", "title": "Old", "description": "old words", "default": "x"}
    new = {"type": "string", "title": "New", "description": "new words", "default": "y"}
    result = compare_schemas(old, new)
    assert result.backward is True and result.forward is True
