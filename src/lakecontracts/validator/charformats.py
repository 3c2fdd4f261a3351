"""RFC 3339 date and date-time checks by character codes, for the fast path under mypyc.

Python's ``re`` spends about 80 machine instructions per character on the date grammar (its
calendar alternatives backtrack); compiled by mypyc, ``ord(s[i])`` is a direct read of the
string's buffer and these functions decide the same question in a few instructions per
character. Each accepts exactly what ``grammar.DATE`` or ``grammar.DATE_TIME`` fully matches
(no leap seconds: those are left to the full check), which the tests check against ``re``.

The emitter copies the source of these functions into generated modules (see ``prelude``),
so they use only builtins.
"""

from __future__ import annotations


def _date_at(s: str, i: int) -> bool:
    """A full-date (``YYYY-MM-DD``, calendar included) at ``i`` (``i + 9 < len(s)``).

    Comparisons of character codes only (48 is ``0``): no arithmetic on the common path.
    """
    if not (48 <= ord(s[i]) <= 57 and 48 <= ord(s[i + 1]) <= 57):
        return False
    if not (48 <= ord(s[i + 2]) <= 57 and 48 <= ord(s[i + 3]) <= 57):
        return False
    if ord(s[i + 4]) != 45 or ord(s[i + 7]) != 45:
        return False
    if not (48 <= ord(s[i + 6]) <= 57 and 48 <= ord(s[i + 9]) <= 57):
        return False
    m1 = ord(s[i + 5])
    m2 = ord(s[i + 6])
    if not ((m1 == 48 and m2 != 48) or (m1 == 49 and m2 <= 50)):
        return False
    d1 = ord(s[i + 8])
    d2 = ord(s[i + 9])
    if d1 == 48:
        return d2 != 48
    if d1 == 49 or (d1 == 50 and d2 != 57):
        return True
    month = (m1 - 48) * 10 + m2 - 48
    if d1 == 50:  # the 29th: every month but February in a common year
        if month != 2:
            return True
        year = (ord(s[i + 2]) - 48) * 10 + ord(s[i + 3]) - 48
        if year == 0:
            return ((ord(s[i]) - 48) * 10 + ord(s[i + 1]) - 48) % 4 == 0
        return year % 4 == 0
    if d1 != 51 or d2 > 49 or month == 2:
        return False
    return d2 == 48 or month in (1, 3, 5, 7, 8, 10, 12)


def _fast_date(s: str) -> bool:
    """``s`` is an RFC 3339 full-date."""
    return len(s) == 10 and _date_at(s, 0)


def _fast_date_time(s: str) -> bool:
    """``s`` is an RFC 3339 date-time without a leap second."""
    n = len(s)
    if n < 20 or not _date_at(s, 0):
        return False
    c = ord(s[10])
    if (c != 84 and c != 116) or ord(s[13]) != 58 or ord(s[16]) != 58:
        return False
    if not (_hour_at(s, 11) and _sixty_at(s, 14) and _sixty_at(s, 17)):
        return False
    i = 19
    if ord(s[i]) == 46:  # a fraction: one digit or more
        i += 1
        start = i
        while i < n and 48 <= ord(s[i]) <= 57:
            i += 1
        if i == start or i >= n:  # no digit, or nothing after them
            return False
    c = ord(s[i])
    if c == 90 or c == 122:
        return i + 1 == n
    if (c != 43 and c != 45) or i + 6 != n or ord(s[i + 3]) != 58:
        return False
    return _hour_at(s, i + 1) and _sixty_at(s, i + 4)


def _hour_at(s: str, i: int) -> bool:
    """Two digits 00-23 at ``i`` (``i + 1 < len(s)``)."""
    h1 = ord(s[i])
    h2 = ord(s[i + 1])
    return (48 <= h1 <= 49 and 48 <= h2 <= 57) or (h1 == 50 and 48 <= h2 <= 51)


def _sixty_at(s: str, i: int) -> bool:
    """Two digits 00-59 (a minute or a second) at ``i`` (``i + 1 < len(s)``)."""
    return 48 <= ord(s[i]) <= 53 and 48 <= ord(s[i + 1]) <= 57
