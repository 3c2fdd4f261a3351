"""The format grammars against Python's calendar."""

from __future__ import annotations

import calendar
import re

from lakecontracts.codegen.pyvalidator import grammar


def test_date_follows_the_gregorian_calendar() -> None:
    """Every YYYY-MM-DD with months 00-13 and days 00-32, for four centuries and the ends."""
    matches = re.compile(grammar.DATE).fullmatch
    for year in [0, 4, 100, 9999, *range(1900, 2301)]:
        for month in range(14):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                days = calendar.monthrange(year or 2000, month)[1] if 1 <= month <= 12 else 0
                assert bool(matches(text)) is (1 <= day <= days), text
