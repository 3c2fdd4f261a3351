"""Type, enum/const, numbers and strings."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, TypeGuard

from lakecontracts.compat.content import ENCODINGS, MEDIA_EXAMPLES, encode
from lakecontracts.compat.examples import FORMAT_EXAMPLES, example
from lakecontracts.compat.outcome import Outcome, Pair, broken, fine, unknown
from lakecontracts.regex.automata import Lengths, pattern_containment, pattern_lengths
from lakecontracts.regex.examples import regex_example

#: Patterns every string matches (``re.search``). Not ``^.*$``: it rejects ``"\\na"``.
TRIVIAL_PATTERNS = frozenset({"", ".*", "^.*", ".*$", "[\\s\\S]*"})
JUNK_STRINGS = ("", "a", "A", "0", "-", "not a value", "x" * 300, "\u00e9")


def _types(b: dict[str, Any]) -> set[str]:
    declared = b.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or [])
    if "number" in types:
        types.add("integer")
    return types


def type_covered(pair: Pair) -> Iterator[Outcome]:
    allowed = _types(pair.b)
    for kind in sorted(pair.writer_types() - allowed):
        candidates = [example(pair.writer, pair.a, v, kind) for v in range(3)]
        if kind == "number" and "integer" in allowed:
            candidates = [c + 0.5 for c in candidates if isinstance(c, int | float)] + [0.5]
        yield broken(
            f"the writer allows {kind} values, the reader accepts only {'/'.join(sorted(allowed))}",
            *candidates,
        )


def enum_covered(pair: Pair) -> Iterator[Outcome]:
    values = [pair.b["const"]] if "const" in pair.b else pair.b.get("enum", [])
    shown = ", ".join(json.dumps(v)[:30] for v in values[:5])
    candidates = [c for c in pair.examples(count=8) if c not in values]
    candidates += [
        example(pair.writer, pair.a, v, k) for k in sorted(pair.writer_types()) for v in range(2)
    ]
    candidates += [*list(JUNK_STRINGS), -1, 0, 1, 0.5, True, False, None, [], {}]
    yield broken(
        f"the reader accepts only {shown}; the writer is not limited to those", *candidates
    )


# --- numbers ---------------------------------------------------------------------------------


def _low(schema: dict[str, Any]) -> tuple[Any, bool]:
    """(bound, exclusive) of the lower limit; (None, False) when unbounded."""
    exclusive, inclusive = schema.get("exclusiveMinimum"), schema.get("minimum")
    if _num(exclusive) and (not _num(inclusive) or exclusive >= inclusive):
        return exclusive, True
    return (inclusive, False) if _num(inclusive) else (None, False)


def _high(schema: dict[str, Any]) -> tuple[Any, bool]:
    exclusive, inclusive = schema.get("exclusiveMaximum"), schema.get("maximum")
    if _num(exclusive) and (not _num(inclusive) or exclusive <= inclusive):
        return exclusive, True
    return (inclusive, False) if _num(inclusive) else (None, False)


def _num(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _integers_only(pair: Pair) -> bool:
    return "number" not in _declared(pair.a) and "integer" in _declared(pair.a)


def _declared(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    return {declared} if isinstance(declared, str) else set(declared or [])


def minimum_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("number", "integer"):
        return
    reader, reader_exclusive = _low(pair.b)
    writer, writer_exclusive = _low(pair.a)
    if writer is not None and _integers_only(pair):  # integers: > 0 is >= 1, >= 0.5 is >= 1
        writer, writer_exclusive = (
            math.floor(writer) + 1 if writer_exclusive else math.ceil(writer),
            False,
        )
    if reader is None:
        return
    if writer is not None and (
        writer > reader
        or (writer == reader and (writer_exclusive or not reader_exclusive))
        or (_integers_only(pair) and reader_exclusive and writer >= reader + 1)
    ):
        if (writer, writer_exclusive) != (reader, reader_exclusive):
            yield fine(f"lower bound {writer} is within the reader's {reader}")
        return
    below = {**pair.a, ("maximum" if reader_exclusive else "exclusiveMaximum"): reader}
    below.pop("minimum" if writer is None else "__none__", None)
    candidates = pair.examples(below, 4, "integer" if _integers_only(pair) else "number")
    candidates += [reader, reader - 1, reader - 0.5]
    yield broken(
        f"the reader needs values {'>' if reader_exclusive else '>='} {reader}; "
        f"the writer allows {'lower values' if writer is None else f'down to {writer}'}",
        *candidates,
    )


def maximum_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("number", "integer"):
        return
    reader, reader_exclusive = _high(pair.b)
    writer, writer_exclusive = _high(pair.a)
    if writer is not None and _integers_only(pair):  # integers: < 10 is <= 9, <= 9.5 is <= 9
        writer, writer_exclusive = (
            math.ceil(writer) - 1 if writer_exclusive else math.floor(writer),
            False,
        )
    if reader is None:
        return
    if writer is not None and (
        writer < reader
        or (writer == reader and (writer_exclusive or not reader_exclusive))
        or (_integers_only(pair) and reader_exclusive and writer <= reader - 1)
    ):
        if (writer, writer_exclusive) != (reader, reader_exclusive):
            yield fine(f"upper bound {writer} is within the reader's {reader}")
        return
    above = {**pair.a, ("minimum" if reader_exclusive else "exclusiveMinimum"): reader}
    candidates = pair.examples(above, 4, "integer" if _integers_only(pair) else "number")
    candidates += [reader, reader + 1, reader + 0.5, 10**9]
    yield broken(
        f"the reader needs values {'<' if reader_exclusive else '<='} {reader}; "
        f"the writer allows {'higher values' if writer is None else f'up to {writer}'}",
        *candidates,
    )


def _fraction(value: Any) -> Fraction:
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


FLOAT_PROBES = 64


def _float_multiple(value: int | float, step: int | float) -> bool:
    """``multipleOf`` as the jsonschema reference validator decides it for a float divisor."""
    if isinstance(value, float) and not math.isfinite(value):
        return False  # near 1.8e308 a candidate can overflow; no JSON number is infinite
    if not isinstance(step, float):
        return _fraction(value) % step == 0
    quotient = value / step
    return math.isfinite(quotient) and int(quotient) == quotient


def multiple_of_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("number", "integer"):
        return
    step = pair.b.get("multipleOf")
    if not _num(step) or step <= 0:
        return
    writer = pair.a.get("multipleOf")
    reader_step = _fraction(step)
    divides = _num(writer) and (_fraction(writer) / reader_step).denominator == 1
    integers = _integers_only(pair) and (1 / reader_step).denominator == 1 and not _num(writer)
    if divides or integers:  # exact in decimal arithmetic; floating-point readers may differ
        unit = writer if _num(writer) else 1
        missed = [unit * k for k in range(1, FLOAT_PROBES) if not _float_multiple(unit * k, step)]
        if missed:
            yield broken(
                f"every multiple of {unit} is one of {step} in exact arithmetic, but the "
                f"reference validator divides in floating point: {missed[0]!r} / {step!r} = "
                f"{missed[0] / step!r} is not an integer",
                *missed,
            )
        elif divides and writer != step:
            yield fine(f"every multiple of {writer} is a multiple of {step}")
        return
    base = writer if _num(writer) else (1 if _integers_only(pair) else 0.5)
    low, _ = _low(pair.a)
    start = low if low is not None else 0
    candidates = [start + base * k for k in range(1, 6)] + pair.examples(count=4)
    yield broken(f"the reader needs multiples of {step}; the writer allows others", *candidates)


# --- strings ---------------------------------------------------------------------------------


def _writer_strings(pair: Pair, extra: dict[str, Any] | None = None) -> list[Any]:
    schema = {**pair.a, **(extra or {})}
    found = pair.examples(schema, 6, "string")
    pattern = pair.a.get("pattern")
    if isinstance(pattern, str):
        found += [regex_example(pattern, v) for v in range(8)]
    return [s for s in found if isinstance(s, str)] + list(JUNK_STRINGS)


def _pattern_lengths(pair: Pair) -> Lengths | None:
    """Shortest and longest strings the writer's pattern accepts, when the automata know."""
    pattern = pair.a.get("pattern")
    return pattern_lengths(pattern) if isinstance(pattern, str) else None


