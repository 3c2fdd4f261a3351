"""The upgrade checklist of one breaking change, and its witness cut down to the changed value.

A line says who must act (producers, consumers still on the older version, consumers of the
Silver table) and what to do. Producer and consumer lines come from a table keyed by rule ID
and direction; anything the table does not name gets a generic line quoting the engine's
reason. Silver lines come from the contracts' Silver mappings: which column the changed path
feeds, and whether both versions feed it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lakecontracts.codegen.escape import markdown_code
from lakecontracts.compat.model import NO_VALUE, Change, Direction
from lakecontracts.pointers import escape, steps
from lakecontracts.registry.contract import Contract, SilverMapping


@dataclass(frozen=True)
class Upgrade:
    """Two consecutive versions of one event."""

    old: Contract
    new: Contract

    def writer(self, direction: Direction) -> Contract:
        return self.old if direction is Direction.BACKWARD else self.new

    def reader(self, direction: Direction) -> Contract:
        return self.new if direction is Direction.BACKWARD else self.old


@dataclass(frozen=True)
class ShortWitness:
    """The witness's value at the change's path, or its nearest existing parent."""

    at: str  # JSON pointer of the value shown
    value: Any  # NO_VALUE when the change has no witness
    missing: str = ""  # the property the witness leaves out ("" when the value is at ``path``)

    def markdown(self) -> str:
        """The value as a code span; a left-out property as where it is missing."""
        if self.value is NO_VALUE:
            return "-"
        if self.missing:
            return f"{code_span(self.missing)} absent from {code_span(self.at or '/')}"
        return code_span(compact_json(self.value))


def code_span(text: str) -> str:
    """An inline code span that survives backticks in the text."""
    return markdown_code(text)


def compact_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def short_witness(change: Change) -> ShortWitness:
    """Walk the witness along the change's path as far as it goes."""
    if change.witness is NO_VALUE:
        return ShortWitness(change.path, NO_VALUE)
    value, at = change.witness, ""
    for step in steps(change.path):
        child = _child(value, step)
        if child is NO_VALUE:
            return ShortWitness(at, value, missing=step)
        value, at = child, f"{at}/{escape(step)}"
    return ShortWitness(at, value)


def _child(value: Any, step: str) -> Any:
    if isinstance(value, dict):
        return value.get(step, NO_VALUE)
    if isinstance(value, list) and step.isdigit() and int(step) < len(value):
        return value[int(step)]
    return NO_VALUE


def field_name(path: str) -> str:
    """``/payload/price/amount`` -> ``price.amount``; envelope paths keep their section."""
    tokens = steps(path)
    if tokens[:1] == ["payload"] and len(tokens) > 1:
        tokens = tokens[1:]
    return ".".join(tokens) or "(whole event)"


def source_path(path: str) -> str:
    """The Silver mapping's spelling of an instance path: ``payload.price``."""
    return ".".join(steps(path))


def _value_phrase(witness: ShortWitness) -> str:
    if witness.value is NO_VALUE:
        return "values"
    if witness.missing:
        return "NULL (the field is absent)"
    return f"`{compact_json(witness.value)}`"


LineMaker = Callable[[Change, Upgrade, ShortWitness], str]


def _send_required(change: Change, up: Upgrade, w: ShortWitness) -> str:
    return f"producers: send `{field_name(change.path)}` (required from v{up.new.v})"


def _stop_sending(change: Change, up: Upgrade, w: ShortWitness) -> str:
    return (
        f"producers: stop sending `{field_name(change.path)}` "
        f"(v{up.new.v} does not define it and rejects events that carry it)"
    )


def _send_accepted_values(change: Change, up: Upgrade, w: ShortWitness) -> str:
    return (
        f"producers: `{field_name(change.path)}` must hold what v{up.new.v} accepts; "
        f"v{up.old.v} data may carry {_value_phrase(w)}, which v{up.new.v} rejects"
    )


def _old_reader_extra(change: Change, up: Upgrade, w: ShortWitness) -> str:
    return (
        f"consumers on v{up.old.v}: v{up.new.v} events carry `{field_name(change.path)}`, "
        f"which v{up.old.v}'s closed model rejects; read v{up.new.v} events with the "
        f"v{up.new.v} schema (route on `meta.v`) before producers switch"
    )


def _old_reader_missing(change: Change, up: Upgrade, w: ShortWitness) -> str:
    return (
        f"consumers on v{up.old.v}: v{up.new.v} events may omit `{field_name(change.path)}`; "
        f"stop relying on it for v{up.new.v} events (route on `meta.v`)"
    )


def _old_reader_values(change: Change, up: Upgrade, w: ShortWitness) -> str:
    return (
        f"consumers on v{up.old.v}: `{field_name(change.path)}` may be {_value_phrase(w)} in "
        f"v{up.new.v} events, which v{up.old.v} rejects; handle it before producers switch"
    )


