"""Runtime helpers copied into generated validators (standard library only).

Each helper is a plain function here, tested like any other code; the emitter copies the
source of the ones a schema needs (see ``HELPERS``) into the generated module, which must
stay standalone. Module-level names they use are listed in ``CONSTANTS`` and emitted too.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

from lakecontracts.validator import grammar
from lakecontracts.validator.boundedmatch import (  # noqa: F401 (copied by name)
    _RE2,
    _RX_STEPS,
    _rx_at,
    _rx_atomic,
    _rx_bounded,
    _rx_category,
    _rx_engine,
    _rx_group,
    _rx_in,
    _rx_linear,
    _rx_look,
    _rx_node,
    _rx_re2,
    _rx_ref,
    _rx_rep,
    _rx_run,
    _rx_seq,
    _rx_word,
    _RxBudget,
)
from lakecontracts.validator.charformats import (  # noqa: F401 (copied by name)
    _date_at,
    _fast_date,
    _fast_date_time,
    _hour_at,
    _sixty_at,
)

_IP_LITERAL = "\\[(?:" + grammar.IPV4 + "|IPv6:" + grammar.IPV6 + ")\\]\\Z"
CONSTANTS: dict[str, str] = {
    "_IDNA_DISALLOWED": ascii("\u0640\u07fa\u302e\u302f\u3031\u3032\u3033\u3034\u3035\u303b"),
    "_LEAP_TIME": f"re.compile({grammar.LEAP_TIME!r}).match",
    "_DATE_T": f"re.compile({(grammar.DATE + '[Tt]')!r}).match",
    "_LABEL": f"re.compile({(grammar.LABEL + chr(92) + 'Z')!r}).match",
    "_LOCAL_PART": f"re.compile({(grammar.LOCAL_PART + chr(92) + 'Z')!r}).match",
    "_IP_IN_BRACKETS": f"re.compile({_IP_LITERAL!r}).match",
    "_RX_STEPS": repr(_RX_STEPS),
    "_RE2": "_rx_engine()",
    # Compiled by mypyc, a function has no ``__code__``.
    "_NATIVE": "not hasattr(_date_at, '__code__')",
}
_LEAP_TIME = re.compile(grammar.LEAP_TIME).match
_DATE_T = re.compile(grammar.DATE + "[Tt]").match
_LABEL = re.compile(grammar.LABEL + "\\Z").match
_LOCAL_PART = re.compile(grammar.LOCAL_PART + "\\Z").match
_NATIVE = not hasattr(_date_at, "__code__")
_IP_IN_BRACKETS = re.compile("\\[(?:" + grammar.IPV4 + "|IPv6:" + grammar.IPV6 + ")\\]\\Z").match


#: RFC 5892 section 2.6: exceptions that are DISALLOWED whatever their category.
_IDNA_DISALLOWED = "\u0640\u07fa\u302e\u302f\u3031\u3032\u3033\u3034\u3035\u303b"


class _Frozen:
    """Marker type so booleans never compare equal to the numbers 0 and 1."""


def _freeze(value: object) -> object:
    """A hashable form of a JSON value with JSON Schema equality (1 == 1.0, True != 1)."""
    kind = type(value)
    if kind is bool:
        return (_Frozen, value)
    if kind is list:
        return (list, tuple(_freeze(item) for item in value))  # type: ignore[attr-defined]
    if kind is dict:
        items = value.items()  # type: ignore[attr-defined]
        return (dict, frozenset((key, _freeze(item)) for key, item in items))
    return value


def _unique(items: list[object]) -> bool:
    """True when no two items are equal under JSON Schema equality."""
    return len(set(map(_freeze, items))) == len(items)


def _multiple_of_float(value: float, divisor: float) -> bool:
    """Draft-07 ``multipleOf`` for a float divisor, as the reference validator decides it."""
    quotient = value / divisor
    try:
        return int(quotient) == quotient
    except OverflowError:
        return (Fraction(value) / Fraction(divisor)).denominator == 1


def _leap_time(text: str) -> bool:
    """A time with second 60 is valid only at 23:59:60 UTC (after applying the offset)."""
    match = _LEAP_TIME(text)
    if match is None:
        return False
    hour, minute, sign, offset_hour, offset_minute = match.groups()
    offset = 0 if sign is None else int(offset_hour) * 60 + int(offset_minute)
    utc = int(hour) * 60 + int(minute) - (offset if sign == "+" else -offset)
    return utc % 1440 == 23 * 60 + 59


def _leap_date_time(text: str) -> bool:
    return _DATE_T(text) is not None and _leap_time(text[11:])


def _idna_label(label: str) -> bool:
    """An A-label (``xn--``) must decode to a U-label that IDNA 2008 allows."""
    try:
        ulabel = label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return False
    if not ulabel or ulabel.isascii() or ulabel[2:4] == "--":
        return False
    if unicodedata.category(ulabel[0]).startswith("M"):
        return False
    if unicodedata.normalize("NFC", ulabel) != ulabel:
        return False
    if any(char in _IDNA_DISALLOWED for char in ulabel):
        return False
    return _idna_context(ulabel)


def _idna_context(ulabel: str) -> bool:
    """RFC 5892 appendix A contextual rules for the code points the rules name."""
    ud = unicodedata
    for index, char in enumerate(ulabel):
        before = ulabel[index - 1] if index else ""
        after = ulabel[index + 1 : index + 2]
        if char == "\u00b7" and not (before == "l" and after == "l"):
            return False
        if char == "\u0375" and not (after and "GREEK" in ud.name(after, "")):
            return False
        if char in "\u05f3\u05f4" and not (before and "HEBREW" in ud.name(before, "")):
            return False
        if char == "\u200d" and not (before and ud.combining(before) == 9):
            return False
    if "\u30fb" in ulabel and not any(
        name.startswith(("HIRAGANA", "KATAKANA", "CJK"))
        for name in (ud.name(char, "") for char in ulabel if char != "\u30fb")
    ):
        return False
    arabic = any("\u0660" <= char <= "\u0669" for char in ulabel)
    extended = any("\u06f0" <= char <= "\u06f9" for char in ulabel)
    return not (arabic and extended)


def _hostname(text: str) -> bool:
    """RFC 1123 host name; ``xn--`` labels are checked as IDNA 2008 A-labels."""
    if not text or len(text) > 253 or not text.isascii():
        return False
    for label in text.split("."):
        if _LABEL(label) is None:
            return False
        reserved = label[2:4] == "--"
        if reserved and (label[:2].lower() != "xn" or not _idna_label(label.lower())):
            return False
    return True


def _email(text: str) -> bool:
    """RFC 5321 Mailbox: a local part, then a host name or an address literal."""
    local, at, domain = text.rpartition("@")
    if not at or _LOCAL_PART(local) is None:
        return False
    return _hostname(domain) or _IP_IN_BRACKETS(domain) is not None


#: Helper name -> (the names it needs first, the standard-library imports it needs).
HELPERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "_Frozen": ((), ()),
    "_freeze": (("_Frozen",), ()),
    "_unique": (("_freeze",), ()),
    "_multiple_of_float": ((), ("from fractions import Fraction",)),
    "_leap_time": (("_LEAP_TIME",), ("import re",)),
    "_leap_date_time": (("_DATE_T", "_leap_time"), ("import re",)),
    "_idna_context": ((), ("import unicodedata",)),
    "_idna_label": (("_IDNA_DISALLOWED", "_idna_context"), ("import unicodedata",)),
    "_hostname": (("_LABEL", "_idna_label"), ("import re",)),
    "_email": (("_LOCAL_PART", "_IP_IN_BRACKETS", "_hostname"), ("import re",)),
    "_date_at": ((), ()),
    "_NATIVE": (("_date_at",), ()),
    "_fast_date": (("_date_at",), ()),
    "_hour_at": ((), ()),
    "_sixty_at": ((), ()),
    "_fast_date_time": (("_date_at", "_hour_at", "_sixty_at"), ()),
    "_rx_engine": ((), ("import importlib", "from typing import Any")),
    "_RE2": (("_rx_engine",), ()),
    "_rx_linear": (
        (
            "_RE2",
            "_RX_STEPS",
            "_RxBudget",
            "_rx_bounded",
            "_rx_re2",
            "_rx_run",
            "_rx_seq",
            "_rx_node",
            "_rx_in",
            "_rx_category",
            "_rx_rep",
            "_rx_group",
            "_rx_atomic",
            "_rx_look",
            "_rx_ref",
            "_rx_at",
            "_rx_word",
        ),
        ("from collections.abc import Callable", "from typing import Any"),
    ),
}
