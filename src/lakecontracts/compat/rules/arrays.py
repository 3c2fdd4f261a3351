"""Arrays: items and tuples, counts, uniqueness, contains."""

from __future__ import annotations

import json
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


def _count(schema: dict[str, Any], keyword: str, default: int) -> int:
    value = schema.get(keyword, default)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def contains_covered(pair: Pair) -> Iterator[Outcome]:
    """``contains`` with ``minContains`` (default 1) and ``maxContains`` (2019-09+): the
    writer's arrays hold enough items matching the reader's ``contains``, and not too many."""
    if not pair.applies("array") or "contains" not in pair.b:
        return
    reader = pair.b["contains"]
    low_r, high_r = _count(pair.b, "minContains", 1), pair.b.get("maxContains")
    if low_r > 0:
        yield from _enough_matches(pair, reader, low_r)
    if isinstance(high_r, int) and not isinstance(high_r, bool):
        yield from _few_enough_matches(pair, reader, high_r)


def _enough_matches(pair: Pair, reader: Schema, low_r: int) -> Iterator[Outcome]:
    writer = pair.a.get("contains")
    low_w = _count(pair.a, "minContains", 1) if writer is not None else 0
    if writer is not None and low_w >= low_r and pair.proves(writer, reader):
        return  # each writer match is a reader match, and there are enough of them
    items = pair.a.get("items", True)
    if (
        isinstance(items, dict | bool)
        and pair.a.get("minItems", 0) >= low_r
        and pair.proves(items, reader)
    ):
        return  # every item matches, and there are enough items
    candidates: list[object] = [[], *pair.examples(count=4, want="array")]
    if writer is not None:
        for value in pair.examples(writer, 6):
            candidates += [[value], [value] * max(low_r - 1, 1)]
    yield unknown(
        f"the reader requires {low_r} item(s) matching 'contains'; the writer does not ensure them",
        *candidates,
    )


def _few_enough_matches(pair: Pair, reader: Schema, high_r: int) -> Iterator[Outcome]:
    max_items = pair.a.get("maxItems")
    if isinstance(max_items, int) and max_items <= high_r:
        return  # no writer array is that long
    writer, high_w = pair.a.get("contains"), pair.a.get("maxContains")
    if (
        writer is not None
        and isinstance(high_w, int)
        and high_w <= high_r
        and pair.proves_reader_in_writer(reader, writer)
    ):
        return  # each reader match is a writer match, and the writer caps those
    values = pair.examples(writer, 4) if writer is not None else []
    if "$ref" not in json.dumps(reader, default=str):
        values += pair.examples(reader, 4)
    yield broken(
        f"the reader allows at most {high_r} item(s) matching 'contains'; the writer allows more",
        *[[value] * (high_r + 1) for value in values],
    )
