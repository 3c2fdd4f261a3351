"""What the engine hands a rule and what a rule answers: a matched pair, an outcome, the table.

Rules (``rules/``) import only this module, and the engine takes its :class:`RuleTable` as an
argument, so engine, table and rules import one way (table -> rules -> outcome <- engine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from lakecontracts.compat.examples import example
from lakecontracts.compat.root import Schema, SchemaRoot
from lakecontracts.registry.json_types import json_type
from lakecontracts.reporting.vocabulary import Verdict

Step = str | int  # a property name or an array index


@dataclass(frozen=True)
class Outcome:
    """What a rule says about one reader constraint."""

    compatible: Verdict
    reason: str
    candidates: tuple[Any, ...] = ()  # local values (at path + steps) that may break it
    steps: tuple[Step, ...] = ()  # extra instance steps below the pair's path
    where: tuple[Step, ...] = ()  # where to point the reader (not used for embedding)


def broken(reason: str, *candidates: Any, where: tuple[Step, ...] = ()) -> Outcome:
    return Outcome(Verdict.INCOMPATIBLE, reason, tuple(candidates), (), where)


def unknown(reason: str, *candidates: Any) -> Outcome:
    return Outcome(Verdict.UNKNOWN, reason, tuple(candidates))


def fine(reason: str) -> Outcome:
    return Outcome(Verdict.COMPATIBLE, reason)


class Prover(Protocol):
    """The engine as a pair sees it."""

    writer: SchemaRoot
    reader: SchemaRoot

    def compare(
        self, a: Schema, b: Schema, path: tuple[Step, ...], chain: tuple[Schema, ...], origin: str
    ) -> None: ...

    def proves(
        self, a: Schema, b: Schema, path: tuple[Step, ...], chain: tuple[Schema, ...]
    ) -> bool: ...

    def swapped(self) -> Prover: ...


@dataclass
class Pair:
    """A writer branch and the reader schema at the same instance path."""

    engine: Prover
    a: dict[str, Any]  # writer branch: no allOf/anyOf/oneOf
    b: dict[str, Any]  # reader schema (refs resolved at this level)
    path: tuple[Step, ...]
    chain: tuple[Schema, ...]  # writer schemas of the containers along ``path``
    origin: str = ""  # how the writer side was found, e.g. "open content model"

    @property
    def writer(self) -> SchemaRoot:
        return self.engine.writer

    @property
    def reader(self) -> SchemaRoot:
        return self.engine.reader

    def descend(self, a: Schema, b: Schema, *steps: Step, origin: str = "") -> None:
        """Compare a writer sub-schema with a reader sub-schema below this pair."""
        self.engine.compare(a, b, self.path + steps, self.chain + (self.a,) * len(steps), origin)

    def proves(self, a: Schema, b: Schema) -> bool:
        """True when the writer sub-schema ``a`` is proven to imply reader sub-schema ``b``."""
        return self.engine.proves(a, b, self.path, self.chain)

    def proves_reader_in_writer(self, a: Schema, b: Schema) -> bool:
        """True when reader sub-schema ``a`` is proven to imply writer sub-schema ``b``."""
        return self.engine.swapped().proves(a, b, (), ())

    def examples(
        self, schema: Schema | None = None, count: int = 6, want: str | None = None
    ) -> list[Any]:
        target = self.a if schema is None else schema
        return [example(self.writer, target, variant, want) for variant in range(count)]

    def writer_types(self) -> set[str]:
        return possible_types(self.a)

    def applies(self, *types: str) -> bool:
        return bool(self.writer_types() & set(types))


def possible_types(schema: dict[str, Any]) -> set[str]:
    """JSON types the (plain) writer schema admits."""
    declared = schema.get("type")
    if isinstance(declared, str):
        types = {declared}
    elif isinstance(declared, list):
        types = set(declared)
    else:
        types = {"object", "array", "string", "number", "integer", "boolean", "null"}
    values = schema["enum"] if isinstance(schema.get("enum"), list) else None
    if "const" in schema:
        values = [schema["const"]]
    if values is not None:
        types &= {json_type(v) for v in values} | ({"number"} if "integer" in types else set())
    if "number" in types:
        types.add("integer")
    return types


@dataclass(frozen=True)
class CompatRule:
    id: str
    keywords: tuple[str, ...]  # reader keywords this rule is responsible for
    summary: str
    check: Callable[[Pair], Iterator[Outcome]]


@dataclass(frozen=True)
class RuleTable:
    """The rules an engine applies, and every reader keyword they cover."""

    rules: tuple[CompatRule, ...]
    keywords: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        covered = frozenset(k for rule in self.rules for k in rule.keywords)
        object.__setattr__(self, "keywords", covered)