def min_length_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("string"):
        return
    reader, writer = pair.b.get("minLength", 0), pair.a.get("minLength", 0)
    if writer >= reader:
        if writer != reader:
            yield fine(f"minLength {writer} is within the reader's {reader}")
        return
    lengths = _pattern_lengths(pair)
    if lengths is not None and len(lengths.shortest) >= reader:
        return  # proven: the writer's pattern matches nothing shorter
    short = _writer_strings(pair, {"maxLength": reader - 1, "minLength": writer})
    if lengths is not None:
        short.insert(0, lengths.shortest)
    yield broken(
        f"the reader needs at least {reader} characters; the writer allows {writer}", *short
    )


def max_length_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("string"):
        return
    reader, writer = pair.b.get("maxLength"), pair.a.get("maxLength")
    if not isinstance(reader, int) or isinstance(reader, bool):
        return
    if _num(writer) and writer <= reader:
        if writer != reader:
            yield fine(f"maxLength {writer} is within the reader's {reader}")
        return
    lengths = _pattern_lengths(pair)
    if lengths is not None and lengths.longest is not None and len(lengths.longest) <= reader:
        return  # proven: the writer's pattern matches nothing longer
    long = [s for s in _writer_strings(pair, {"minLength": reader + 1}) if len(s) > reader]
    if lengths is not None and lengths.longest is not None:
        long.insert(0, lengths.longest)
    pattern = pair.a.get("pattern")
    if isinstance(pattern, str):
        long += [
            s for v in (reader, reader + 1, 2 * reader + 2) if (s := regex_example(pattern, v))
        ]
    long.append("x" * (reader + 1))
    yield broken(
        f"the reader allows at most {reader} characters; the writer allows "
        f"{'any length' if writer is None else writer}",
        *long,
    )


