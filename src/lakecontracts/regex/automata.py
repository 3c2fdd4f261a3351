"""Pattern containment by automata: does every string one pattern accepts match another?

JSON Schema's ``pattern`` is a search, not a full match (jsonschema runs ``re.search``), so a
pattern's language is ``Σ* P Σ*`` unless it is anchored: a leading ``^``/``\\A`` drops the
first ``Σ*``, a trailing ``\\Z`` drops the last, and a trailing ``$`` allows one final
``\\n`` (``re``'s ``$`` matches before a trailing newline). Both patterns become Thompson NFAs
over shared character classes (the atoms of every character set either pattern uses, over all
of Unicode, with ``re``'s own ``\\d``/``\\w``/``\\s``), and a breadth-first walk of the
product of their subset automata either finds the shortest strings the writer's pattern
accepts and the reader's rejects, or exhausts every reachable pair, which proves containment.

Only what has a regular meaning is followed: literals, classes, ``.``, groups, alternation,
and bounded or open repeats. Back-references, lookarounds, atomic groups, possessive repeats,
flags and anchors inside the pattern are refused (the answer is None, "undecided"), as is
anything past the state budgets.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lakecontracts.regex.tree import MAXREPEAT, REPEATS, UNICODE_FLAG, items, parse

END = 0x110000  # one past the last code point
#: Budgets: NFA states per pattern, and product states explored.
MAX_NFA_STATES = 3000
MAX_PAIRS = 20000
#: Counterexamples returned when containment fails.
MAX_EXAMPLES = 6

Intervals = tuple[tuple[int, int], ...]  # sorted, disjoint, half-open [lo, hi)
ALL: Intervals = ((0, END),)
_NICE = "aZ0_-. x\u00e9A9z!~\n"
_SURROGATES = (0xD800, 0xE000)


@dataclass(frozen=True)
class Containment:
    """``contained``: True (proven), False (``examples`` are in the writer's language and not
    in the reader's) or None (undecided: a construct or a budget beyond this module)."""

    contained: bool | None
    examples: tuple[str, ...] = ()


class _Unsupported(Exception):
    pass


def _normal(spans: Iterable[tuple[int, int]]) -> Intervals:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(s for s in spans if s[0] < s[1]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _complement(spans: Intervals) -> Intervals:
    out, start = [], 0
    for lo, hi in spans:
        out.append((start, lo))
        start = hi
    out.append((start, END))
    return _normal(out)


@functools.lru_cache(maxsize=8)
def _category(name: str) -> Intervals:
    """The code points ``re`` puts in a category (``\\d``, ``\\w``, ``\\s`` and negations),
    found by ``re`` itself over every code point, once per process."""
    positive = name.replace("_NOT_", "_")
    escape = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}.get(
        positive
    )
    if escape is None:
        raise _Unsupported(name)
    spans = _normal(m.span() for m in re.finditer(escape + "+", _everything()))
    return spans if positive == name else _complement(spans)


@functools.lru_cache(maxsize=1)
def _everything() -> str:
    return "".join(map(chr, range(END)))


def _class(members: Any) -> Intervals:
    negate, spans = False, []
    for name, arg in items(members):
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            spans.append((arg, arg + 1))
        elif name == "RANGE":
            spans.append((arg[0], arg[1] + 1))
        elif name == "CATEGORY":
            spans.extend(_category(str(arg)))
        else:
            raise _Unsupported(name)
    joined = _normal(spans)
    return _complement(joined) if negate else joined


class _Nfa:
    """States with epsilon moves and character-set moves; sets are shared by id."""

    def __init__(self, sets: dict[Intervals, int]) -> None:
        self.eps: list[list[int]] = []
        self.moves: list[list[tuple[int, int]]] = []
        self.sets = sets
        self.accept = -1
        self.end = -1

    def accepts(self, states: frozenset[int]) -> bool:
        return self.accept in states or self.end in states

    def state(self) -> int:
        if len(self.eps) >= MAX_NFA_STATES:
            raise _Unsupported("too many states")
        self.eps.append([])
        self.moves.append([])
        return len(self.eps) - 1

    def move(self, source: int, spans: Intervals, target: int) -> None:
        set_id = self.sets.setdefault(spans, len(self.sets))
        self.moves[source].append((set_id, target))

    def step(self, source: int, spans: Intervals) -> int:
        target = self.state()
        self.move(source, spans, target)
        return target

    def closure(self, states: Iterable[int]) -> frozenset[int]:
        seen = set(states)
        stack = list(seen)
        while stack:
            for nxt in self.eps[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return frozenset(seen)


def _sequence(nfa: _Nfa, tree: Any, start: int, head: bool = False, tail: bool = False) -> int:
    """Thompson construction of a sequence; ``head``/``tail``: nothing of the pattern can come
    before / after it, the only places an anchor is followed."""
    current, parts = start, items(tree)
    for index, (name, arg) in enumerate(parts):
        first, last = head and index == 0, tail and index == len(parts) - 1
        current = _item(nfa, name, arg, current, first, last)
    return current


def _item(nfa: _Nfa, name: str, arg: Any, start: int, head: bool, tail: bool) -> int:
    if name == "LITERAL":
        return nfa.step(start, ((arg, arg + 1),))
    if name == "NOT_LITERAL":
        return nfa.step(start, _complement(((arg, arg + 1),)))
    if name == "ANY":
        return nfa.step(start, _complement(((10, 11),)))
    if name == "IN":
        return nfa.step(start, _class(arg))
    if name == "AT":
        return _anchor(nfa, _at(arg), start, head, tail)
    if name == "SUBPATTERN":
        if arg[1] or arg[2]:
            raise _Unsupported("inline flags")
        return _sequence(nfa, arg[-1], start, head, tail)
    if name == "BRANCH":
        end = nfa.state()
        for arm in arg[1]:
            entry = nfa.state()
            nfa.eps[start].append(entry)
            nfa.eps[_sequence(nfa, arm, entry, head, tail)].append(end)
        return end
    if name in REPEATS and name != "POSSESSIVE_REPEAT":
        return _repeat(nfa, arg, start)
    raise _Unsupported(name)


def _anchor(nfa: _Nfa, kind: str, start: int, head: bool, tail: bool) -> int:
    """``^`` first on a path of an anchored pattern passes (the start has no ``Σ*`` loop);
    ``$``/``\\Z`` last on a path lead to the end state, which accepts only at the end of the
    input (``$`` also after one final newline). Elsewhere an anchor is refused."""
    if kind == "BEGIN" and head:
        return start
    if kind in ("END", "END_STRING") and tail:
        nfa.eps[start].append(nfa.end)
        if kind == "END":
            nfa.move(start, ((10, 11),), nfa.end)
        return nfa.state()  # nothing follows: a state no path reaches
    raise _Unsupported("anchor inside the pattern")


def _head_anchors(tree: Any) -> set[bool]:
    """Whether each path of the pattern starts with ``^`` (a mix is refused by the caller)."""
    parts = items(tree)
    if not parts:
        return {False}
    name, arg = parts[0]
    if name == "AT":
        return {_at(arg) == "BEGIN"}
    if name == "SUBPATTERN":
        return _head_anchors(arg[-1])
    if name == "BRANCH":
        return set().union(*(_head_anchors(arm) for arm in arg[1]))
    return {False}


def _repeat(nfa: _Nfa, arg: Any, start: int) -> int:
    low, high, body = arg
    current = start
    for _ in range(low):
        current = _sequence(nfa, body, current)
    if high == MAXREPEAT:
        loop = nfa.state()
        nfa.eps[current].append(loop)
        nfa.eps[_sequence(nfa, body, loop)].append(loop)
        return loop
    end = nfa.state()
    nfa.eps[current].append(end)
    for _ in range(high - low):
        current = _sequence(nfa, body, current)
        nfa.eps[current].append(end)
    return end


def _build(pattern: str | None, sets: dict[Intervals, int]) -> _Nfa:
    """The search language of ``pattern`` (None: every string) as an NFA; state 0 starts.
    Accepting: ``accept`` (a match ended; any rest follows, so it loops on every character)
    and ``end`` (a match ended at ``$``/``\\Z``: accepting only when the input ends)."""
    nfa = _Nfa(sets)
    start = nfa.state()
    nfa.end = nfa.state()
    if pattern is None:
        nfa.move(start, ALL, start)
        nfa.accept = start
        return nfa
    tree = parse(pattern)
    if tree.state.flags & ~UNICODE_FLAG:
        raise _Unsupported("flags")
    anchors = _head_anchors(tree)
    if len(anchors) > 1:
        raise _Unsupported("some branches anchored at the start, some not")
    anchored = anchors == {True}
    if not anchored:
        nfa.move(start, ALL, start)
    end = _sequence(nfa, tree, start, head=anchored, tail=True)
    nfa.accept = nfa.state()
    nfa.eps[end].append(nfa.accept)
    nfa.move(nfa.accept, ALL, nfa.accept)
    return nfa


def _at(code: Any) -> str:
    name = str(code)
    if name in ("AT_BEGINNING", "AT_BEGINNING_STRING"):
        return "BEGIN"
    if name == "AT_END":
        return "END"
    if name == "AT_END_STRING":
        return "END_STRING"
    raise _Unsupported(name)


class _Atoms:
    """The coarsest classes of code points no character set in play tells apart."""

    def __init__(self, sets: dict[Intervals, int]) -> None:
        ordered = sorted(sets, key=sets.__getitem__)
        points = sorted({0} | {p for spans in ordered for span in spans for p in span} - {END})
        by_signature: dict[tuple[bool, ...], int] = {}
        self.spans: list[list[tuple[int, int]]] = []
        for lo, hi in itertools.pairwise([*points, END]):
            signature = tuple(_contains(spans, lo) for spans in ordered)
            index = by_signature.setdefault(signature, len(by_signature))
            if index == len(self.spans):
                self.spans.append([])
            self.spans[index].append((lo, hi))
        self.masks = [
            sum(1 << i for sig, i in by_signature.items() if sig[set_id])
            for set_id in range(len(ordered))
        ]
        self.chars = [_representative(spans) for spans in self.spans]


def _contains(spans: Intervals, point: int) -> bool:
    at = bisect.bisect_right(spans, (point, END + 1)) - 1
    return at >= 0 and spans[at][0] <= point < spans[at][1]


def _representative(spans: list[tuple[int, int]]) -> str:
    for ch in _NICE:
        if any(lo <= ord(ch) < hi for lo, hi in spans):
            return ch
    for lo, hi in spans:
        for point in (lo, _SURROGATES[1]):
            if lo <= point < hi and not _SURROGATES[0] <= point < _SURROGATES[1]:
                return chr(point)
    return chr(spans[0][0])


def _advance(nfa: _Nfa, states: frozenset[int], atom: int, masks: list[int]) -> frozenset[int]:
    bit = 1 << atom
    return nfa.closure(
        target for s in states for set_id, target in nfa.moves[s] if masks[set_id] & bit
    )


def pattern_containment(writer: str | None, reader: str) -> Containment:
    """Whether every string ``re.search(writer, s)`` accepts (every string, when ``writer``
    is None) is accepted by ``re.search(reader, s)``."""
    sets: dict[Intervals, int] = {}
    try:
        left, right = _build(writer, sets), _build(reader, sets)
    except (_Unsupported, re.error, RecursionError, OverflowError):
        return Containment(None)
    atoms = _Atoms(sets)
    first = (left.closure([0]), right.closure([0]))
    parents: dict[tuple[frozenset[int], frozenset[int]], tuple[Any, str]] = {first: (None, "")}
    queue = deque([first])
    examples: list[str] = []
    while queue:
        pair = queue.popleft()
        if left.accepts(pair[0]) and not right.accepts(pair[1]):
            examples.append(_spell(parents, pair))
            if len(examples) >= MAX_EXAMPLES:
                break
        for atom, ch in enumerate(atoms.chars):
            nxt = (
                _advance(left, pair[0], atom, atoms.masks),
                _advance(right, pair[1], atom, atoms.masks),
            )
            if not nxt[0] or nxt in parents:
                continue
            if len(parents) >= MAX_PAIRS:
                return Containment(False if examples else None, tuple(examples))
            parents[nxt] = (pair, ch)
            queue.append(nxt)
    return Containment(not examples, tuple(examples))


def _spell(parents: dict[Any, tuple[Any, str]], pair: Any) -> str:
    out: list[str] = []
    while pair is not None:
        pair, ch = parents[pair]
        out.append(ch)
    return "".join(reversed(out))


@dataclass(frozen=True)
class Lengths:
    """The shortest and longest strings a pattern's search accepts (``longest`` None when
    unbounded); None as a whole, from :func:`pattern_lengths`, when undecided."""

    shortest: str
    longest: str | None


def pattern_lengths(pattern: str) -> Lengths | None:
    """Shortest and longest accepted strings (lengths in code points, as ``maxLength``
    counts), or None when the pattern is beyond the automata or its language is empty."""
    sets: dict[Intervals, int] = {}
    try:
        nfa = _build(pattern, sets)
    except (_Unsupported, re.error, RecursionError, OverflowError):
        return None
    atoms = _Atoms(sets)
    graph = _subset_graph(nfa, atoms)
    if graph is None:
        return None
    start, edges = graph
    accepting = {state for state in edges if nfa.accepts(state)}
    shortest = _shortest(start, edges, accepting)
    if shortest is None:
        return None
    return Lengths(shortest, _longest(start, edges, accepting))


Graph = dict[frozenset[int], list[tuple[str, frozenset[int]]]]


def _subset_graph(nfa: _Nfa, atoms: _Atoms) -> tuple[frozenset[int], Graph] | None:
    start = nfa.closure([0])
    edges: Graph = {start: []}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for atom, ch in enumerate(atoms.chars):
            nxt = _advance(nfa, state, atom, atoms.masks)
            if not nxt:
                continue
            if nxt not in edges:
                if len(edges) >= MAX_PAIRS:
                    return None
                edges[nxt] = []
                queue.append(nxt)
            edges[state].append((ch, nxt))
    return start, edges


def _shortest(start: frozenset[int], edges: Graph, accepting: set[frozenset[int]]) -> str | None:
    parents: dict[frozenset[int], tuple[Any, str]] = {start: (None, "")}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        if state in accepting:
            return _spell(parents, state)
        for ch, nxt in edges[state]:
            if nxt not in parents:
                parents[nxt] = (state, ch)
                queue.append(nxt)
    return None


def _longest(start: frozenset[int], edges: Graph, accepting: set[frozenset[int]]) -> str | None:
    """The longest accepted string, or None when a cycle can reach acceptance."""
    useful = set(accepting)
    changed = True
    while changed:  # states from which acceptance is reachable
        changed = False
        for state, out in edges.items():
            if state not in useful and any(nxt in useful for _, nxt in out):
                useful.add(state)
                changed = True
    best: dict[frozenset[int], str | None] = {}
    on_path: set[frozenset[int]] = set()
    stack: list[tuple[frozenset[int], int]] = [(start, 0)]
    while stack:  # iterative depth-first search with cycle detection over useful states
        state, index = stack.pop()
        out = [(ch, nxt) for ch, nxt in edges[state] if nxt in useful]
        if index == 0:
            on_path.add(state)
        if index < len(out):
            stack.append((state, index + 1))
            nxt = out[index][1]
            if nxt in on_path:
                return None
            if nxt not in best:
                stack.append((nxt, 0))
            continue
        on_path.discard(state)
        tails = [ch + tail for ch, nxt in out if (tail := best.get(nxt)) is not None]
        if state in accepting:
            tails.append("")
        best[state] = max(tails, key=len) if tails else None
    return best.get(start)
