"""The format grammars against Python's calendar."""

from __future__ import annotations

import calendar
import itertools
import re

from rfc3339_validator import validate_rfc3339

from lakecontracts.validator import grammar


def test_date_follows_the_gregorian_calendar() -> None:
    """Every YYYY-MM-DD with months 00-13 and days 00-32, for four centuries and the ends."""
    matches = re.compile(grammar.DATE).fullmatch
    for year in [0, 4, 100, 9999, *range(1900, 2301)]:
        for month in range(14):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                days = calendar.monthrange(year or 2000, month)[1] if 1 <= month <= 12 else 0
                assert bool(matches(text)) is (1 <= day <= days), text


_DATES = ["2025-06-14", "2024-02-29", "1900-02-29", "2025-13-01", "2025-04-31", "25-06-14"]
_SEPARATORS = ["T", "t", " ", ""]
_TIMES = ["09:31:07", "00:00:00", "23:59:59", "24:00:00", "09:60:00", "09:31:61", "9:31:07"]
_FRACTIONS = ["", ".", ".5", ".482", ".1a"]
_OFFSETS = ["Z", "z", "+02:00", "-23:59", "+24:00", "+02:60", "", "+0200", "Zz"]


def test_date_time_agrees_with_rfc3339_validator() -> None:
    """Every combination of these parts; RFC 3339 allows a lower-case t and z, which
    rfc3339-validator refuses, so it is asked about the upper-cased text.
    """
    matches = re.compile(grammar.DATE_TIME).fullmatch
    for parts in itertools.product(_DATES, _SEPARATORS, _TIMES, _FRACTIONS, _OFFSETS):
        text = "".join(parts)
        expected = validate_rfc3339(text.replace("t", "T").replace("z", "Z"))
        assert bool(matches(text)) is expected, text
