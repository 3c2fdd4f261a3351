"""The regex shape analysis behind PATTERN_NOT_CATASTROPHIC."""

from __future__ import annotations

import pytest

from lakecontracts.regex.safety import catastrophic_shape


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+",
        r"(\w+\s?)*",
        "(a|ab)*",
        r"^(\d+)*$",
        "(x+x+)+y",
        "(?:[a-z,]+,)*",
        "(.*)*",
        "^(a+){1,32}$",  # a bounded outer repeat is still polynomial of degree 32
        "^(.*a){20}$",
        "(?=(a+)+$)",  # inside a lookaround
        "a*a*a*a*b",  # adjacent repeats over the same characters
        r"^\w+\d+$",
        "^[a-z]+[0-9]*[a-z]+$",  # adjacent through an optional piece
    ],
)
def test_exponential_shapes_are_flagged(pattern: str) -> None:
    assert catastrophic_shape(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[a-z0-9]+(-[a-z0-9]+)*$",  # slug: the dash separates turns of the outer repeat
        r"^[a-z0-9]+(\.[a-z0-9]+)+$",
        "(?:[a-z]+,)*",
        "(a|b)*",
        "^[A-Z]{3}$",
        "^u-[0-9a-z]{6,40}$",
        "^[0-9a-f]{64}$",
        "^([0-9a-f]{2}){16}$",  # fixed-count inner repeat: one way to match
        r"^(\d{1,3}\.){3}\d{1,3}$",
        r"^\s*[a-z]+\s*$",
        "^[a-z]{2}(-[A-Z]{2})?$",
    ],
)
def test_linear_shapes_pass(pattern: str) -> None:
    assert catastrophic_shape(pattern) is None
