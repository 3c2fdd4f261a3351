"""Where the compatibility matrix page goes (light: ``generate`` needs it on every run, also
when the matrix itself comes from the cache and its renderer is never imported)."""

from __future__ import annotations

from pathlib import Path

from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.outputs import confined, generated_dir

CONFIG_KEY = "compatibility_matrix"
MATRIX_FOLDER = "matrix"  # under outputs.generated when registry.yaml names no path
MATRIX_FILE = "compatibility_matrix.md"


def matrix_path(config: RegistryConfig) -> Path:
    """The page's path: ``outputs.compatibility_matrix`` relative to the registry root."""
    value = config.outputs.path(CONFIG_KEY)
    if value is None:
        return generated_dir(config) / MATRIX_FOLDER / MATRIX_FILE
    relative = Path(value)
    if relative.is_absolute() or value.endswith("/") or relative.name in ("", ".", ".."):
        raise RegistryConfigError(
            f"outputs.{CONFIG_KEY} must be a relative path to a file, got {value!r}",
            location=config.outputs.place.location(CONFIG_KEY),
            hint=f"for example ../docs/data/events/{MATRIX_FILE} (relative to registry.yaml)",
        )
    return confined(config, CONFIG_KEY, value)


def matrix_base(config: RegistryConfig) -> Path:
    return matrix_path(config).parent
