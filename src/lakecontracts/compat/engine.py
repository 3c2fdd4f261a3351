"""Walk writer and reader schemas once, hand matched pairs to rules, prove what they report.

Rules (``rules/``, listed in ``table.py``) say, for one reader constraint, whether the
writer implies it, and if not, which local values might break it. The engine attaches the
rule ID, instance path and direction in one place, embeds candidate values into whole writer
instances and keeps only witnesses the jsonschema reference validator confirms: accepted by
the writer's schema, rejected by the reader's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lakecontracts.compat.branches import writer_branches
from lakecontracts.compat.examples import example
from lakecontracts.compat.finite import reader_rejects, writer_values
from lakecontracts.compat.model import NO_VALUE, UNKNOWN, Change, Direction, Verdict, combine
from lakecontracts.compat.root import Schema, SchemaRoot
from lakecontracts.registry.json_types import json_type

MAX_PATH = 24
#: Keywords that never restrict instances (annotations and structure).
ANNOTATIONS = frozenset(
    [
        "$schema",
        "$id",
        "id",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "readOnly",
        "writeOnly",
        "definitions",
        "$defs",
        "deprecated",
        "$anchor",
    ]
)

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
    return Outcome(False, reason, tuple(candidates), (), where)


def unknown(reason: str, *candidates: Any) -> Outcome:
    return Outcome(UNKNOWN, reason, tuple(candidates))


def fine(reason: str) -> Outcome:
    return Outcome(True, reason)


@dataclass
class Pair:
    """A writer branch and the reader schema at the same instance path."""

    engine: Engine
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
        swapped = Engine(self.reader, self.writer, self.engine.direction)
        return swapped.proves(a, b, (), ())

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


@dataclass
class Engine:
    """One direction of one comparison."""

    writer: SchemaRoot
    reader: SchemaRoot
    direction: Direction
    changes: list[Change] = field(default_factory=list)
    _active: set[tuple[int, int]] = field(default_factory=set)
    _silent: int = 0
    _failed: bool = False

    def run(self) -> Verdict:
        self.compare(self.writer.schema, self.reader.schema, (), (), "")
        self.changes = _strongest(self.changes)
        return combine([c.compatible for c in self.changes])

    def compare(
        self, a: Schema, b: Schema, path: tuple[Step, ...], chain: tuple[Schema, ...], origin: str
    ) -> None:
        a, b = self.writer.deref(a), self.reader.deref(b)
        if b is True or a is False or self._same(a, b):
            return
        key = (id(a), id(b))
        if key in self._active:
            return  # recursive schemas: assume the pair holds (greatest fixed point)
        if len(path) > MAX_PATH:
            self.record(
                Pair(self, {}, {}, path, chain), "DEPTH", unknown("schemas nest too deeply")
            )
            return
        self._active.add(key)
        try:
            for branch in writer_branches(self.writer, a):
                if branch is False:
                    continue
                plain = branch if isinstance(branch, dict) else {}
                reader = b if isinstance(b, dict) else {}
                pair = Pair(self, plain, reader, path, chain, origin)
                if b is False:
                    self.record(pair, "SCHEMA_NOT_FALSE", _reader_false(pair))
                    continue
                self.check_pair(pair)
        finally:
            self._active.discard(key)

    def _same(self, a: Schema, b: Schema) -> bool:
        text_a = self.writer.same_memo.text(a)
        return text_a is not None and text_a == self.reader.same_memo.text(b)

    def check_pair(self, pair: Pair) -> None:
        from lakecontracts.compat.table import RULES, covered_keywords

        values = finite_values(pair.a)
        if values is not None:
            values = writer_values(self.writer, pair.a, values)
            bad = reader_rejects(self.reader, pair.b, values, pair.a)
            if bad:
                self.record(pair, "VALUES_COVERED", _finite_break(pair, bad))
            return
        for rule in RULES:
            if any(k in pair.b for k in rule.keywords):
                for outcome in rule.check(pair):
                    self.record(pair, rule.id, outcome)
        unknown_keys = [k for k in pair.b if k not in covered_keywords() and k not in ANNOTATIONS]
        for key in unknown_keys:
            if not key.startswith("x-") and not key.startswith("__"):
                self.record(
                    pair, "KEYWORD_UNDERSTOOD", unknown(f"keyword {key!r} is not supported")
                )

    def proves(
        self, a: Schema, b: Schema, path: tuple[Step, ...], chain: tuple[Schema, ...]
    ) -> bool:
        """Run a comparison without recording it: True when nothing breaks or is unknown."""
        saved_changes, saved_failed = self.changes, self._failed
        self.changes, self._failed = [], False
        self._silent += 1
        try:
            self.compare(a, b, path, chain, "")
            return not self._failed
        finally:
            self._silent -= 1
            self.changes, self._failed = saved_changes, saved_failed

    def record(self, pair: Pair, rule_id: str, outcome: Outcome) -> None:
        if outcome.compatible is not True:
            self._failed = True
        if self._silent:
            return
        path = pair.path + outcome.steps + outcome.where
        pointer = "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in path)
        reason = outcome.reason + (f" ({pair.origin})" if pair.origin else "")
        if outcome.compatible is True:
            self.changes.append(Change(rule_id, pointer, self.direction, True, reason))
            return
        witness = self.confirm(pair, outcome)
        if witness is not NO_VALUE:
            verdict: Verdict = False
            if outcome.compatible == UNKNOWN:  # the rule could not decide; the witness did
                reason += "; the witness shows it breaks"
        else:
            verdict = UNKNOWN
            if outcome.compatible is False:
                reason += "; no instance confirming it was found, so the verdict is unknown"
        change = Change(rule_id, pointer, self.direction, verdict, reason, witness)
        if change not in self.changes:
            self.changes.append(change)

    def confirm(self, pair: Pair, outcome: Outcome) -> Any:
        """The first candidate that, embedded in a whole instance, the writer accepts and the
        reader rejects; NO_VALUE when none does."""
        chain = pair.chain + (pair.a,) * len(outcome.steps)
        path = pair.path + outcome.steps
        for value in outcome.candidates:
            for variant in range(3):
                instance = embed(self.writer, chain, path, value, variant)
                if self.writer.accepts(instance) and not self.reader.accepts(instance):
                    return instance
        return NO_VALUE


def _strongest(changes: list[Change]) -> list[Change]:
    """One change per (rule, path): a confirmed break beats unknown beats compatible."""
    rank = {False: 0, UNKNOWN: 1, True: 2}
    best: dict[tuple[str, str], Change] = {}
    for change in changes:
        key = (change.rule, change.path)
        if key not in best or rank[change.compatible] < rank[best[key].compatible]:
            best[key] = change
    return [c for c in changes if best[(c.rule, c.path)] is c]


def finite_values(schema: dict[str, Any]) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    return None


#: Rejected enum values tried as witnesses. Each try validates a whole instance against both
#: schemas (O(enum size) each), so trying all of 100,000 values when none embeds in a valid
#: writer instance took hours; past the first few, another value is very unlikely to embed.
MAX_FINITE_CANDIDATES = 64


def _finite_break(pair: Pair, bad: list[Any]) -> Outcome:
    shown = ", ".join(json.dumps(v)[:40] for v in bad[:3])
    candidates = bad[:MAX_FINITE_CANDIDATES]
    return broken(f"the writer allows {shown}, which the reader rejects", *candidates)


def _reader_false(pair: Pair) -> Outcome:
    return broken("the reader accepts nothing here (schema false)", *pair.examples())


def embed(
    root: SchemaRoot, chain: tuple[Schema, ...], path: tuple[Step, ...], value: Any, variant: int
) -> Any:
    """A whole writer instance holding ``value`` at ``path``, built from writer examples."""
    if not path:
        return value
    container_schema = chain[0] if chain else root.schema
    step = path[0]
    child = embed(root, chain[1:], path[1:], value, variant)
    if isinstance(step, int):
        base = example(root, container_schema, variant, "array")
        items = list(base) if isinstance(base, list) else []
        while len(items) <= step:
            items.append(child)
        items[step] = child
        return items
    base = example(root, container_schema, variant, "object")
    obj = dict(base) if isinstance(base, dict) else {}
    obj[step] = child
    return obj


def iter_type_examples(pair: Pair, kind: str) -> Iterator[Any]:
    for variant in range(4):
        yield example(pair.writer, pair.a, variant, kind)
