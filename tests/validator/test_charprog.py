"""Patterns compiled to character-code loops against ``re.fullmatch``."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.validator import charprog

_SIMPLE = [
    "u-[0-9a-z]{6,40}",
    "evt_[A-Za-z0-9]{14,40}",
    "[a-z]{2}(-[A-Z]{2})?",
    "[245][.][0-9]{1,3}[.][0-9]{1,3}",
    "[0-9a-f-]{36,80}",
    "[a-z][a-z0-9_]{2,63}",
    "[0-9a-f]{64}",
    "[A-Z]{3}",
    "a+b*c?",
    "(?:ab)",
]
_NOT_SIMPLE = [
    "a+a",  # the run overlaps what follows: greedy could take too much
    "[0-9]{1,3}[0-9]",
    "(?:ab|c)",  # alternatives
    "\\d+",  # a category: Unicode digits
    "[^a]",  # a negated class reaches beyond ASCII
    ".+",
    "é+",
    "(?i)ab",  # flags
    "(?:ab)+",  # a repeated group
    "(?:a?)?",  # an optional group that can match nothing
    "(?:ab)?a",  # the group overlaps what follows
    "",
]


def _function(pattern: str) -> Callable[[str], bool]:
    items = charprog.program(pattern)
    assert items is not None, pattern
    namespace: dict[str, object] = {}
    exec(charprog.render("_p", items), namespace)
    check = namespace["_p"]
    assert callable(check)
    return check


@pytest.mark.parametrize("pattern", _SIMPLE)
def test_simple_patterns_get_a_program(pattern: str) -> None:
    check = _function(pattern)
    for text in ["", "u-abc123", "evt_ABCDEFGHIJ1234", "pt-PT", "pt", "2.10.3", "abc", "EUR"]:
        assert check(text) is bool(re.fullmatch(pattern, text)), (pattern, text)


@pytest.mark.parametrize("pattern", _NOT_SIMPLE)
def test_other_patterns_get_none(pattern: str) -> None:
    assert charprog.program(pattern) is None


_CLASSES = ["a", "b", "-", "_", "[0-9]", "[A-Z]", "[ab]", "[a-c]", "[b-]", "[A-Z0-9]"]
_COUNTS = ["", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "{5}", "{2,}"]


@st.composite
def _patterns(draw: st.DrawFn) -> str:
    def atoms(size: int) -> str:
        count = draw(st.integers(1, size))
        atom, repeat = st.sampled_from(_CLASSES), st.sampled_from(_COUNTS)
        return "".join(draw(atom) + draw(repeat) for _ in range(count))

    pattern = atoms(4)
    if draw(st.booleans()):
        pattern += f"(?:{atoms(2)})?" + (atoms(2) if draw(st.booleans()) else "")
    return pattern


@settings(max_examples=300, deadline=None)
@given(_patterns(), st.data())
def test_programs_agree_with_re(pattern: str, data: st.DataObject) -> None:
    """Whenever a pattern gets a program, it decides exactly what ``re.fullmatch`` does, on
    matching texts, on those texts with a character changed, and on any text."""
    if charprog.program(pattern) is None:
        return
    check = _function(pattern)
    matches = re.compile(pattern).fullmatch
    matching = data.draw(st.lists(st.from_regex(pattern, fullmatch=True), max_size=4))
    texts = matching + data.draw(st.lists(st.text("ab-c09Z é", max_size=9), max_size=4))
    for text in matching:
        position = data.draw(st.integers(0, len(text)))
        texts.append(text[:position] + data.draw(st.sampled_from("ab-c09Z é")) + text[position:])
        texts.append(text[:position] + text[position + 1 :])
    for text in texts:
        assert check(text) is bool(matches(text)), (pattern, text)


def test_most_generated_patterns_get_a_program() -> None:
    """Guards the test above: it proves little if programs are rare among its patterns."""
    found: list[bool] = []

    @settings(max_examples=200, database=None)
    @given(_patterns())
    def collect(pattern: str) -> None:
        found.append(charprog.program(pattern) is not None)

    collect()
    assert sum(found) >= 0.15 * len(found), sum(found)  # about a third, measured
