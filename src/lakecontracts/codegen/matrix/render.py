"""Target ``matrix``: the compatibility matrix, a Markdown page at ``outputs.compatibility_matrix``.

Per event: every version with its status, compatibility mode and lifecycle dates; which
versions each reader version can read; the breaking changes between consecutive majors with
a witness; and an upgrade checklist per breaking change.

Reader vN reads data of writer vM when the compatibility engine proves that every instance
of vM's resolved schema is accepted by vN's (``compare_schemas``: BACKWARD of vM -> vN when
N > M, FORWARD when N < M). The version pin (``meta.v`` const) is set aside for this: a
reader dispatches on ``meta.v``, so the question is whether it accepts the rest of the event.

The issue asks for "the breaking changes between majors from git history". The matrix
compares the resolved schemas of the majors as they are in the registry instead: that is
deterministic, needs no git, and is what a checked-in file can hold (the hash of the commit
that adds v2 cannot be written into that same commit). ``contracts compat`` covers history.

The page lives outside ``generated/`` (``docs/`` in the example registry), in a folder it
shares with hand-written files, so the writer only ever writes this one file there.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import jinja2

from lakecontracts.codegen.escape import markdown_in_table, markdown_text
from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.codegen.matrix.checklist import (
    Upgrade,
    change_lines,
    code_span,
    short_witness,
    silver_lines,
)
from lakecontracts.codegen.matrix.place import MATRIX_FILE, matrix_path
from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.model import Change, CompatResult, Direction
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.resolved import ResolvedEvent
from lakecontracts.reporting.vocabulary import Verdict

VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.COMPATIBLE: "yes",
    Verdict.INCOMPATIBLE: "no",
    Verdict.UNKNOWN: "unknown",
}


@dataclass(frozen=True)
class VersionRow:
    v: int
    status: str
    mode: str
    mode_from_registry: bool
    deprecated_on: str
    sunset_on: str
    retired_on: str
    supersedes: str


@dataclass(frozen=True)
class ChangeRow:
    number: int
    direction: str
    change: Change
    witness: str


@dataclass(frozen=True)
class ChecklistItem:
    number: int
    title: str
    lines: list[str]


@dataclass(frozen=True)
class UpgradeSection:
    old: int
    new: int
    changes: list[ChangeRow]
    checklist: list[ChecklistItem]


@dataclass(frozen=True)
class EventSection:
    event: str
    owner: str
    versions: list[VersionRow]
    grid: list[tuple[int, list[str]]]  # reader version -> one word per writer version
    upgrades: list[UpgradeSection]


class Comparisons:
    """Each unordered pair of an event's versions compared once, both directions."""

    def __init__(self, versions: list[ResolvedEvent]) -> None:
        self._schemas = {e.v: version_unpinned(e.schema) for e in versions}
        self._results: dict[tuple[int, int], CompatResult] = {}

    def result(self, old: int, new: int) -> CompatResult:
        key = (old, new)
        if key not in self._results:
            self._results[key] = compare_schemas(self._schemas[old], self._schemas[new])
        return self._results[key]

    def reads(self, reader: int, writer: int) -> Verdict:
        """Whether every event written under ``writer`` is accepted by ``reader``."""
        if reader == writer:
            return Verdict.COMPATIBLE
        if reader > writer:
            return self.result(writer, reader).backward
        return self.result(reader, writer).forward


def version_unpinned(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with ``meta.v`` accepting any version (shallow copies along the path)."""
    properties = schema["properties"]
    meta = properties["meta"]
    pin = {k: v for k, v in meta["properties"]["v"].items() if k != "const"}
    meta = {**meta, "properties": {**meta["properties"], "v": pin}}
    return {**schema, "properties": {**properties, "meta": meta}}


def breaking(result: CompatResult) -> list[Change]:
    """Changes that are not proven compatible, in a stable order."""
    changes = [c for c in result.changes if c.compatible is not Verdict.COMPATIBLE]
    return sorted(changes, key=lambda c: (c.direction != Direction.BACKWARD, c.path, c.rule))


def _version_row(resolved: ResolvedEvent, config: RegistryConfig) -> VersionRow:
    c = resolved.contract
    return VersionRow(
        v=c.v,
        status=c.status,
        mode=c.compatibility or config.default_compatibility,
        mode_from_registry=c.compatibility is None,
        deprecated_on=c.deprecated_on or "",
        sunset_on=c.sunset_on or "",
        retired_on=c.retired_on or "",
        supersedes=f"v{c.supersedes}" if c.supersedes is not None else "",
    )


def _direction_label(change: Change, up: Upgrade) -> str:
    writer, reader = up.writer(change.direction), up.reader(change.direction)
    return f"v{reader.v} reads v{writer.v} data"


def _upgrade(up: Upgrade, result: CompatResult) -> UpgradeSection:
    changes = breaking(result)
    rows, items, silver_done = [], [], set[tuple[str, str]]()
    for number, change in enumerate(changes, 1):
        witness = short_witness(change).markdown()
        rows.append(ChangeRow(number, _direction_label(change, up), change, witness))
        title = f"{change.rule} at `{change.path or '/'}` ({_direction_label(change, up)})"
        items.append(ChecklistItem(number, title, change_lines(change, up, silver_done)))
    rest = silver_lines(up, silver_done)
    if rest:
        items.append(ChecklistItem(len(items) + 1, "Silver mappings", rest))
    return UpgradeSection(up.old.v, up.new.v, rows, items)


def event_section(versions: list[ResolvedEvent], config: RegistryConfig) -> EventSection:
    """One event's part of the page; ``versions`` sorted by version number."""
    numbers = [e.v for e in versions]
    grid: list[tuple[int, list[str]]] = []
    upgrades: list[UpgradeSection] = []
    if len(versions) > 1:
        compared = Comparisons(versions)
        grid = [
            (reader, [VERDICT_WORDS[compared.reads(reader, writer)] for writer in numbers])
            for reader in numbers
        ]
        for old, new in itertools.pairwise(versions):
            upgrade = Upgrade(old.contract, new.contract)
            upgrades.append(_upgrade(upgrade, compared.result(old.v, new.v)))
    return EventSection(
        event=versions[0].event,
        owner=versions[-1].contract.owner,
        versions=[_version_row(e, config) for e in versions],
        grid=grid,
        upgrades=upgrades,
    )


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell (see escape.markdown_text)."""
    return markdown_text(str(value))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lakecontracts.codegen.matrix", "templates"),
        autoescape=False,  # Markdown: cells are escaped by the ``cell`` filter
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = _cell
    env.filters["in_table"] = markdown_in_table
    env.filters["code"] = code_span
    return env


def render_matrix(inp: GenerationInput) -> Rendered:
    config = inp.registry.config
    by_event: dict[str, list[ResolvedEvent]] = defaultdict(list)
    for resolved in inp.events:
        by_event[resolved.event].append(resolved)
    sections = [
        event_section(sorted(by_event[event], key=lambda e: e.v), config)
        for event in sorted(by_event)
    ]
    text = (
        _environment()
        .get_template(f"{MATRIX_FILE}.j2")
        .render(registry=config.name, default_mode=config.default_compatibility, events=sections)
    )
    return {matrix_path(config).name: text.encode()}
