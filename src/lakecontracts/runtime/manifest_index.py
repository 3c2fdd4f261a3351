"""The runtime's view of a registry: generated/manifest.json plus the generated validators.

The runtime never reads YAML: a Firehose Lambda ships only ``generated/``. This module loads
the manifest, the alert thresholds from ``runtime/config.json`` and one validator module per
event version (``validators/<domain>__<name>__v<N>.py``, standard library only) with
:mod:`importlib`, and refuses to start when they do not belong to the same manifest hash:
validating with validators of another registry state would put wrong data in bronze.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from lakecontracts.errors import InputFileError, Location
from lakecontracts.runtime.records import ValidationError
from lakecontracts.validator.stamp import fresh_compiled, import_compiled

MANIFEST_FILE = "manifest.json"
RUNTIME_CONFIG = "runtime/config.json"
VALIDATORS_DIR = "validators"
SCHEMAS_DIR = "schemas"
_REGENERATE = "run `contracts generate` so the manifest and the generated files agree"


@dataclass(frozen=True)
class Route:
    """One event version as the runtime sees it."""

    event: str
    v: int
    status: str  # draft | active | deprecated | retired
    privacy_tier: str
    schema_hash: str
    is_valid: Callable[[object], bool]
    validate: Callable[[object], list[ValidationError]]
    native: bool = False  # the validator is the mypyc-compiled module
    # The validator's typed fast path alone (None when the schema has none): True only for
    # instances it proves valid, so ``is_valid`` needs asking only when it says False. The
    # pipeline normalises what only the full check accepted (integral floats in integer fields).
    fast: Callable[[object], bool] | None = None

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    @property
    def deprecated(self) -> bool:
        return self.status == "deprecated"


@dataclass(frozen=True)
class AlertThresholds:
    """Schema failure rate alert levels for one window (fractions, 0.003 = 0.3%)."""

    window_seconds: int = 300
    warning: float = 0.003
    critical: float = 0.005


@dataclass(frozen=True)
class ManifestIndex:
    """Routes by (event, v), the manifest hash they belong to and the alert thresholds."""

    manifest_hash: str
    routes: dict[tuple[str, int], Route]
    events: frozenset[str]
    thresholds: AlertThresholds
    generated: Path

    def schema_path(self, event: str, v: int) -> Path:
        """The resolved JSON Schema file of an event version (used by ``sample``)."""
        return self.generated / SCHEMAS_DIR / event / f"v{v}.schema.json"


def load_index(generated: Path, native: bool = True) -> ManifestIndex:
    """Load ``generated/``; :class:`InputFileError` names the missing or stale file.

    With ``native``, a validator compiled by ``contracts compile-validators`` from exactly
    the module's current source is loaded instead of the source (see ``validator.stamp``).
    """
    manifest = read_manifest(generated)
    manifest_hash = str(manifest["manifest_hash"])
    thresholds = _thresholds(generated / RUNTIME_CONFIG, manifest_hash)
    modules = _validator_modules(generated / VALIDATORS_DIR, manifest_hash, native)
    routes: dict[tuple[str, int], Route] = {}
    for entry in manifest["events"]:
        key = (str(entry["event"]), int(entry["v"]))
        module = modules.get(key)
        if module is None:
            raise InputFileError(
                f"no generated validator for {key[0]} v{key[1]}",
                location=Location(str(generated / VALIDATORS_DIR)),
                hint=_REGENERATE,
            )
        if entry["schema_hash"] != module.SCHEMA_HASH:
            raise InputFileError(
                f"the validator of {key[0]} v{key[1]} was generated from another schema",
                location=Location(str(module.__file__)),
                hint=_REGENERATE,
            )
        routes[key] = Route(
            event=key[0],
            v=key[1],
            status=str(entry["status"]),
            privacy_tier=str(entry["privacy_tier"]),
            schema_hash=str(entry["schema_hash"]),
            is_valid=module.is_valid,
            validate=module.validate,
            native=not str(module.__file__).endswith(".py"),
            fast=getattr(module, "_fast", None),
        )
    return ManifestIndex(
        manifest_hash=manifest_hash,
        routes=routes,
        events=frozenset(event for event, _ in routes),
        thresholds=thresholds,
        generated=generated,
    )


def read_manifest(generated: Path) -> Any:
    """``generated/manifest.json``, parsed; :class:`InputFileError` when missing or unreadable."""
    return _read_json(generated / MANIFEST_FILE)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputFileError(
            "missing generated file", location=Location(str(path)), hint=_REGENERATE
        ) from None
    except (OSError, ValueError) as exc:
        raise InputFileError(
            f"cannot read generated file: {exc}", location=Location(str(path)), hint=_REGENERATE
        ) from None


def _thresholds(path: Path, manifest_hash: str) -> AlertThresholds:
    config = _read_json(path)
    _same_manifest(path, config.get("manifest_hash"), manifest_hash)
    rate = config["alerts"]["schema_failure_rate"]
    return AlertThresholds(
        window_seconds=int(rate["window_minutes"]) * 60,
        warning=float(rate["warning"]),
        critical=float(rate["critical"]),
    )


def _validator_modules(
    folder: Path, manifest_hash: str, native: bool
) -> dict[tuple[str, int], ModuleType]:
    package = _load_module(folder / "__init__.py", manifest_hash, "__init__", False)
    _same_manifest(folder / "__init__.py", getattr(package, "MANIFEST_HASH", None), manifest_hash)
    table: dict[tuple[str, int], str] = package.VALIDATORS
    modules = {}
    for key, name in sorted(table.items()):
        module = _load_module(folder / f"{name}.py", manifest_hash, name, native)
        if key != (module.EVENT, module.VERSION):
            raise InputFileError(
                f"validator module {name} is for {module.EVENT} v{module.VERSION}, not "
                f"{key[0]} v{key[1]}",
                location=Location(str(folder / f"{name}.py")),
                hint=_REGENERATE,
            )
        modules[key] = module
    return modules


def _load_module(path: Path, manifest_hash: str, name: str, native: bool) -> ModuleType:
    """Import one generated file under a name unique to its manifest, not on sys.path."""
    if not path.is_file():
        raise InputFileError(
            "missing generated validator", location=Location(str(path)), hint=_REGENERATE
        )
    compiled = fresh_compiled(path) if native else None
    if compiled is not None:
        return _load_compiled(compiled, manifest_hash)
    unique = f"_lakecontracts_validators_{manifest_hash.removeprefix('sha256:')[:16]}_{name}"
    spec = importlib.util.spec_from_file_location(unique, path)
    if spec is None or spec.loader is None:
        raise InputFileError("cannot import generated validator", location=Location(str(path)))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_compiled(compiled: Path, manifest_hash: str) -> ModuleType:
    package = f"_lakecontracts_native_{manifest_hash.removeprefix('sha256:')[:16]}"
    try:
        return import_compiled(compiled, package)
    except ImportError as exc:
        raise InputFileError(
            f"cannot load compiled validator: {exc}",
            location=Location(str(compiled)),
            hint="rebuild it with `contracts compile-validators --force`, or delete it",
        ) from None


def _same_manifest(path: Path, found: object, manifest_hash: str) -> None:
    if found != manifest_hash:
        raise InputFileError(
            f"generated for manifest {found}, but manifest.json is {manifest_hash}",
            location=Location(str(path)),
            hint=_REGENERATE,
        )
