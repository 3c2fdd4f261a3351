"""Settings `contracts generate` needs from registry.yaml, checked all at once before any target
runs, so a new registry learns every missing setting in one run, each with the YAML to add."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lakecontracts.errors import Location, RegistryConfigError
from lakecontracts.registry.config import REGISTRY_FILE, RegistryConfig


@dataclass(frozen=True)
class MissingSetting:
    """One setting a target needs: where it goes and an example of what to write."""

    section: str
    key: str
    example: str
    needed_for: str


def _needed(layers: Iterable[str]) -> list[MissingSetting]:
    wanted: list[MissingSetting] = []
    for layer in layers:
        why = "Athena DDL, dbt sources and lineage" if layer == "bronze" else "Silver tables"
        wanted.append(MissingSetting("catalog", f"{layer}_database", layer, why))
        wanted.append(MissingSetting("storage", layer, f"s3://my-lake-{layer}", why))
    return wanted


def missing_generate_settings(config: RegistryConfig, has_silver: bool) -> list[MissingSetting]:
    """Every setting generation needs that registry.yaml lacks (bronze always; silver when a
    contract maps a Silver table)."""
    layers = ["bronze", "silver"] if has_silver else ["bronze"]
    missing = []
    for setting in _needed(layers):
        value = _value(config, setting)
        if value is None or not value.strip():
            missing.append(setting)
    return missing


def _value(config: RegistryConfig, setting: MissingSetting) -> str | None:
    if setting.section == "catalog":
        return config.catalog.settings.get(setting.key)
    return config.storage.location_of(setting.key)


def require_generate_settings(config: RegistryConfig, has_silver: bool) -> None:
    """Raise one :class:`RegistryConfigError` listing every missing setting with its YAML."""
    missing = missing_generate_settings(config, has_silver)
    if not missing:
        return
    lines = [f"  {m.section}.{m.key}  (for {m.needed_for})" for m in missing]
    sections: dict[str, list[MissingSetting]] = {}
    for m in missing:
        sections.setdefault(m.section, []).append(m)
    yaml = "".join(
        f"\n  {section}:" + "".join(f"\n    {m.key}: {m.example}" for m in items)
        for section, items in sections.items()
    )
    raise RegistryConfigError(
        f"registry.yaml lacks {len(missing)} setting(s) generation needs:\n" + "\n".join(lines),
        location=Location(str(config.root / REGISTRY_FILE)),
        hint=f"add to registry.yaml (merge into existing sections):{yaml}",
    )
