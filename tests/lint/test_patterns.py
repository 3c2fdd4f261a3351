"""The regex shape analysis behind PATTERN_NOT_CATASTROPHIC."""

from __future__ import annotations

import pytest

from lakecontracts.regex.safety import catastrophic_shape


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+", r"(\w+\s?)*", "(a|ab)*", r"^(\d+)*$", "(x+x+)+y", "(?:[a-z,]+,)*", "(.*)*"],
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
    ],
)
def test_linear_shapes_pass(pattern: str) -> None:
    assert catastrophic_shape(pattern) is None
