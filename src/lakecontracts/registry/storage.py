"""registry.yaml ``storage``: where the lake's layers live, and the embedded local default."""

from __future__ import annotations

from pathlib import Path

from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.config import RegistryConfig

DEFAULT_LOCAL_ROOT = ".lakehouse"
DEFAULT_BRONZE_GLACIER_AFTER_DAYS = 90


def local_root(config: RegistryConfig) -> Path:
    """``storage.local_root`` (default ``.lakehouse``), relative to registry.yaml's folder like
    ``outputs.generated``: local folders that stand in for S3 on one machine."""
    value = config.storage.location_of("local_root")
    if value is None:
        value = DEFAULT_LOCAL_ROOT
    if not value.strip():
        raise RegistryConfigError(
            "storage.local_root must be a folder path",
            location=config.storage.place.location("local_root"),
            hint="e.g. `storage: {local_root: .lakehouse}`",
        )
    return (config.root / value).resolve()


def local_layer(config: RegistryConfig, layer: str) -> str:
    """The embedded default folder of a layer: ``<local_root>/<layer>``."""
    return str(local_root(config) / layer)


def bronze_glacier_after_days(config: RegistryConfig) -> int:
    """``storage.bronze_glacier_after_days`` (default 90): when bronze objects move to Glacier.

    The registry schema checks it is a whole number of days, at least 1."""
    days = config.storage.bronze_glacier_after_days
    return DEFAULT_BRONZE_GLACIER_AFTER_DAYS if days is None else days


DEFAULT_DSAR_DEADLINE_DAYS = 30  # GDPR Art. 12(3): one month


def dsar_deadline_days(config: RegistryConfig) -> int:
    """``storage.dsar_deadline_days`` (default 30): by when an erasure must be complete."""
    days = config.storage.dsar_deadline_days
    return DEFAULT_DSAR_DEADLINE_DAYS if days is None else days


#: Layers whose bucket the generated CloudFormation creates, with its lifecycle rules.
BUCKET_LAYERS = ("bronze", "quarantine", "silver")
DEFAULT_QUARANTINE_EXPIRE_AFTER_DAYS = 30


def quarantine_expire_after_days(config: RegistryConfig) -> int:
    """``storage.quarantine_expire_after_days`` (default 30): when quarantined records (the raw
    bytes as received, which may hold personal data) are deleted."""
    days = config.storage.quarantine_expire_after_days
    return DEFAULT_QUARANTINE_EXPIRE_AFTER_DAYS if days is None else days


def noncurrent_days(config: RegistryConfig, layer: str) -> int | None:
    """Days after which noncurrent object versions in a layer's bucket expire: the
    ``s3_noncurrent_versions`` residual entry of that location (the generated CloudFormation
    carries the rule for the :data:`BUCKET_LAYERS`), None when none is declared."""
    days = [
        r.max_days
        for r in config.storage.residual
        if r.kind == "s3_noncurrent_versions" and r.location == layer
    ]
    return min(days) if days else None


def bronze_noncurrent_days(config: RegistryConfig) -> int | None:
    """:func:`noncurrent_days` of bronze."""
    return noncurrent_days(config, "bronze")
