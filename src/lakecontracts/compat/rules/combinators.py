"""allOf, anyOf, oneOf, not and if/then/else on the reader's side."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lakecontracts.compat.outcome import Outcome, Pair, broken, possible_types, unknown
from lakecontracts.compat.root import Schema


def all_of_covered(pair: Pair) -> Iterator[Outcome]:
    for part in pair.b["allOf"]:
        pair.descend(pair.a, part)
    yield from ()


def any_of_covered(pair: Pair) -> Iterator[Outcome]:
    options = pair.b["anyOf"]
    if any(pair.proves(pair.a, option) for option in options):
        return
    if _covered_type_by_type(pair, options):
        return
    yield unknown(
        "no single anyOf branch of the reader covers everything the writer allows",
        *_candidates(pair),
    )


def _covered_type_by_type(pair: Pair, options: list[Schema]) -> bool:
    """A proof by cases: the writer's values of each JSON type fall in one reader branch
    (``anyOf: [{type: string}, {maxLength: 5}]`` covers strings by the first branch and every
    other type by the second). ``number`` includes the integers."""
    types = possible_types(pair.a)
    cases = sorted(types - {"integer"} if "number" in types else types)
    return len(cases) > 1 and all(
        any(pair.proves({**pair.a, "type": kind}, option) for option in options) for kind in cases
    )


def one_of_exclusive(pair: Pair) -> Iterator[Outcome]:
    options = pair.b["oneOf"]
    for index, option in enumerate(options):
        if pair.proves(pair.a, option) and all(
            disjoint(pair, pair.a, other) for j, other in enumerate(options) if j != index
        ):
            return
    overlapping = [c for c in _candidates(pair) if _matches_several(pair, options, c)]
    if overlapping:
        yield broken(
            "overlapping oneOf branches: a writer value matches more than one reader branch, "
            "so oneOf rejects it",
            *overlapping,
        )
        return
    yield unknown(
        "cannot prove every writer value matches exactly one oneOf branch", *_candidates(pair)
    )


def _matches_several(pair: Pair, options: list[Schema], value: Any) -> bool:
    return sum(1 for o in options if pair.reader.sub_accepts(o, value)) > 1


def not_covered(pair: Pair) -> Iterator[Outcome]:
    excluded = pair.b["not"]
    writer_not = pair.a.get("not")
    if writer_not is not None and pair.proves_reader_in_writer(excluded, writer_not):
        return
    if disjoint(pair, pair.a, excluded):
        return
    candidates = _candidates(pair) + pair.examples(excluded, 12)
    yield unknown(
        "cannot prove the writer never produces what the reader's 'not' excludes", *candidates
    )


def conditional_covered(pair: Pair) -> Iterator[Outcome]:
    condition = pair.b.get("if", True)
    then, otherwise = pair.b.get("then", True), pair.b.get("else", True)
    if pair.a.get("__if__") is not None and _same(pair.a["__if__"], condition):
        pair.descend(pair.a, then if pair.a.get("__arm__") == "then" else otherwise)
        return
    proven = (
        (pair.proves(pair.a, then) and pair.proves(pair.a, otherwise))
        or (pair.proves(pair.a, condition) and pair.proves(pair.a, then))
        or (disjoint(pair, pair.a, condition) and pair.proves(pair.a, otherwise))
    )
    if not proven:
        yield unknown("cannot prove the writer meets the reader's if/then/else", *_candidates(pair))


#: Numbers that are not integers, tried when the writer allows numbers: a reader branch for
#: integers only (``anyOf: [{type: integer}, ...]``) rejects them.
_FRACTIONS = (0.5, -1.5, 0.1, 1e300)


def _candidates(pair: Pair) -> list[Any]:
    found = pair.examples(count=8)
    types = possible_types(pair.a)
    for kind in sorted(types):
        found += pair.examples(count=2, want=kind)
    if "number" in types:
        found += _FRACTIONS
    return found


def disjoint(pair: Pair, a: Schema, b: Schema) -> bool:
    """A cheap proof that no instance satisfies both ``a`` (writer) and ``b`` (reader)."""
    a, b = pair.writer.deref(a), pair.reader.deref(b)
    if a is False or b is False:
        return True
    if a is True or b is True:
        return False
    if not (possible_types(a) & possible_types(b)):
        return True
    values = [a["const"]] if "const" in a else a.get("enum")
    if isinstance(values, list):
        return not any(pair.reader.sub_accepts(b, v) for v in values)
    for name in set(a.get("required", [])) & set(b.get("required", [])):
        left = a.get("properties", {}).get(name)
        right = b.get("properties", {}).get(name)
        if left is not None and right is not None and disjoint(pair, left, right):
            return True
    return False


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
