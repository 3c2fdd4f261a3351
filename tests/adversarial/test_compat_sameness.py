"""Compat skipped sub-schemas it judged "the same" while dropping annotation names everywhere.

The engine skips pairs of identical sub-schemas. Its identity test dropped ``title``,
``description``, ``default``, ``examples`` and ``$comment`` at every level, so a *property
named* ``title`` (or a ``const`` object with a ``title`` key) vanished from the comparison:
changing that property from string to integer was reported compatible both ways.
"""

from __future__ import annotations

from typing import Any

import pytest

from lakecontracts.compat import engine
from lakecontracts.compat.compare import compare_schemas
from lakecontracts.reporting.vocabulary import Verdict
from tests.compat.reference import accepts


def _object(name: str, kind: str) -> dict[str, Any]:
    return {"type": "object", "properties": {name: {"type": kind}}}


@pytest.mark.parametrize("name", ["title", "description", "default", "examples", "$comment"])
def test_a_property_named_like_an_annotation_is_compared(name: str) -> None:
    old, new = _object(name, "string"), _object(name, "integer")
    result = compare_schemas(old, new)
    assert result.backward is Verdict.INCOMPATIBLE and result.forward is Verdict.INCOMPATIBLE
    for change in result.changes:
        if change.compatible is Verdict.INCOMPATIBLE:
            writer, reader = (old, new) if change.direction.value == "backward" else (new, old)
            assert accepts(writer, change.witness) and not accepts(reader, change.witness)


def test_a_const_object_holding_a_title_key_is_compared() -> None:
    result = compare_schemas({"const": {"title": "a"}}, {"const": {"title": "b"}})
    assert result.backward is Verdict.INCOMPATIBLE and result.forward is Verdict.INCOMPATIBLE


def test_annotations_themselves_still_do_not_matter() -> None:
    old = {"type": "string", "title": "Old", "description": "old words", "default": "x"}
    new = {"type": "string", "title": "New", "description": "new words", "default": "y"}
    result = compare_schemas(old, new)
    assert result.backward is Verdict.COMPATIBLE and result.forward is Verdict.COMPATIBLE


def test_a_big_enum_the_writer_never_sends_is_not_tried_value_by_value() -> None:
    """20,000 rejected enum values, none of which a whole writer instance can hold (the
    writer forbids the property): every value was embedded and validated, 362 s."""
    values = [f"v{i}" for i in range(20_000)]
    writer = {"type": "object", "properties": {"s": {"enum": values}}, "not": {"required": ["s"]}}
    reader = {"type": "object", "properties": {"s": {"type": "integer"}}}
    calls = 0
    real_embed = engine.embed

    def counting_embed(*args: Any) -> Any:
        nonlocal calls
        calls += args[2] == ("s",) and args[3] in values  # one try of one enum value
        return real_embed(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "embed", counting_embed)
        result = compare_schemas(writer, reader)
    assert result.backward is Verdict.UNKNOWN
    assert calls <= 3 * engine.MAX_FINITE_CANDIDATES
