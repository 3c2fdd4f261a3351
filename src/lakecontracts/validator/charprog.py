"""Simple patterns compiled to a loop over character codes, for the fast path under mypyc.

Most contract patterns are runs of character classes: ``u-[0-9a-z]{6,40}``,
``evt_[A-Za-z0-9]{14,40}``, ``[a-z]{2}(-[A-Z]{2})?``. When every variable run's class is
disjoint from whatever can follow it, the greedy scan is the only way to match, so a loop
that takes characters while they are in the class (up to the maximum) and then checks the
count decides the full match exactly, without backtracking. mypyc compiles ``ord(s[i])`` to
a direct read, so such a function costs a few instructions per character where ``re`` spends
dozens.

:func:`program` parses a regex (with ``re``'s own parser, at generation time) into runs and
optional groups, or returns None for anything else (alternatives, ``.``, categories such as
``\\d``, non-ASCII members, flags, classes that overlap what follows); :func:`render` emits
the function. Tests compare every program with ``re.fullmatch`` (hypothesis).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lakecontracts.regex import tree
from lakecontracts.regex.tree import class_members
from lakecontracts.validator.code import Block

_UNICODE_FLAG = 32
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
#: Fixed runs up to this length are unrolled (one check per position); longer ones loop.
_UNROLL = 4


@dataclass(frozen=True)
class Run:
    """``low`` to ``high`` characters of ``members`` (``high`` None: no maximum)."""

    members: frozenset[int]
    low: int
    high: int | None

    @property
    def fixed(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class OptionalGroup:
    """A group that is either absent or matches ``items`` in full."""

    items: tuple[Run | OptionalGroup, ...]


Item = Run | OptionalGroup


class _NotSimple(Exception):
    """The regex is not a sequence of deterministic runs and optional groups."""


def program(regex: str) -> tuple[Item, ...] | None:
    """The runs ``re.fullmatch(regex, s)`` amounts to, or None when it is not that simple."""
    try:
        parsed = tree.parse(regex)
        if parsed.state.flags & ~_UNICODE_FLAG:
            return None
        items = _sequence(list(parsed))
        _check_deterministic(items, frozenset())
    except (re.error, _NotSimple):
        return None
    return items or None


def _sequence(parsed: list[tuple[Any, Any]]) -> tuple[Item, ...]:
    items: list[Item] = []
    for op, value in parsed:
        if str(op) == "SUBPATTERN":  # a group standing once: its items, in line
            if value[1] or value[2]:
                raise _NotSimple("flags in a group")
            items += _sequence(list(value[3]))
        else:
            items.append(_item(str(op), value))
    return tuple(items)


def _item(op: str, value: Any) -> Item:
    if op in ("LITERAL", "IN"):
        return Run(_members(op, value), 1, 1)
    if op in _REPEATS:
        low, high, body = int(value[0]), value[1], list(value[2])
        bounded = None if high == tree.MAXREPEAT else int(high)
        if len(body) == 1 and str(body[0][0]) in ("LITERAL", "IN"):
            return Run(_members(str(body[0][0]), body[0][1]), low, bounded)
        if (low, bounded) == (0, 1):
            return OptionalGroup(_group(body))
        raise _NotSimple("a repeated group")
    raise _NotSimple(op)


def _group(body: list[tuple[Any, Any]]) -> tuple[Item, ...]:
    items = _sequence(body)
    if all(_nullable(item) for item in items):
        raise _NotSimple("an optional group that can match nothing")
    return items


def _members(op: str, value: Any) -> frozenset[int]:
    found = class_members(op, value)
    if not found or max(found) > 127:
        raise _NotSimple("a non-ASCII member")
    return found


def _nullable(item: Item) -> bool:
    return isinstance(item, OptionalGroup) or item.low == 0


def _first(items: tuple[Item, ...], follow: frozenset[int]) -> frozenset[int]:
    """Characters that can start a match of ``items`` followed by ``follow``."""
    found: frozenset[int] = frozenset()
    for item in items:
        found |= item.members if isinstance(item, Run) else _first(item.items, frozenset())
        if not _nullable(item):
            return found
    return found | follow


def _check_deterministic(items: tuple[Item, ...], follow: frozenset[int]) -> None:
    """Every choice (stop a run, enter a group) is decided by the next character alone."""
    for position, item in enumerate(items):
        after = _first(items[position + 1 :], follow)
        if isinstance(item, OptionalGroup):
            if _first(item.items, frozenset()) & after:
                raise _NotSimple("an optional group overlapping what follows")
            _check_deterministic(item.items, after)
        elif not item.fixed and item.members & after:
            raise _NotSimple("a run overlapping what follows")


def render(name: str, items: tuple[Item, ...]) -> str:
    """The source of ``def name(s: str) -> bool``, the full match of ``items``."""
    body = Block()
    body.line("n = len(s)")
    body.line("i = 0")
    _emit(body, items)
    body.line("return i == n")
    lines = [f"def {name}(s: str) -> bool:"]
    body.render(1, lines)
    return "\n".join(lines) + "\n"


def _emit(block: Block, items: tuple[Item, ...]) -> None:
    unrolled: list[frozenset[int]] = []
    for item in items:
        if isinstance(item, Run) and item.fixed and (item.high or 0) <= _UNROLL:
            unrolled += [item.members] * item.low
            continue
        _emit_unrolled(block, unrolled)
        unrolled = []
        if isinstance(item, OptionalGroup):
            block.line("c = ord(s[i]) if i < n else -1")
            block.line(f"if {_test(_first(item.items, frozenset()), 'c')}:")
            _emit(block.block(), item.items)
        else:
            _emit_greedy(block, item)
    _emit_unrolled(block, unrolled)


def _emit_unrolled(block: Block, positions: list[frozenset[int]]) -> None:
    """Fixed characters, one test each at a known offset from ``i``."""
    if not positions:
        return
    block.line(f"if n - i < {len(positions)}:")
    block.block().line("return False")
    for offset, members in enumerate(positions):
        block.line(f"c = ord(s[i + {offset}])" if offset else "c = ord(s[i])")
        block.line(f"if not ({_test(members, 'c')}):")
        block.block().line("return False")
    block.line(f"i += {len(positions)}")


def _emit_greedy(block: Block, run: Run) -> None:
    """Take characters of the class up to the maximum, then check the minimum (a fixed run
    too: the greedy scan of exactly k characters)."""
    if run.high is None:
        block.line("e = n")
    else:
        block.line(f"e = n if n - i <= {run.high} else i + {run.high}")
    block.line("j = i")
    block.line("while i < e:")
    loop = block.block()
    loop.line("c = ord(s[i])")
    loop.line(f"if not ({_test(run.members, 'c')}):")
    loop.block().line("break")
    loop.line("i += 1")
    if run.low:
        block.line(f"if i - j < {run.low}:")
        block.block().line("return False")


def _test(members: frozenset[int], code: str) -> str:
    """A boolean expression: the character code in the variable ``code`` is one of ``members``."""
    ranges: list[tuple[int, int]] = []
    for member in sorted(members):
        if ranges and ranges[-1][1] == member - 1:
            ranges[-1] = (ranges[-1][0], member)
        else:
            ranges.append((member, member))
    parts = [
        f"{code} == {low}" if low == high else f"{low} <= {code} <= {high}" for low, high in ranges
    ]
    return " or ".join(parts)
