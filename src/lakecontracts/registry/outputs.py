"""Where generated files go, from registry.yaml's ``outputs`` section, confined to the repository.

``generate`` writes (and deletes) files at these places, and registry.yaml arrives by pull
request like any contract: a path leaving the registry's repository is refused.
"""

from __future__ import annotations

from pathlib import Path

from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.config import RegistryConfig

DEFAULT_GENERATED = "generated"


def repository_root(config: RegistryConfig) -> Path:
    """The work tree holding the registry: the nearest folder with ``.git``, else the
    registry folder's parent (a registry copied out of git, as in tests)."""
    root = config.root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root.parent


def confined(config: RegistryConfig, key: str, value: str) -> Path:
    """``outputs.<key>`` resolved against the registry root; an error when it leaves the repo."""
    repo = repository_root(config)
    path = (config.root / value).resolve()
    if path != repo and repo not in path.parents:
        raise RegistryConfigError(
            f"outputs.{key} {value!r} resolves to {path}, outside the registry's repository {repo}",
            location=config.outputs.place.location(key),
            hint="generated files stay in the repository that holds registry.yaml; use a path "
            "such as ../generated (relative to registry.yaml)",
        )
    return path


def generated_dir(config: RegistryConfig) -> Path:
    """The folder for generated artifacts, relative to the registry root."""
    return confined(config, "generated", config.outputs.path("generated") or DEFAULT_GENERATED)
