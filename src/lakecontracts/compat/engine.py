"""Walk writer and reader schemas once, hand matched pairs to rules, prove what they report.

Rules (``rules/``, listed in ``table.py``) say, for one reader constraint, whether the
writer implies it, and if not, which local values might break it. The engine attaches the
rule ID, instance path and direction in one place, embeds candidate values into whole writer
instances and keeps only witnesses the jsonschema reference validator confirms: accepted by
the writer's schema, rejected by the reader's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from lakecontracts.compat.branches import writer_branches
from lakecontracts.compat.examples import example
from lakecontracts.compat.finite import reader_rejects, writer_values
from lakecontracts.compat.model import NO_VALUE, Change, Direction
from lakecontracts.compat.outcome import Outcome, Pair, RuleTable, Step, broken, fine, unknown
from lakecontracts.compat.root import Schema, SchemaRoot
from lakecontracts.compat.vocabulary import is_annotation
from lakecontracts.pointers import to_pointer
from lakecontracts.reporting.vocabulary import Verdict

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

_ANNOTATION_NOTE = (
    "keyword {key!r} is defined by no JSON Schema draft, so validators ignore it: read as an"
    " annotation (--strict-keywords makes it unknown)"
)


@dataclass
class Engine:
    """One direction of one comparison."""

    writer: SchemaRoot
    reader: SchemaRoot
    direction: Direction
    rules: RuleTable
    changes: list[Change] = field(default_factory=list)
    strict_keywords: bool = False  # keywords no draft defines: unknown, not annotations
    _active: set[tuple[int, int]] = field(default_factory=set)
    _annotations: set[str] = field(default_factory=set)  # reported once each
    _silent: int = 0
    _failed: bool = False

    def swapped(self) -> Engine:
        """The same direction and rules with writer and reader exchanged."""
        return Engine(
            self.reader,
            self.writer,
            self.direction,
            self.rules,
            strict_keywords=self.strict_keywords,
        )

    def run(self) -> Verdict:
        self.compare(self.writer.schema, self.reader.schema, (), (), "")
        self.changes = _strongest(self.changes)
        return Verdict.combine([c.compatible for c in self.changes])

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
        values = finite_values(pair.a)
        if values is not None:
            values = writer_values(self.writer, pair.a, values)
            bad = reader_rejects(self.reader, pair.b, values, pair.a)
            if bad:
                self.record(pair, "VALUES_COVERED", _finite_break(pair, bad))
            return
        for rule in self.rules.rules:
            if any(k in pair.b for k in rule.keywords):
                for outcome in rule.check(pair):
                    self.record(pair, rule.id, outcome)
        unknown_keys = [k for k in pair.b if k not in self.rules.keywords and k not in ANNOTATIONS]
        for key in unknown_keys:
            if not key.startswith("x-") and not key.startswith("__"):
                self._unhandled(pair, key)

    def _unhandled(self, pair: Pair, key: str) -> None:
        """A reader keyword no rule handles: an annotation when no draft defines it."""
        if self.strict_keywords or not is_annotation(key):
            self.record(pair, "KEYWORD_UNDERSTOOD", unknown(f"keyword {key!r} is not supported"))
        elif not self._silent and key not in self._annotations:
            self._annotations.add(key)
            self.record(pair, "KEYWORD_ANNOTATION", fine(_ANNOTATION_NOTE.format(key=key)))

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
        if outcome.compatible is not Verdict.COMPATIBLE:
            self._failed = True
        if self._silent:
            return
        path = pair.path + outcome.steps + outcome.where
        pointer = to_pointer(path)
        reason = outcome.reason + (f" ({pair.origin})" if pair.origin else "")
        if outcome.compatible is Verdict.COMPATIBLE:
            self.changes.append(
                Change(rule_id, pointer, self.direction, outcome.compatible, reason)
            )
            return
        witness = self.confirm(pair, outcome)
        if witness is not NO_VALUE:
            verdict = Verdict.INCOMPATIBLE
            if outcome.compatible is Verdict.UNKNOWN:  # the rule could not decide; the witness did
                reason += "; the witness shows it breaks"
        else:
            verdict = Verdict.UNKNOWN
            if outcome.compatible is Verdict.INCOMPATIBLE:
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
                if self.writer.judge(instance) is True and self.reader.judge(instance) is False:
                    return instance
        return NO_VALUE


def _strongest(changes: list[Change]) -> list[Change]:
    """One change per (rule, path): a confirmed break beats unknown beats compatible."""
    rank = {Verdict.INCOMPATIBLE: 0, Verdict.UNKNOWN: 1, Verdict.COMPATIBLE: 2}
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
