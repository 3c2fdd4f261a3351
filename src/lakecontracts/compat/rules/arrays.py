"""Arrays: items and tuples, counts, uniqueness, contains."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.compat.outcome import Outcome, Pair, broken, unknown
from lakecontracts.compat.root import Schema

MAX_POSITIONS = 16


def _writer_item(a: dict[str, Any], index: int) -> Schema:
    items = a.get("items", True)
    if isinstance(items, list):
        chosen = items[index] if index < len(items) else a.get("additionalItems", True)
    else:
        chosen = items
    return chosen if isinstance(chosen, dict | bool) else True


def _reader_item(b: dict[str, Any], index: int) -> Schema:
    return _writer_item(b, index)


def items_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("array"):
        return
    a_items, b_items = pair.a.get("items", True), pair.b.get("items", True)
    limit = pair.a.get("maxItems")
    if not isinstance(a_items, list) and not isinstance(b_items, list):
        if limit != 0:
            pair.descend(a_items, b_items, 0)
        return
    lengths = [len(x) for x in (a_items, b_items) if isinstance(x, list)]
    positions = min(max(lengths) + 1, MAX_POSITIONS)
    if isinstance(limit, int):
        positions = min(positions, limit)
    for index in range(positions):
        writer = _writer_item(pair.a, index)
        if writer is False:
            break
        pair.descend(writer, _reader_item(pair.b, index), index)
    yield from ()


def item_count_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("array"):
        return
    low_r, high_r = pair.b.get("minItems", 0), pair.b.get("maxItems")
    low_w, high_w = pair.a.get("minItems", 0), pair.a.get("maxItems")
    if low_w < low_r:
        candidates = pair.examples({**pair.a, "maxItems": low_r - 1, "minItems": low_w}, 3, "array")
        candidates.append([])
        yield broken(
            f"the reader needs at least {low_r} items; the writer allows {low_w}", *candidates
        )
    if isinstance(high_r, int) and not (isinstance(high_w, int) and high_w <= high_r):
        candidates = pair.examples({**pair.a, "minItems": high_r + 1}, 3, "array")
        yield broken(
            f"the reader allows at most {high_r} items; the writer allows more", *candidates
        )


def unique_items_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("array") or pair.b.get("uniqueItems") is not True:
        return
    if pair.a.get("uniqueItems") is True or pair.a.get("maxItems", 2) <= 1:
        return
    candidates = []
    for base in pair.examples(
        {**pair.a, "minItems": max(pair.a.get("minItems", 0), 1)}, 3, "array"
    ):
        if isinstance(base, list) and base:
            candidates.append([*base, base[0]])
    yield broken("the reader requires unique items; the writer allows duplicates", *candidates)


def contains_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("array"):
        return
    reader = pair.b["contains"]
    writer = pair.a.get("contains")
    if writer is not None and pair.proves(writer, reader):
        return
    candidates: list[object] = [[], *pair.examples(count=4, want="array")]
    if writer is not None:
        candidates += [[value] for value in pair.examples(writer, 6)]
    yield unknown(
        "the reader requires an item matching 'contains'; the writer does not ensure one",
        *candidates,
    )
