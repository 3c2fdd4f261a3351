"""Shared test helpers: where the repository and the shared conformance data live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_REGISTRY = REPO_ROOT / "contracts"


def shared_dir() -> Path:
    """The shared/ folder beside the checkout (override with CONTRACTS_SHARED_DIR)."""
    override = os.environ.get("CONTRACTS_SHARED_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared"


#: The public corpora the conformance tests read from ``<shared>/conformance/<folder>``: where
#: each comes from, so a contributor outside this layout can fetch it and point the tests at it.
CORPORA = {
    "json-schema-test-suite": (
        "https://github.com/json-schema-org/JSON-Schema-Test-Suite (MIT), "
        "commit 44401e0c046704b476ec9d2e2fccdaee618f259d: tests/draft7, tests/draft2020-12, remotes"
    ),
    "rfc8785": (
        "https://github.com/cyberphone/json-canonicalization (Apache-2.0), "
        "commit 19d51d7fe467d4706a3ff08adf8a748f29fc21e0: testdata/"
    ),
    "apicurio-compatibility": (
        "https://github.com/Apicurio/apicurio-registry (Apache-2.0), commit "
        "b40e0173828702a4d9df141c97a32f984fc2eeeb: schema-util/json/src/test/resources/io/"
        "apicurio/registry/rules/compatibility/jsonschema/compatibility-test-data.json"
    ),
}


def corpus_missing(folder: str, expected: Path) -> str:
    """The skip reason when a corpus is absent: what it is, where it comes from, how to point
    the tests at a local copy."""
    return (
        f"conformance corpus {folder!r} not found at {expected}. It is {CORPORA[folder]}. "
        f"Put a copy at <DIR>/conformance/{folder}/ and run with CONTRACTS_SHARED_DIR=<DIR> "
        "(README: Conformance corpora)."
    )


@pytest.fixture
def example_registry_root() -> Path:
    return EXAMPLE_REGISTRY


@pytest.fixture(scope="session")
def _session_opsdb(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('opsdb') / 'ops.sqlite'}"


@pytest.fixture(autouse=True)
def _opsdb_in_tmp(_session_opsdb: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command a test runs records into a throwaway SQLite file, never into the checkout
    (nor into a database CONTRACTS_DB names in the caller's environment)."""
    monkeypatch.setenv("CONTRACTS_DB", _session_opsdb)
