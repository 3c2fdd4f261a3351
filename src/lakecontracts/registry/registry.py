"""A registry on disk: its root, its configuration and its contract files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lakecontracts.errors import (
    ContractNotFoundError,
    InputFileError,
    Location,
    RegistryConfigError,
)
from lakecontracts.registry.config import REGISTRY_FILE, RegistryConfig, load_registry_config
from lakecontracts.registry.contract import LIVE_STATUSES, Contract, contract_from_document
from lakecontracts.registry.yamlsource import load_yaml_file

EVENTS_DIR = "events"
CONTRACT_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """A path as users typed it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def find_registry_root(explicit: Path | None = None, start: Path | None = None) -> Path:
    """The folder holding registry.yaml: ``explicit``, else found upwards from ``start``."""
    if explicit is not None:
        candidate = explicit.parent if explicit.name == REGISTRY_FILE else explicit
        for folder in (candidate, candidate / "contracts"):
            if (folder / REGISTRY_FILE).is_file():
                return folder
        raise RegistryConfigError(
            f"no {REGISTRY_FILE} in {explicit}",
            location=Location(str(explicit)),
            hint="pass the folder that holds registry.yaml",
        )
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for candidate in (folder, folder / "contracts"):
            if (candidate / REGISTRY_FILE).is_file():
                return candidate
    raise RegistryConfigError(
        f"no {REGISTRY_FILE} found in {here} or any parent folder",
        location=Location(str(here)),
        hint="run inside a registry, pass --registry DIR, or create one with `contracts init`",
    )


def check_inside(root: Path, path: Path) -> None:
    """Refuse a contract file that is a symlink leading out of the registry (to ``.env``, say):
    generate and show would copy its text into artifacts and terminals."""
    if not path.is_symlink():
        return
    target = path.resolve()
    if root.resolve() not in target.parents:
        raise InputFileError(
            f"contract file is a symlink leading outside the registry (to {target})",
            location=Location(display_path(path)),
            hint="replace the link with the contract itself, or a link inside the registry",
        )


@dataclass
class Registry:
    """The loaded registry: configuration plus lazily loaded contracts."""

    config: RegistryConfig
    _contracts: list[Contract] | None = field(default=None, repr=False)
    _files: list[Path] | None = field(default=None, repr=False)
    _relpaths: list[str] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, root: Path) -> Registry:
        return cls(config=load_registry_config(root))

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def events_dir(self) -> Path:
        return self.root / EVENTS_DIR

    def contract_files(self) -> list[Path]:
        """Every contract file under events/, in a stable order."""
        if self._files is None:
            self._files = [Path(self.root, relpath) for relpath in self.contract_relpaths()]
        return list(self._files)

    def contract_relpaths(self) -> list[str]:
        """Every contract file under events/ relative to the root, POSIX-style, in the same
        order as :meth:`contract_files`. Plain strings: a one-file lint needs only these, and
        building a Path per contract is most of a walk's cost at 1,000 contracts."""
        if self._relpaths is None:
            start = str(self.root)
            found = [
                f"{os.path.relpath(folder, start).replace(os.sep, '/')}/{name}"
                for folder, _dirs, names in os.walk(self.events_dir)
                for name in names
                if name.endswith(CONTRACT_SUFFIXES)
            ]
            self._relpaths = sorted(found, key=lambda relpath: relpath.split("/"))  # Path order
        return list(self._relpaths)

    def load_contract(self, path: Path) -> Contract:
        check_inside(self.root, path)
        doc = load_yaml_file(path, display_path(path))
        return contract_from_document(doc, path)

    def contracts(self) -> list[Contract]:
        """All contracts, sorted by event then version."""
        if self._contracts is None:
            loaded = [self.load_contract(path) for path in self.contract_files()]
            loaded.sort(key=lambda c: (c.event, c.v))
            self._contracts = loaded
        return self._contracts

    def versions(self, event: str) -> list[Contract]:
        return [c for c in self.contracts() if c.event == event]

    def find(self, event: str, version: int | None = None) -> Contract:
        """One event version; without ``version`` the newest active (else newest live) one."""
        versions = self.versions(event)
        if not versions:
            known = sorted({c.event for c in self.contracts()})
            raise ContractNotFoundError(
                f"no contract for event '{event}'",
                hint=_suggest(event, known),
            )
        if version is not None:
            for contract in versions:
                if contract.v == version:
                    return contract
            raise ContractNotFoundError(
                f"event '{event}' has no version {version}",
                hint=f"known versions: {', '.join(str(c.v) for c in versions)}",
            )
        for statuses in (("active",), LIVE_STATUSES):
            live = [c for c in versions if c.status in statuses]
            if live:
                return live[-1]
        return versions[-1]


def _suggest(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=3)
    if close:  # names that fail the naming rules may hold NUL or newlines: show them escaped
        return f"did you mean: {', '.join(c if c.isprintable() else repr(c) for c in close)}?"
    return "run `contracts manifest` to list every event"
