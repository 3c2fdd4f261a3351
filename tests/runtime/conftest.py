"""A generated/ folder for runtime tests, built from the example registry by the real codegen.

The runtime reads only generated files. Tests build them into a temporary folder with the
project's own targets (manifest, schemas, runtime config, validators), so they never depend on
whether the checked-in generated/ is fresh.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.targets import TARGETS
from lakecontracts.registry.registry import Registry
from lakecontracts.runtime.assemble import STATE_STORES
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from tests.conftest import EXAMPLE_REGISTRY

RUNTIME_TARGETS = ("manifest", "schemas", "runtime", "validators")


def build_generated(out: Path, registry_root: Path = EXAMPLE_REGISTRY) -> Path:
    """Write the runtime's generated files for a registry into ``out``."""
    inp = GenerationInput.from_registry(Registry.open(registry_root))
    for target in TARGETS:
        if target.name in RUNTIME_TARGETS:
            base = out / target.folder if target.folder else out
            for relative, data in target.render(inp).items():
                path = base / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
    return out


@pytest.fixture(scope="session")
def generated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="session")
def index(generated_dir: Path) -> ManifestIndex:
    return load_index(generated_dir)


@pytest.fixture(params=sorted(STATE_STORES))
def state_store(request: pytest.FixtureRequest) -> str:
    """Each ``--state-store``: tests of the state protocol run against every store."""
    store: str = request.param
    return store
