"""RE2 spellings and bounded-matcher programs mean what ``re`` means (differential tests)."""

from __future__ import annotations

import re

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.regex.bounded import program
from lakecontracts.regex.ecma import to_python
from lakecontracts.regex.re2 import to_re2
from lakecontracts.validator import boundedmatch

#: Contract-style patterns (ECMA-262, translated as the validators translate them).
SPELLED = [
    "^[a-z]{2}(-[A-Z]{2})?$",
    "^u-[0-9a-z]{6,40}$",
    "^(a+)+$",
    "^(a|ab)*c$",
    "a*a*b",
    "^(.*a){3}$",
    "^[^b]+b?$",
    "x.y",
    "^\\d{1,3}(\\.\\d{1,3}){3}$",
    "^\\s*\\w+\\s*$",
    "(?:ab){2,4}?c",
    "^$",
]
#: Constructs only the bounded matcher runs.
BOUNDED_ONLY = [
    "(?=(a+)+$)",
    "^(?!ab)[a-c]+$",
    "(?<=a)b",
    "(?<!a)b",
    "^(\\w)\\1+$",
    "\\bab\\b",
    "a\\B",
    "(?>a+)b",
    "a++b",
    "^(a)?(?(1)b|c)$",
    "^(?:(a)|b)\\1?c$",
    "[^\\D]+x",
]
TEXT = st.text(alphabet="abc \n_1x.y\u00e9\u2028", max_size=12)


@pytest.mark.parametrize("pattern", SPELLED)
def test_re2_can_spell_these(pattern: str) -> None:
    assert to_re2(to_python(pattern)) is not None


@pytest.mark.parametrize("pattern", BOUNDED_ONLY)
def test_re2_cannot_spell_these(pattern: str) -> None:
    assert to_re2(pattern) is None


@settings(max_examples=300)
@given(TEXT, st.sampled_from(SPELLED), st.sampled_from(["fullmatch", "match", "search"]))
def test_re2_agrees_with_re(text: str, pattern: str, mode: str) -> None:
    python = to_python(pattern)
    spelled = to_re2(python)
    assert spelled is not None
    expected = getattr(re.compile(python), mode)(text) is not None
    assert (getattr(re2.compile(spelled), mode)(text) is not None) is expected
    found = program(python)
    assert found is not None
    generated = boundedmatch._rx_linear(spelled, found[0], mode, found[1])
    assert (generated(text) is not None) is expected


@settings(max_examples=300)
@given(TEXT, st.sampled_from(SPELLED + BOUNDED_ONLY), st.sampled_from(["fullmatch", "search"]))
def test_the_bounded_matcher_agrees_with_re(text: str, pattern: str, mode: str) -> None:
    python = pattern if pattern in BOUNDED_ONLY else to_python(pattern)
    found = program(python)
    assert found is not None
    expected = getattr(re.compile(python), mode)(text) is not None
    assert (boundedmatch._rx_run(found[0], mode, found[1], text) is not None) is expected


def test_global_flags_have_no_program() -> None:
    assert program("(?i)abc") is None
    assert to_re2("(?i)abc") is None


def test_the_bounded_matcher_runs_when_re2_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boundedmatch, "_RE2", None)
    found = program("^(a+)+\\Z")
    assert found is not None
    matcher = boundedmatch._rx_linear("\\A(?:(?:a){1,}){1,}\\z", found[0], "search", found[1])
    assert matcher("aaa") is not None
    assert matcher("a" * 29 + "!") is None  # refused at the budget, not after minutes


def test_a_lone_surrogate_falls_back_to_the_bounded_matcher() -> None:
    found = program("a.")
    assert found is not None
    matcher = boundedmatch._rx_linear(to_re2("a.") or "", found[0], "search", found[1])
    assert matcher("a\ud800") is not None
