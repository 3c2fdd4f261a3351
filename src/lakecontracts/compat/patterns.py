"""``patternProperties``: which patterns match a property name, without trying them all.

Trying every pattern on every name is quadratic, and with more than 512 distinct patterns
``re``'s own cache thrashes, so each ``re.search`` recompiled its pattern: 800 patterns took
115 s. Patterns here are compiled once per schema, and a pattern that starts with ``^`` and a
literal prefix (``^attr12_[a-z]+$``) is filed under that prefix, so a name is tried only
against the patterns whose prefix it starts with, plus the patterns without one.

Matching is Python ``re.search``, as before; a pattern ``re`` cannot compile matches nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from lakecontracts.compat.sameness import SCHEMA_MAPS, SCHEMA_VALUES

_QUANTIFIERS = frozenset("*+?{")
_LITERAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def literal_prefix(pattern: str) -> str | None:
    """The text every match must start with, or None when that is not known simply."""
    if not pattern.startswith("^") or "|" in pattern:
        return None
    end = 1
    while end < len(pattern) and pattern[end] in _LITERAL:
        end += 1
    if end < len(pattern) and pattern[end] in _QUANTIFIERS:
        end -= 1  # the last literal is repeated (or optional): not part of the prefix
    return pattern[1:end]


@functools.lru_cache(maxsize=8192)
def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    """``re.compile``, memoised beyond ``re``'s own 512 entries; None when it cannot compile."""
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


class PatternIndex:
    """The patterns of one ``patternProperties`` object, in their order, indexed."""

    def __init__(self, patterns: Mapping[str, Any]) -> None:
        self.items = list(patterns.items())
        self._compiled = [compile_pattern(p) for p, _ in self.items]
        self._by_prefix: dict[str, list[int]] = {}
        self._unindexed: list[int] = []
        for index, (pattern, _) in enumerate(self.items):
            prefix = literal_prefix(pattern)
            if prefix:
                self._by_prefix.setdefault(prefix, []).append(index)
            else:
                self._unindexed.append(index)
        self._longest = max((len(p) for p in self._by_prefix), default=0)

    def _candidates(self, name: str) -> list[int]:
        found = list(self._unindexed)
        for end in range(1, min(len(name), self._longest) + 1):
            found.extend(self._by_prefix.get(name[:end], ()))
        found.sort()
        return found

    def positions(self, name: str) -> Iterator[int]:
        """Positions (in pattern order) of the patterns that match ``name``."""
        for index in self._candidates(name):
            compiled = self._compiled[index]
            if compiled is not None and compiled.search(name) is not None:
                yield index

    def matching(self, name: str) -> list[Any]:
        """The schemas of the patterns that match ``name``, in pattern order."""
        return [self.items[i][1] for i in self.positions(name)]

    def any_match(self, name: str) -> bool:
        return next(self.positions(name), None) is not None


class PatternIndexMemo:
    """One :class:`PatternIndex` per ``patternProperties`` object (held, so ids stay unique)."""

    def __init__(self) -> None:
        self._indexes: dict[int, tuple[Any, PatternIndex]] = {}

    def index(self, patterns: Any) -> PatternIndex:
        if not isinstance(patterns, Mapping):
            patterns = {}
        known = self._indexes.get(id(patterns))
        if known is not None and known[0] is patterns:
            return known[1]
        built = PatternIndex(patterns)
        self._indexes[id(patterns)] = (patterns, built)
        return built


def bad_patterns(schema: Any, path: str = "#") -> Iterator[tuple[str, str]]:
    """(where, pattern) for each ``pattern`` / ``patternProperties`` key that ``re`` (the
    reference validator's engine) cannot compile; the meta-schemas do not assert this."""
    if not isinstance(schema, dict):
        return
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and compile_pattern(pattern) is None:
        yield f"{path}/pattern", pattern
    for key, value in schema.items():
        here = f"{path}/{key}"
        if key in SCHEMA_MAPS and isinstance(value, dict):
            for name, sub in value.items():
                if key == "patternProperties" and compile_pattern(name) is None:
                    yield here, name
                yield from bad_patterns(sub, f"{here}/{name}")
        elif key in SCHEMA_VALUES:
            for index, sub in enumerate(value) if isinstance(value, list) else [(None, value)]:
                yield from bad_patterns(sub, here if index is None else f"{here}/{index}")
