"""Linear-time or step-bounded pattern matching, copied into generated validators.

A contract pattern that ``re`` is not proven to run in linear time (see ``builder.regex``)
is compiled by :func:`_rx_linear`: with RE2 (``google-re2``, linear in the input) when it is
installed and the pattern has an RE2 spelling (``lakecontracts.regex.re2``), otherwise by a
small backtracking matcher over the pattern's program (``lakecontracts.regex.bounded``) that
counts its steps. When ``_RX_STEPS`` steps are spent, or Python's recursion limit is reached
(values of more than a few hundred characters against such a pattern), the value is refused:
a hostile value costs at most the budget, never minutes, and a refused value is quarantined
with the pattern's message. Standard library only: RE2 is imported when present.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: Steps (pattern positions tried) one value may cost the bounded matcher.
_RX_STEPS = 10000


def _rx_engine() -> Any:
    """The ``re2`` module when installed, else None."""
    try:
        return importlib.import_module("re2")
    except ImportError:
        return None


_RE2 = _rx_engine()


class _RxBudget(Exception):
    """The bounded matcher spent its budget: the value is refused."""


def _rx_linear(source: str, program: Any, mode: str, groups: int) -> Callable[[str], object]:
    """A ``fullmatch``/``match``/``search`` for one pattern: RE2's when it can, else bounded."""
    bounded = _rx_bounded(program, mode, groups)
    if _RE2 is None or not source:
        return bounded
    try:
        compiled = _RE2.compile(source)
    except Exception:  # RE2 refuses the program (too large): the bounded matcher runs it
        return bounded
    return _rx_re2(compiled, mode, bounded)


def _rx_re2(compiled: Any, mode: str, bounded: Callable[[str], object]) -> Callable[[str], object]:
    """RE2's matcher, called below the wrapper's offset bookkeeping when the binding has it.

    ``google-re2``'s ``fullmatch`` spends most of its ~10 us mapping byte offsets back to
    characters, which a yes/no answer does not need; its ``_regexp.Match`` on the UTF-8 bytes
    answers in ~2 us. Without that (private) entry point the public method is used.
    """
    anchors = getattr(_RE2, "_Anchor", None)
    regexp = getattr(compiled, "_regexp", None)
    if anchors is None or regexp is None:
        method = getattr(compiled, mode)

        def public(text: str) -> object:
            try:
                return method(text)
            except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form for RE2
                return bounded(text)

        return public
    names = {"fullmatch": "ANCHOR_BOTH", "match": "ANCHOR_START", "search": "UNANCHORED"}
    anchor = getattr(anchors, names[mode])
    match = regexp.Match

    def run(text: str) -> object:
        try:
            data = text.encode()
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form for RE2
            return bounded(text)
        return True if match(anchor, data, 0, len(data))[0][0] >= 0 else None

    return run


def _rx_bounded(program: Any, mode: str, groups: int) -> Callable[[str], object]:
    def run(text: str) -> object:
        return _rx_run(program, mode, groups, text)

    return run


def _rx_run(program: Any, mode: str, groups: int, text: str) -> object:
    """True when ``text`` matches within the budget, else None (like ``re``'s methods)."""
    steps = [_RX_STEPS]
    slots = [-1] * (2 * groups)
    size = len(text)
    starts = size + 1 if mode == "search" else 1

    def accept(end: int) -> bool:
        return mode != "fullmatch" or end == size

    try:
        for start in range(starts):
            if _rx_seq(program, 0, text, start, slots, steps, accept):
                return True
    except (_RxBudget, RecursionError):
        return None
    return None


def _rx_seq(
    seq: Any,
    i: int,
    text: str,
    pos: int,
    slots: list[int],
    steps: list[int],
    k: Callable[[int], bool],
) -> bool:
    """Match ``seq[i:]`` at ``pos``, then the continuation ``k`` at the end reached."""
    if i == len(seq):
        return k(pos)
    steps[0] -= 1
    if steps[0] < 0:
        raise _RxBudget

    def then(end: int) -> bool:
        return _rx_seq(seq, i + 1, text, end, slots, steps, k)

    return _rx_node(seq[i], text, pos, slots, steps, then)