def pattern_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("string"):
        return
    reader, writer = pair.b.get("pattern"), pair.a.get("pattern")
    if not isinstance(reader, str) or reader in TRIVIAL_PATTERNS or reader == writer:
        return
    candidates = _writer_strings(pair)
    decided = pattern_containment(writer if isinstance(writer, str) else None, reader)
    if decided.contained is True:
        return  # proven by automata: every string the writer's pattern allows matches
    if decided.contained is False:
        yield broken(
            f"the writer allows strings ({_describe_strings(pair.a)}) that the reader's "
            f"pattern {reader!r} rejects",
            *decided.examples,
            *candidates,
        )
        return
    if isinstance(writer, str) or "format" in pair.a:
        yield unknown(
            f"cannot decide in general whether every string the writer allows "
            f"({_describe_strings(pair.a)}) matches the reader's pattern {reader!r}",
            *candidates,
        )
        return
    yield broken(f"the reader requires pattern {reader!r}; the writer does not", *candidates)


def _describe_strings(schema: dict[str, Any]) -> str:
    if isinstance(schema.get("pattern"), str):
        return f"pattern {schema['pattern']!r}"
    if "format" in schema:
        return f"format {schema.get('format')!r}"
    return "no pattern"


def format_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("string"):
        return
    reader, writer = pair.b.get("format"), pair.a.get("format")
    if reader == writer or not isinstance(reader, str) or not _asserted(reader):
        return
    candidates = [*_writer_strings(pair), f"not-a-{reader}", "2026-13-45", "::"]
    candidates += [v for k, v in FORMAT_EXAMPLES.items() if k != reader]
    yield broken(
        f"the reader requires format {reader!r}; the writer "
        f"{'has format ' + repr(writer) if writer else 'accepts any string'}",
        *candidates,
    )


def _asserted(fmt: str) -> bool:
    from jsonschema import FormatChecker

    return fmt in FormatChecker().checkers


def content_covered(pair: Pair) -> Iterator[Outcome]:
    if not pair.applies("string"):
        return
    keys = ("contentEncoding", "contentMediaType")
    if all(pair.a.get(k) == pair.b.get(k) for k in keys):
        return
    writer_encoding = pair.a.get("contentEncoding")
    if isinstance(writer_encoding, str) and writer_encoding.lower() not in ENCODINGS:
        return  # the writer's strings never decode, so it sends no strings at all
    encodings = {pair.a.get("contentEncoding"), pair.b.get("contentEncoding"), None}
    contents = [b"", b"x", b"\x00\xff", *MEDIA_EXAMPLES.values()]
    candidates: list[Any] = [encode(c, e) for e in encodings for c in contents]
    candidates += [*_writer_strings(pair), "!!not encoded!!"]
    yield broken(
        f"the reader expects content {_content(pair.b)}; the writer sends {_content(pair.a)}",
        *candidates,
    )


def _content(schema: dict[str, Any]) -> str:
    encoding = schema.get("contentEncoding", "unencoded")
    return f"{schema.get('contentMediaType', 'of any type')} ({encoding})"
