"""Asserted formats: each is a failing-condition template over the checked string ``{v}``.

Fast paths are one precompiled regular expression on the whole string; the rare valid
values a regex cannot decide (leap seconds) fall through to a prelude helper.
"""

from __future__ import annotations

from collections.abc import Callable

from lakecontracts.validator import grammar
from lakecontracts.validator.builder import ModuleBuilder


def _matcher(module: ModuleBuilder, regex: str) -> str:
    module.imports.add("import re")
    return module.constant(f"re.compile({regex!r}).fullmatch")


def _uuid(module: ModuleBuilder) -> str:
    return f"{_matcher(module, grammar.UUID)}({{v}}) is None"


def _date(module: ModuleBuilder) -> str:
    return f"{_matcher(module, grammar.DATE)}({{v}}) is None"


def _date_time(module: ModuleBuilder) -> str:
    fast = _matcher(module, grammar.DATE_TIME)
    return f"{fast}({{v}}) is None and not {module.helper('_leap_date_time')}({{v}})"


def _time(module: ModuleBuilder) -> str:
    fast = _matcher(module, grammar.TIME)
    return f"{fast}({{v}}) is None and not {module.helper('_leap_time')}({{v}})"


def _ipv4(module: ModuleBuilder) -> str:
    return f"{_matcher(module, grammar.IPV4)}({{v}}) is None"


def _ipv6(module: ModuleBuilder) -> str:
    return f"{_matcher(module, grammar.IPV6)}({{v}}) is None"


def _uri(module: ModuleBuilder) -> str:
    return f"{_matcher(module, grammar.URI)}({{v}}) is None"


def _hostname(module: ModuleBuilder) -> str:
    return f"not {module.helper('_hostname')}({{v}})"


def _email(module: ModuleBuilder) -> str:
    return f"not {module.helper('_email')}({{v}})"


#: Format name -> emitter of its failing condition. Formats not listed are annotations only.
FORMATS: dict[str, Callable[[ModuleBuilder], str]] = {
    "uuid": _uuid,
    "date": _date,
    "date-time": _date_time,
    "time": _time,
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "uri": _uri,
    "hostname": _hostname,
    "email": _email,
}

#: Format name -> a regex whose full match implies the format holds (for fused checks, see
#: ``fusion``). date-time and time leave out leap seconds, which the per-value check decides.
FUSABLE_FORMATS: dict[str, str] = {
    "uuid": grammar.UUID,
    "date": grammar.DATE,
    "date-time": grammar.DATE_TIME,
    "time": grammar.TIME,
    "ipv4": grammar.IPV4,
    "ipv6": grammar.IPV6,
    "uri": grammar.URI,
}