def _rx_node(
    node: Any, text: str, pos: int, slots: list[int], steps: list[int], k: Callable[[int], bool]
) -> bool:
    kind = node[0]
    if kind == "set":
        return pos < len(text) and _rx_in(node, text[pos]) and k(pos + 1)
    if kind == "alt":
        return any(_rx_seq(arm, 0, text, pos, slots, steps, k) for arm in node[1])
    if kind == "rep" and node[3] == "possessive":
        greedy = (("rep", node[1], node[2], "greedy", node[4]),)
        return _rx_atomic(greedy, text, pos, slots, steps, k)
    if kind == "rep":
        return _rx_rep(node, 0, text, pos, slots, steps, k)
    if kind == "group":
        return _rx_group(node, text, pos, slots, steps, k)
    if kind == "atomic":
        return _rx_atomic(node[1], text, pos, slots, steps, k)
    if kind == "look":
        return _rx_look(node, text, pos, slots, steps) and k(pos)
    if kind == "ref":
        return _rx_ref(node[1], text, pos, slots, k)
    if kind == "if":
        chosen = node[2] if slots[2 * node[1] + 1] >= 0 else node[3]
        return _rx_seq(chosen, 0, text, pos, slots, steps, k)
    return _rx_at(node[1], text, pos) and k(pos)


def _rx_in(node: Any, char: str) -> bool:
    """Whether the one-character set ``node`` accepts ``char``."""
    code = ord(char)
    hit = any(low <= code <= high for low, high in node[2])
    if not hit:
        hit = any(_rx_category(category, char) for category in node[3])
    return bool(hit != node[1])


def _rx_category(category: str, char: str) -> bool:
    """``re``'s Unicode ``\\d``, ``\\w``, ``\\s`` (upper case: negated)."""
    if category in "dD":
        found = char.isdecimal()
    elif category in "wW":
        found = char.isalnum() or char == "_"
    else:
        found = char.isspace()
    return found if category.islower() else not found


def _rx_rep(
    node: Any,
    count: int,
    text: str,
    pos: int,
    slots: list[int],
    steps: list[int],
    k: Callable[[int], bool],
) -> bool:
    low, high, mode, body = node[1], node[2], node[3], node[4]

    def again(end: int) -> bool:
        if end == pos and count >= low:
            return False  # an empty turn changes nothing: stop repeating
        return _rx_rep(node, count + 1, text, end, slots, steps, k)

    if count < low:
        return _rx_seq(body, 0, text, pos, slots, steps, again)
    if 0 <= high <= count:
        return k(pos)
    if mode == "lazy":
        return k(pos) or _rx_seq(body, 0, text, pos, slots, steps, again)
    return _rx_seq(body, 0, text, pos, slots, steps, again) or k(pos)


def _rx_group(
    node: Any, text: str, pos: int, slots: list[int], steps: list[int], k: Callable[[int], bool]
) -> bool:
    index = node[1]
    if index == 0:
        return _rx_seq(node[2], 0, text, pos, slots, steps, k)

    def close(end: int) -> bool:
        saved = slots[2 * index], slots[2 * index + 1]
        slots[2 * index], slots[2 * index + 1] = pos, end
        if k(end):
            return True
        slots[2 * index], slots[2 * index + 1] = saved
        return False

    return _rx_seq(node[2], 0, text, pos, slots, steps, close)


def _rx_atomic(
    seq: Any, text: str, pos: int, slots: list[int], steps: list[int], k: Callable[[int], bool]
) -> bool:
    """The first way ``seq`` matches, never revisited."""
    found = [-1]

    def stop(end: int) -> bool:
        found[0] = end
        return True

    return _rx_seq(seq, 0, text, pos, slots, steps, stop) and k(found[0])


def _rx_look(node: Any, text: str, pos: int, slots: list[int], steps: list[int]) -> bool:
    width, negate, body = node[1], node[2], node[3]
    start = pos if width < 0 else pos - width

    def done(end: int) -> bool:
        return width < 0 or end == pos

    found = start >= 0 and _rx_seq(body, 0, text, start, slots, steps, done)
    return bool(found != negate)


def _rx_ref(index: int, text: str, pos: int, slots: list[int], k: Callable[[int], bool]) -> bool:
    start, end = slots[2 * index], slots[2 * index + 1]
    if start < 0 or end < 0:
        return False  # a group that has not matched: the reference fails, as in re
    piece = text[start:end]
    return text.startswith(piece, pos) and k(pos + len(piece))


def _rx_at(kind: str, text: str, pos: int) -> bool:
    size = len(text)
    if kind == "start":
        return pos == 0
    if kind == "end":
        return pos == size
    if kind == "end_or_final_newline":
        return pos == size or (pos == size - 1 and text[pos] == "\n")
    boundary = _rx_word(text, pos - 1) != _rx_word(text, pos)
    return boundary if kind == "boundary" else not boundary


def _rx_word(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and (text[pos].isalnum() or text[pos] == "_")
