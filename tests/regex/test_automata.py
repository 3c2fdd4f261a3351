"""Pattern containment by automata, checked against ``re.search`` itself."""

from __future__ import annotations

import itertools
import re

import pytest

from lakecontracts.regex.automata import pattern_containment, pattern_lengths

PATTERNS = [
    "[a-z]*",
    "^[a-z]+$",
    "^[a-c]+$",
    "^[a-z0-9]+$",
    "^\\d{2,3}$",
    "^[0-9]{2,3}$",
    "a|b",
    "^(ab|ba)+$",
    "^.*$",
    "^.+",
    "x$",
    "x\\Z",
    "^[^x]*$",
    "\\w",
    "^\\s*$",
    "^a{0,2}b?$",
    "^a$|^b$",
    "a$|b",
    "^(a|b)\\Z",
]
#: Short strings over the characters the patterns tell apart.
ALPHABET = ["a", "b", "c", "x", "z", "0", "5", "\n", " ", "\u0660", "-"]


def _strings() -> list[str]:
    out = [""]
    for size in (1, 2, 3):
        out.extend("".join(t) for t in itertools.product(ALPHABET, repeat=size))
    return out


STRINGS = _strings()


@pytest.mark.parametrize("writer", PATTERNS)
@pytest.mark.parametrize("reader", PATTERNS)
def test_verdict_agrees_with_re_search(writer: str, reader: str) -> None:
    result = pattern_containment(writer, reader)
    assert result.contained is not None
    for example in result.examples:
        assert re.search(writer, example) and not re.search(reader, example)
    if result.contained:
        for text in STRINGS:
            assert not re.search(writer, text) or re.search(reader, text), repr(text)
    else:
        assert result.examples


def test_no_writer_pattern_means_every_string() -> None:
    assert pattern_containment(None, "[a-z]*").contained is True
    result = pattern_containment(None, "^.*$")
    assert result.contained is False and "\n" in result.examples[0]


@pytest.mark.parametrize("pattern", ["(?i)a", "^(a)\\1$", "a(?=b)", "(?<!a)b", "^a|b", "a*+"])
def test_what_is_not_regular_here_stays_undecided(pattern: str) -> None:
    assert pattern_containment(pattern, "a").contained is None
    assert pattern_containment("a", pattern).contained is None


def test_budget_leaves_it_undecided() -> None:
    assert pattern_containment("^(a{1,60}){1,60}$", "^a+$").contained is None


@pytest.mark.parametrize("pattern", PATTERNS)
def test_lengths_agree_with_re_search(pattern: str) -> None:
    lengths = pattern_lengths(pattern)
    assert lengths is not None
    assert re.search(pattern, lengths.shortest)
    assert not any(re.search(pattern, t) for t in STRINGS if len(t) < len(lengths.shortest))
    if lengths.longest is not None:
        assert re.search(pattern, lengths.longest)
        assert not any(re.search(pattern, t) for t in STRINGS if len(t) > len(lengths.longest))
