"""Objects: required, properties under open / closed / partially open content models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.compat.examples import example
from lakecontracts.compat.outcome import Outcome, Pair, broken, fine, unknown
from lakecontracts.compat.patterns import PatternIndex
from lakecontracts.compat.root import Schema, SchemaRoot
from lakecontracts.regex.examples import regex_example

FRESH_NAME = "undeclared_property"


def writer_schema_for(root: SchemaRoot, a: dict[str, Any], name: str) -> tuple[Schema, str]:
    """The writer's schema for property ``name`` and how it was found."""
    properties = a.get("properties", {})
    if name in properties:
        return properties[name], ""
    matching = root.pattern_index(a.get("patternProperties")).matching(name)
    if matching:
        return (matching[0] if len(matching) == 1 else {"allOf": matching}), "pattern property"
    extra = a.get("additionalProperties", True)
    if extra is True:
        return True, "the writer's open content model allows any value here"
    return extra, "the writer's additionalProperties schema"


def _objects(pair: Pair) -> bool:
    return pair.applies("object")


def required_covered(pair: Pair) -> Iterator[Outcome]:
    if not _objects(pair):
        return
    have = set(pair.a.get("required", []))
    for name in pair.b.get("required", []):
        if name in have:
            continue
        writer, _ = writer_schema_for(pair.writer, pair.a, name)
        if writer is False:
            candidates = pair.examples(count=3, want="object")
        else:
            candidates = [
                {k: v for k, v in base.items() if k != name}
                for base in pair.examples(count=3, want="object")
                if isinstance(base, dict)
            ]
        yield broken(
            f"the reader requires '{name}'; the writer may omit it", *candidates, where=(name,)
        )


def properties_covered(pair: Pair) -> Iterator[Outcome]:
    if not _objects(pair):
        return
    for name, reader in pair.b.get("properties", {}).items():
        writer, origin = writer_schema_for(pair.writer, pair.a, name)
        if writer is False:
            continue
        pair.descend(writer, reader, name, origin=origin)
    yield from ()


def _reader_additional(pair: Pair, name: str) -> bool:
    """True when the reader treats ``name`` as an additional property."""
    if name in pair.b.get("properties", {}):
        return False
    return not pair.reader.pattern_index(pair.b.get("patternProperties")).any_match(name)


def additional_properties_covered(pair: Pair) -> Iterator[Outcome]:
    if not _objects(pair):
        return
    reader: Schema = pair.b.get("additionalProperties", True)
    if reader is True:
        return
    for name, writer in pair.a.get("properties", {}).items():
        if writer is not False and _reader_additional(pair, name):
            yield from _extra(pair, name, writer, reader, f"property '{name}'")
    for pattern, writer in pair.a.get("patternProperties", {}).items():
        name = regex_example(pattern) or ""
        if name and _reader_additional(pair, name) and name not in pair.a.get("properties", {}):
            yield from _extra(pair, name, writer, reader, f"properties matching {pattern!r}")
    writer_extra = pair.a.get("additionalProperties", True)
    if writer_extra is not False:
        name = _fresh_name(pair)
        if name is None:
            yield unknown(
                "every property name tried matches one of the writer's patternProperties, so"
                " whether the writer's other properties reach the reader was not checked"
            )
            return
        yield from _extra(pair, name, writer_extra, reader, "undeclared properties")


def _extra(pair: Pair, name: str, writer: Schema, reader: Schema, what: str) -> Iterator[Outcome]:
    if reader is False:
        values = [example(pair.writer, writer, v) for v in range(3)] + ["x", 0, None]
        candidates = [{**base, name: v} for base in _bases(pair) for v in values]
        yield broken(
            f"the reader's closed content model rejects {what}; the writer allows them",
            *candidates,
            where=(name,),
        )
        return
    pair.descend(writer, reader, name, origin=f"{what} are additional properties for the reader")


def _bases(pair: Pair) -> list[dict[str, Any]]:
    return [b for b in pair.examples(count=2, want="object") if isinstance(b, dict)]


#: Names tried for a property the writer declares nowhere: varied, so that only a pattern
#: matching (nearly) every name, such as ".*", takes them all.
_FRESH_NAMES = (FRESH_NAME, *(f"{FRESH_NAME}_{i}" for i in range(1, 32)), "Z", "0", "-", "")


def _fresh_name(pair: Pair) -> str | None:
    """A property name outside the writer's properties and patterns; None when every name
    tried is taken (the loop that tried names forever hung on ``".*"``)."""
    patterns = pair.writer.pattern_index(pair.a.get("patternProperties"))
    declared = pair.a.get("properties", {})
    return next((n for n in _FRESH_NAMES if n not in declared and not patterns.any_match(n)), None)


def pattern_properties_covered(pair: Pair) -> Iterator[Outcome]:
    if not _objects(pair):
        return
    patterns = pair.reader.pattern_index(pair.b.get("patternProperties"))
    named = _named_matches(pair, patterns)
    for position, (pattern, reader) in enumerate(patterns.items):
        for name in named.get(position, ()):
            pair.descend(pair.a["properties"][name], reader, name)
        name = regex_example(pattern) or ""
        if name and name not in pair.a.get("properties", {}):
            writer, origin = writer_schema_for(pair.writer, pair.a, name)
            if writer is not False:
                pair.descend(writer, reader, name, origin=origin)
    yield from ()


