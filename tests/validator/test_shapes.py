"""Fixed-shape strings: one translation and one comparison decide what the regex decides."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.validator import grammar
from lakecontracts.validator.fusion import SEPARATOR
from lakecontracts.validator.shapes import fixed_shape, group_shapes

FIXED = [grammar.UUID, "[0-9a-f]{64}", "[A-Z]{2}", "[A-Z]{3}", "ab-[xy]{2}(?:z)", "(q)[0-9]"]
NOT_FIXED = [
    grammar.DATE,  # alternatives
    "u-[0-9a-z]{6,40}",  # a variable repeat
    "[a-z]+",
    "\\d{4}",  # a category reaches beyond ASCII
    "[^a]",
    "é{2}",
    "[\\x00-\\x1f]",
    "(?i)[a-z]{2}",
    "ab|c",
    "",
]


@pytest.mark.parametrize("regex", FIXED)
def test_fixed_shapes_are_found(regex: str) -> None:
    assert fixed_shape(regex) is not None


@pytest.mark.parametrize("regex", NOT_FIXED)
def test_other_regexes_are_not_fixed_shapes(regex: str) -> None:
    assert fixed_shape(regex) is None


def test_overlapping_classes_go_to_separate_groups() -> None:
    hex_any, hex_lower, upper = (fixed_shape(r) for r in (grammar.UUID, "[0-9a-f]{4}", "[A-Z]"))
    assert hex_any and hex_lower and upper
    groups = group_shapes([("a", hex_any), ("b", hex_lower), ("c", upper), ("d", hex_any)])
    assert [[v for v, _ in g.members] for g in groups] == [["a", "d"], ["b", "c"]]


def _translated_check(regexes: list[str], values: list[str]) -> bool:
    """What the generated code computes: every group's translation equals its template."""
    shapes = [fixed_shape(regex) for regex in regexes]
    groups = group_shapes([(str(i), s) for i, s in enumerate(shapes) if s is not None])
    assert sum(len(g.members) for g in groups) == len(regexes)
    for group in groups:
        text = SEPARATOR.join(values[int(variable)] for variable, _ in group.members)
        if text.encode("ascii", "ignore").translate(group.table()) != group.template():
            return False
    return True


TEXT = st.text(alphabet=st.sampled_from("0aAfFgG9-zZ\x00é_ |!"), max_size=40)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from([grammar.UUID, "[0-9A-F]{2}", "x[0-9a-f]{3}-"]), min_size=1),
    st.data(),
)
def test_the_translation_agrees_with_the_regexes(regexes: list[str], data: st.DataObject) -> None:
    values = []
    for regex in regexes:
        near = st.from_regex(re.compile(regex), fullmatch=True)
        values.append(data.draw(st.one_of(near, near.map(lambda v: v[:-1] + "é"), TEXT)))
    expected = all(re.fullmatch(r, v) for r, v in zip(regexes, values, strict=True))
    assert _translated_check(regexes, values) is expected, values
