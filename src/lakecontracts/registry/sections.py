"""Typed sections of registry.yaml: ``outputs``, ``storage``, ``catalog``, ``workspaces`` and
``jobs``, each with its place in the file so an error about a setting points at it.

The structure schema (``schemas/registry.schema.json``) has checked every shape before these
are built, so building only copies values; what a consumer needs (defaults, confinement,
s3 URLs) it checks itself with the section's location.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from lakecontracts.errors import Location, RegistryConfigError
from lakecontracts.registry.yamlsource import JsonPath, YamlDocument

LAYERS = ("bronze", "silver", "gold")


@dataclass(frozen=True)
class Place:
    """Where a section (or one entry of it) is in registry.yaml (not part of its value: two
    sections with the same settings are equal wherever they are written)."""

    document: YamlDocument = field(compare=False, repr=False)
    path: JsonPath = field(compare=False)
    declared: bool = field(compare=False)

    def location(self, *keys: str | int, key: bool = False) -> Location:
        """The position of ``keys`` under this place, else of the nearest enclosing node."""
        return self.document.location((*self.path, *keys), key=key)


@dataclass(frozen=True)
class Outputs:
    """``outputs``: where generated files go (``generated``, ``compatibility_matrix``, ...)."""

    paths: Mapping[str, str]
    place: Place

    def path(self, key: str) -> str | None:
        return self.paths.get(key)


@dataclass(frozen=True)
class Residual:
    """One place where deleted data survives (``storage.residual.<name>``), for how long and
    which lifecycle rule removes it (``lifecycle``; generated for bronze noncurrent versions)."""

    name: str
    kind: str
    location: str | None
    max_days: int
    lifecycle: str | None


@dataclass(frozen=True)
class Storage:
    """``storage``: a location per layer (``bronze: s3://...``), ``local_root``, the bronze
    Glacier transition, the quarantine expiry, the DSAR deadline and the residual-data
    inventory."""

    locations: Mapping[str, str]
    bronze_glacier_after_days: int | None
    place: Place
    dsar_deadline_days: int | None = None
    residual: tuple[Residual, ...] = ()
    quarantine_expire_after_days: int | None = None

    def location_of(self, name: str) -> str | None:
        return self.locations.get(name)

    def required_location(self, name: str, needed_for: str) -> str:
        """``storage.<name>`` as written; a located error when it is missing or blank."""
        value = self.locations.get(name)
        if not value or not value.strip():
            raise _missing(self.place, name, f"s3://my-lake-{name}", needed_for)
        return value


@dataclass(frozen=True)
class Catalog:
    """``catalog``: the Glue database of each layer (``<layer>_database``)."""

    settings: Mapping[str, str]
    place: Place

    def database(self, layer: str) -> str | None:
        return self.settings.get(f"{layer}_database")

    def required_database(self, layer: str, needed_for: str) -> str:
        """``catalog.<layer>_database``; a located error when it is missing or blank."""
        name = self.database(layer)
        if not name or not name.strip():
            raise _missing(self.place, f"{layer}_database", layer, needed_for)
        return name

    def databases(self) -> dict[str, str]:
        """Layer -> database name, for the layers that have one, in layer order."""
        return {layer: name for layer in LAYERS if (name := self.database(layer)) is not None}


@dataclass(frozen=True)
class Workspace:
    """An access workspace (``workspaces.<name>``): what its users may read."""

    name: str
    max_tier: str
    layers: tuple[str, ...]
    row_filter_column: str | None
    row_filter_values: tuple[str, ...]
    sanitized_only: bool
    place: Place


@dataclass(frozen=True)
class Job:
    """A scheduled job (``jobs.<name>``): its cron expression (UTC) and grace period."""

    name: str
    schedule: str
    grace_minutes: int | None
    description: str | None
    place: Place


def outputs_section(doc: YamlDocument) -> Outputs:
    return Outputs(_frozen(_mapping(doc.data, "outputs")), _place(doc, "outputs"))


def storage_section(doc: YamlDocument) -> Storage:
    section = _mapping(doc.data, "storage")
    strings = {key: value for key, value in section.items() if isinstance(value, str)}
    days = section.get("bronze_glacier_after_days")
    deadline = section.get("dsar_deadline_days")
    quarantine = section.get("quarantine_expire_after_days")
    return Storage(
        _frozen(strings),
        days if isinstance(days, int) else None,
        _place(doc, "storage"),
        deadline if isinstance(deadline, int) else None,
        _residual(section.get("residual")),
        quarantine if isinstance(quarantine, int) else None,
    )


def _residual(section: Any) -> tuple[Residual, ...]:
    if not isinstance(section, dict):
        return ()
    return tuple(
        Residual(name, spec["kind"], spec.get("location"), spec["max_days"], spec.get("lifecycle"))
        for name, spec in sorted(section.items())
        if isinstance(spec, dict)
    )


def catalog_section(doc: YamlDocument) -> Catalog:
    return Catalog(_frozen(_mapping(doc.data, "catalog")), _place(doc, "catalog"))


def workspaces_section(doc: YamlDocument) -> tuple[Workspace, ...]:
    return tuple(
        _workspace(doc, name, spec) for name, spec in _mapping(doc.data, "workspaces").items()
    )


def jobs_section(doc: YamlDocument) -> tuple[Job, ...]:
    return tuple(
        Job(
            name=name,
            schedule=spec["schedule"],
            grace_minutes=spec.get("grace_minutes"),
            description=spec.get("description"),
            place=Place(doc, ("jobs", name), True),
        )
        for name, spec in _mapping(doc.data, "jobs").items()
    )


def _workspace(doc: YamlDocument, name: str, spec: dict[str, Any]) -> Workspace:
    row_filter = spec.get("row_filter") or {}
    return Workspace(
        name=name,
        max_tier=spec["max_tier"],
        layers=tuple(spec["layers"]),
        row_filter_column=row_filter.get("column"),
        row_filter_values=tuple(row_filter.get("values", ())),
        sanitized_only=bool(spec.get("sanitized_only", False)),
        place=Place(doc, ("workspaces", name), True),
    )


def _missing(place: Place, key: str, example: str, needed_for: str) -> RegistryConfigError:
    section = place.path[0]
    return RegistryConfigError(
        f"registry.yaml has no {section}.{key} (needed for {needed_for})",
        location=place.location(key),
        hint=f"add `{section}: {{{key}: {example}}}` to registry.yaml",
    )


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _frozen(values: dict[str, Any]) -> Mapping[str, str]:
    return MappingProxyType({key: value for key, value in values.items() if isinstance(value, str)})


def _place(doc: YamlDocument, key: str) -> Place:
    return Place(doc, (key,), key in doc.data)