def _named_matches(pair: Pair, patterns: PatternIndex) -> dict[int, list[str]]:
    """For each reader pattern (by position), the writer's properties it matches, in order."""
    named: dict[int, list[str]] = {}
    for name, writer in pair.a.get("properties", {}).items():
        if writer is not False:
            for position in patterns.positions(name):
                named.setdefault(position, []).append(name)
    return named


def property_names_covered(pair: Pair) -> Iterator[Outcome]:
    if not _objects(pair):
        return
    reader = pair.b["propertyNames"]
    writer = pair.a.get("propertyNames")
    if writer is not None and pair.proves(writer, reader):
        return
    names = list(pair.a.get("properties", {}))
    closed = pair.a.get("additionalProperties", True) is False and not pair.a.get(
        "patternProperties"
    )
    bad = [n for n in names if not pair.reader.sub_accepts(reader, n)]
    if closed and not bad:
        return
    guesses = pair.examples(writer, 6, "string") if writer is not None else []
    names = [*bad, *[g for g in guesses if isinstance(g, str)], "A", "0", "a-b", "x" * 80]
    candidates = [{**base, n: None} for base in _bases(pair) for n in names]
    yield broken("the reader restricts property names more than the writer", *candidates)


def property_count_covered(pair: Pair) -> Iterator[Outcome]:
    if not _objects(pair):
        return
    low_r, high_r = pair.b.get("minProperties", 0), pair.b.get("maxProperties")
    low_w, high_w = pair.a.get("minProperties", 0), pair.a.get("maxProperties")
    low_w = max(low_w, len(set(pair.a.get("required", []))))
    if low_w < low_r:
        candidates = pair.examples({**pair.a, "maxProperties": low_r - 1}, 3, "object")
        yield broken(
            f"the reader needs at least {low_r} properties; the writer allows {low_w}", *candidates
        )
    if isinstance(high_r, int) and not (isinstance(high_w, int) and high_w <= high_r):
        closed_count = _closed_size(pair.a)
        if closed_count is not None and closed_count <= high_r:
            return
        wide = {**pair.a, "minProperties": high_r + 1}
        candidates = pair.examples(wide, 3, "object")
        yield broken(
            f"the reader allows at most {high_r} properties; the writer allows more", *candidates
        )


def _closed_size(a: dict[str, Any]) -> int | None:
    if a.get("additionalProperties", True) is False and not a.get("patternProperties"):
        return len([s for s in a.get("properties", {}).values() if s is not False])
    return None


def dependencies_covered(pair: Pair) -> Iterator[Outcome]:
    if not _objects(pair):
        return
    writer_deps = pair.a.get("dependencies", {})
    required = set(pair.a.get("required", []))
    for key, reader in pair.b["dependencies"].items():
        if writer_deps.get(key) == reader:
            continue
        writer_key, _ = writer_schema_for(pair.writer, pair.a, key)
        if writer_key is False:
            continue
        if isinstance(reader, list) and set(reader) <= required:
            continue
        if (
            isinstance(reader, list)
            and isinstance(writer_deps.get(key), list)
            and set(reader) <= set(writer_deps[key])
        ):
            continue
        if isinstance(reader, dict) and pair.proves(pair.a, reader):
            continue  # the writer meets the dependent schema whether or not the key is there
        value = example(pair.writer, writer_key)
        writer_needs = writer_deps.get(key) if isinstance(writer_deps.get(key), list) else []
        candidates = []
        for base in _bases(pair):
            with_key = {**base, key: value}
            for name in writer_needs:
                needed, _ = writer_schema_for(pair.writer, pair.a, name)
                with_key.setdefault(name, example(pair.writer, needed))
            if isinstance(reader, list):
                candidates.append(
                    {k: v for k, v in with_key.items() if k not in reader or k in writer_needs}
                )
            candidates.append(with_key)
            candidates.extend(_breaking_dependents(with_key, reader))
        outcome = broken if isinstance(reader, list) else unknown
        yield outcome(
            f"the reader adds a dependency on '{key}' the writer does not have", *candidates
        )


#: Values of every JSON type, tried for the properties a dependent schema constrains.
_PROBES: tuple[Any, ...] = (None, True, 0, 0.5, "", "x" * 300, [], {})


def _breaking_dependents(base: dict[str, Any], reader: Any) -> Iterator[dict[str, Any]]:
    """Instances with the dependency's key whose other properties a dependent schema may
    reject: each constrained property set to a value of every type, or left out."""
    if not isinstance(reader, dict):
        return
    for name in reader.get("properties", {}) if isinstance(reader.get("properties"), dict) else {}:
        for probe in _PROBES:
            yield {**base, name: probe}
    for name in reader.get("required", []) if isinstance(reader.get("required"), list) else []:
        yield {k: v for k, v in base.items() if k != name}


__all__ = ["fine"]
