"""The patternProperties index finds exactly the patterns ``re.search`` finds, in order."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.compat.patterns import PatternIndex, literal_prefix


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [
        ("^attr12_[a-z]+$", "attr12_"),
        ("^ab*", "a"),
        ("^ab{2}", "a"),
        ("^abc?", "ab"),
        ("^x|^y", None),
        ("abc", None),
        ("^[a-z]", ""),
        ("^(?i)abc", ""),
    ],
)
def test_literal_prefix(pattern: str, prefix: str | None) -> None:
    assert literal_prefix(pattern) == prefix


def _search(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


PIECES = st.sampled_from(
    ["^", "a", "b", "_", "1", "*", "+", "?", "{2}", "|", "[a-z]", "$", "(", ")"]
)
PATTERNS = st.lists(PIECES, min_size=1, max_size=6).map("".join)
NAMES = st.text(alphabet="ab_1zA", max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(PATTERNS, max_size=8, unique=True), NAMES)
def test_index_agrees_with_re_search(patterns: list[str], name: str) -> None:
    index = PatternIndex({p: i for i, p in enumerate(patterns)})
    assert index.matching(name) == [i for i, p in enumerate(patterns) if _search(p, name)]
    assert index.any_match(name) == any(_search(p, name) for p in patterns)
