"""What a policy rule sees: an old and a new contract, resolved, plus the comparisons made.

A pair is either a ``revision`` (the same ``event@v`` file changed since the ref) or a
``successor`` (a new ``v<N>`` file and the version it supersedes). Rule bodies only read the
pair and say what is wrong; the checker attaches rule ID, severity and location once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any

from lakecontracts.codegen.sql.hive_tables import hive_tables
from lakecontracts.compat.model import Change, CompatResult
from lakecontracts.errors import ContractsError
from lakecontracts.registry.canonical import schema_sha256_hex
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.contract import Contract
from lakecontracts.registry.resolved import ResolvedEvent
from lakecontracts.registry.yamlsource import JsonPath

REVISION, SUCCESSOR = "revision", "successor"


@dataclass(frozen=True)
class Problem:
    """What a rule body reports: the message, where, and how to fix it."""

    message: str
    path: str = ""  # a JSON pointer (instance or contract) shown to people
    doc_path: JsonPath = ()  # where in the new contract file (or registry.yaml) to point
    in_registry: bool = False  # doc_path is in registry.yaml (the envelope), not the contract
    fix: str = ""
    changes: tuple[Change, ...] = ()  # engine changes with witnesses
    against: str = ""  # the revision or version compared with


@dataclass(frozen=True)
class Comparison:
    """The new schema compared with one earlier revision under the contract's mode."""

    label: str  # "abc1234567" (a commit) or "v1"
    result: CompatResult


@dataclass
class VersionPair:
    kind: str  # REVISION | SUCCESSOR
    old: Contract
    new: Contract
    old_schema: dict[str, Any]
    new_schema: dict[str, Any]
    old_config: RegistryConfig
    new_config: RegistryConfig
    mode: str  # the new contract's mode (its own or the registry default)
    old_mode: str
    today: date
    versions_at_ref: tuple[int, ...] = ()  # versions of the event at the ref
    comparisons: list[Comparison] = field(default_factory=list)
    #: Why a side's Athena tables could not be derived (the warehouse rules then cannot judge it).
    mapping_errors: list[str] = field(default_factory=list)

    @cached_property
    def old_tables(self) -> dict[str, Any]:
        return self._tables("old", self.old_config, self.old, self.old_schema)

    @cached_property
    def new_tables(self) -> dict[str, Any]:
        return self._tables("new", self.new_config, self.new, self.new_schema)

    def _tables(
        self, side: str, config: RegistryConfig, contract: Contract, schema: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            return _tables(config, contract, schema)
        except ContractsError as exc:
            self.mapping_errors.append(f"the {side} version's tables: {exc.message}")
            return {}

    @property
    def next_version_fix(self) -> str:
        folder = PurePosixPath(*self.new.path.parent.parts[-3:])  # events/<domain>/<name>
        return (
            f"keep v{self.new.v} as it was and create {folder}/v{self.new.v + 1}.yaml with "
            f"'v: {self.new.v + 1}' and 'supersedes: {self.new.v}'"
        )


def _tables(config: RegistryConfig, contract: Contract, schema: dict[str, Any]) -> dict[str, Any]:
    """The Athena tables (bronze and Silver) this one version maps to, by database/table."""
    event = ResolvedEvent(contract, schema, "sha256:" + schema_sha256_hex(schema))
    return {table.path: table for table in hive_tables(config, [event])}


def mode_of(contract: Contract, default: str) -> str:
    """The contract's compatibility mode, or the registry default, upper case."""
    return (contract.compatibility or default).upper()
