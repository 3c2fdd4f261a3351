"""Regular expressions for the asserted formats, built from their RFC grammars.

Only ASCII ranges are used (``[0-9]``, never ``\\d``): Python's ``\\d`` also matches other
scripts' digits, which no RFC allows.
"""

from __future__ import annotations

_DIGIT2 = "[0-9]{2}"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
#: Days 01-28 of any month first: ``re`` tries alternatives in order, and most dates are there.
_MONTH_DAY = (
    "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)"
    "|(?:0[13578]|1[02])-31)"
)
#: RFC 3339 full-date, calendar included (days per month, leap years).
DATE = f"(?:[0-9]{{4}}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_OFFSET = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
#: RFC 3339 full-time without leap seconds (those take the slow path). The fraction is
#: possessive (``++``, ``?+``): digits never start an offset, so giving some back never helps,
#: and ``re`` then keeps no backtracking state for them.
TIME = f"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]++)?+{_OFFSET}"
#: A time whose second is 60; valid only when it is 23:59:60 in UTC.
LEAP_TIME = (
    "([01][0-9]|2[0-3]):([0-5][0-9]):60(?:\\.[0-9]+)?"
    "(?:[Zz]|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))\\Z"
)
DATE_TIME = f"{DATE}[Tt]{TIME}"

UUID = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
#: The lower-case UUIDs (RFC 4122's output form): a subset of ``UUID``.
UUID_LOWER = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4 = f"{_OCTET}(?:\\.{_OCTET}){{3}}"
_H16 = "[0-9A-Fa-f]{1,4}"
_LS32 = f"(?:{_H16}:{_H16}|{IPV4})"
#: RFC 3986 IPv6address, alternative by alternative.
IPV6 = (
    "(?:"
    + "|".join(
        (
            f"(?:{_H16}:){{6}}{_LS32}",
            f"::(?:{_H16}:){{5}}{_LS32}",
            f"(?:{_H16})?::(?:{_H16}:){{4}}{_LS32}",
            f"(?:(?:{_H16}:){{0,1}}{_H16})?::(?:{_H16}:){{3}}{_LS32}",
            f"(?:(?:{_H16}:){{0,2}}{_H16})?::(?:{_H16}:){{2}}{_LS32}",
            f"(?:(?:{_H16}:){{0,3}}{_H16})?::{_H16}:{_LS32}",
            f"(?:(?:{_H16}:){{0,4}}{_H16})?::{_LS32}",
            f"(?:(?:{_H16}:){{0,5}}{_H16})?::{_H16}",
            f"(?:(?:{_H16}:){{0,6}}{_H16})?::",
        )
    )
    + ")"
)

#: RFC 1123 host name label (letters, digits, hyphens; no hyphen at either end).
LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"

_UNRESERVED = "A-Za-z0-9\\-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PCT = "%[0-9A-Fa-f]{2}"
_PCHAR = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_USERINFO = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*"
_IP_LITERAL = f"\\[(?:{IPV6}|[vV][0-9A-Fa-f]+\\.[{_UNRESERVED}{_SUB_DELIMS}:]+)\\]"
_REG_NAME = f"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*"
_AUTHORITY = f"(?:{_USERINFO}@)?(?:{_IP_LITERAL}|{_REG_NAME})(?::[0-9]*)?"
_SEGMENT = f"{_PCHAR}*"
_HIER_PART = (
    f"(?://{_AUTHORITY}(?:/{_SEGMENT})*|/(?:{_PCHAR}+(?:/{_SEGMENT})*)?|{_PCHAR}+(?:/{_SEGMENT})*|)"
)
_QUERY = f"(?:{_PCHAR}|[/?])*"
#: RFC 3986 URI (absolute: a scheme is required).
URI = f"[A-Za-z][A-Za-z0-9+\\-.]*:{_HIER_PART}(?:\\?{_QUERY})?(?:#{_QUERY})?"

_ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
#: RFC 5321 Mailbox local part: dot-atom or quoted string.
LOCAL_PART = f'(?:{_ATEXT}(?:\\.{_ATEXT})*|"(?:[^"\\\\\\r\\n]|\\\\.)*")'
