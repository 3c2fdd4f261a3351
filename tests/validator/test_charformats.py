"""The character-code date and date-time checks against the grammar's regexes."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from lakecontracts.validator import charformats, grammar

_DATE = re.compile(grammar.DATE).fullmatch
_DATE_TIME = re.compile(grammar.DATE_TIME).fullmatch


def test_date_agrees_with_the_grammar_on_every_month_and_day() -> None:
    """Months 00-13 and days 00-32 of leap, common and century years (and year 0)."""
    for year in [0, 4, 100, 200, 400, 1900, 2000, 2023, 2024, 2100, 9996, 9999]:
        for month in range(14):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                assert charformats._fast_date(text) is bool(_DATE(text)), text


_DATES = ["2025-06-14", "2024-02-29", "1900-02-29", "2000-02-29", "2025-13-01", "2025-04-31"]
_BROKEN_DATES = ["25-06-14", "2025-6-14", "2025/06/14", "2025-06-1a", "２025-06-14", "x025-06-14"]
_TIMES = ["T09:31:07", "t00:00:00", "T23:59:59", "T24:00:00", "T09:60:00", "T09:31:60", "T9:31:07"]
_TAILS = ["", ".", ".5", ".482", ".1a", "Z", "z", ".482Z", "+02:00", "-23:59", "+24:00"]
_MORE = ["", "+02:60", "+0200", "Zz", "Z ", "+02:00x", "+2:00", "-1x:00"]


def test_date_time_agrees_with_the_grammar_on_every_combination() -> None:
    for parts in itertools.product(_DATES + _BROKEN_DATES, _TIMES, _TAILS, _MORE):
        text = "".join(parts)
        assert charformats._fast_date_time(text) is bool(_DATE_TIME(text)), text


_ALPHABET = "0123456789-:.TtZz+x é"
_NEAR = st.builds(
    lambda date, time, tail, noise: date + time + tail + noise,
    st.sampled_from(_DATES + _BROKEN_DATES),
    st.sampled_from(_TIMES),
    st.text(_ALPHABET, max_size=8),
    st.text(_ALPHABET, max_size=2),
)


@given(st.one_of(_NEAR, st.text(_ALPHABET, max_size=32)))
def test_date_time_agrees_with_the_grammar_on_near_misses(text: str) -> None:
    assert charformats._fast_date_time(text) is bool(_DATE_TIME(text)), text
    assert charformats._fast_date(text) is bool(_DATE(text)), text