def _generic(change: Change, up: Upgrade, w: ShortWitness) -> str:
    writer, reader = up.writer(change.direction), up.reader(change.direction)
    who = "producers" if change.direction is Direction.BACKWARD else f"consumers on v{reader.v}"
    return (
        f"{who}: `{field_name(change.path)}` changes between v{up.old.v} and v{up.new.v} "
        f"(v{writer.v} data, v{reader.v} reader: {change.reason})"
    )


#: (direction, rule ID) -> the line for whoever must act. Missing rows use ``_generic``.
LINES: dict[tuple[Direction, str], LineMaker] = {
    (Direction.BACKWARD, "REQUIRED_COVERED"): _send_required,
    (Direction.BACKWARD, "ADDITIONAL_PROPERTIES_COVERED"): _stop_sending,
    (Direction.BACKWARD, "VALUES_COVERED"): _send_accepted_values,
    (Direction.BACKWARD, "ENUM_COVERED"): _send_accepted_values,
    (Direction.BACKWARD, "TYPE_COVERED"): _send_accepted_values,
    (Direction.FORWARD, "ADDITIONAL_PROPERTIES_COVERED"): _old_reader_extra,
    (Direction.FORWARD, "REQUIRED_COVERED"): _old_reader_missing,
    (Direction.FORWARD, "VALUES_COVERED"): _old_reader_values,
    (Direction.FORWARD, "ENUM_COVERED"): _old_reader_values,
    (Direction.FORWARD, "TYPE_COVERED"): _old_reader_values,
}


def change_lines(change: Change, up: Upgrade, silver_done: set[tuple[str, str]]) -> list[str]:
    """Checklist lines of one change; Silver columns already covered are in ``silver_done``."""
    witness = short_witness(change)
    lines = [LINES.get((change.direction, change.rule), _generic)(change, up, witness)]
    for table, column in _columns_fed_by(up, source_path(change.path)):
        if (table, column) not in silver_done:
            silver_done.add((table, column))
            lines.append(_silver_line(up, table, column, change, witness))
    return lines


def _columns_fed_by(up: Upgrade, source: str) -> list[tuple[str, str]]:
    found = set()
    for mapping in _mappings(up):
        for column, path in mapping.columns.items():
            if path == source or path.startswith(source + "."):
                found.add((mapping.table, column))
    return sorted(found)


def _mappings(up: Upgrade) -> list[SilverMapping]:
    return [c.silver for c in (up.old, up.new) if c.silver is not None]


def _feeds(contract: Contract, table: str, column: str) -> bool:
    return contract.silver is not None and (
        contract.silver.table == table and column in contract.silver.columns
    )


def _silver_line(up: Upgrade, table: str, column: str, change: Change, w: ShortWitness) -> str:
    old_feeds, new_feeds = _feeds(up.old, table, column), _feeds(up.new, table, column)
    if old_feeds != new_feeds:
        return _one_sided(up, table, column, old_feeds)
    writer, reader = up.writer(change.direction), up.reader(change.direction)
    return (
        f"consumers of Silver `{table}`: `{column}` mixes v{up.old.v} and v{up.new.v} rows; "
        f"v{writer.v} rows may hold {_value_phrase(w)}, which v{reader.v} rejects"
    )


def _one_sided(up: Upgrade, table: str, column: str, old_feeds: bool) -> str:
    """The line for a column only one of the two versions feeds."""
    head = f"consumers of Silver `{table}`: `{column}`"
    if old_feeds:
        return f"{head} is fed up to v{up.old.v} only; v{up.new.v} rows carry NULL"
    return f"{head} is fed from v{up.new.v} only; v{up.old.v} rows carry NULL"


def silver_lines(up: Upgrade, silver_done: set[tuple[str, str]]) -> list[str]:
    """Silver differences no breaking change explained: table moves, columns fed by one side."""
    lines = []
    old, new = up.old.silver, up.new.silver
    if old is not None and new is not None and old.table != new.table:
        lines.append(
            f"consumers of Silver: v{up.old.v} feeds `{old.table}`, v{up.new.v} feeds "
            f"`{new.table}`; read both tables across the upgrade"
        )
    for table, column in sorted(_all_columns(up) - silver_done):
        old_source = _source(up.old, table, column)
        new_source = _source(up.new, table, column)
        if old_source == new_source:
            continue
        if old_source is None or new_source is None:
            lines.append(_one_sided(up, table, column, old_feeds=new_source is None))
        else:
            lines.append(
                f"consumers of Silver `{table}`: `{column}` comes from `{old_source}` in "
                f"v{up.old.v} and from `{new_source}` in v{up.new.v}"
            )
    return lines


def _all_columns(up: Upgrade) -> set[tuple[str, str]]:
    return {(m.table, column) for m in _mappings(up) for column in m.columns}


def _source(contract: Contract, table: str, column: str) -> str | None:
    if contract.silver is None or contract.silver.table != table:
        return None
    return contract.silver.columns.get(column)
