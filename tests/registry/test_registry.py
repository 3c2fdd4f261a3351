"""Registry discovery, configuration errors, contract lookup and schema resolution."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from lakecontracts.errors import (
    ContractNotFoundError,
    ContractStructureError,
    RegistryConfigError,
    SchemaResolutionError,
)
from lakecontracts.registry.registry import Registry, find_registry_root
from lakecontracts.registry.resolve import resolve_schema
from tests.conftest import EXAMPLE_REGISTRY


@pytest.fixture
def registry() -> Registry:
    return Registry.open(EXAMPLE_REGISTRY)


def test_example_registry_has_the_seed_events(registry: Registry) -> None:
    events = {c.event for c in registry.contracts()}
    assert len(registry.contracts()) >= 12
    for needed in (
        "booking.leg_created",
        "messaging.message_sent",
        "documents.document_uploaded",
        "identity.user_logged_in",
        "privacy.dsar_tombstone_created",
    ):
        assert needed in events


def test_every_example_contract_resolves_to_valid_draft7(registry: Registry) -> None:
    for contract in registry.contracts():
        schema = resolve_schema(contract, registry.config)
        Draft7Validator.check_schema(schema)
        meta = schema["properties"]["meta"]["properties"]
        assert meta["event"]["const"] == contract.event
        assert meta["v"]["const"] == contract.v
        assert schema["properties"]["payload"]["type"] == "object"


def test_find_newest_active_and_explicit_version(registry: Registry) -> None:
    assert registry.find("booking.leg_created").v == 2
    assert registry.find("booking.leg_created", 1).status == "deprecated"
    with pytest.raises(ContractNotFoundError, match="no version 9"):
        registry.find("booking.leg_created", 9)
    with pytest.raises(ContractNotFoundError) as info:
        registry.find("booking.leg_creatd")
    assert "booking.leg_created" in info.value.hint


def test_discovery_walks_up_and_into_contracts(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    shutil.copy(EXAMPLE_REGISTRY / "registry.yaml", tmp_path / "contracts" / "registry.yaml")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_registry_root(start=nested) == (tmp_path / "contracts").resolve()
    with pytest.raises(RegistryConfigError):
        find_registry_root(explicit=tmp_path / "a")


def test_invalid_registry_config_is_located(tmp_path: Path) -> None:
    text = (EXAMPLE_REGISTRY / "registry.yaml").read_text()
    text = text.replace("default_compatibility: BACKWARD", "default_compatibility: SIDEWAYS")
    (tmp_path / "registry.yaml").write_text(text)
    with pytest.raises(RegistryConfigError) as info:
        Registry.open(tmp_path)
    assert info.value.location is not None
    line = text.splitlines()[info.value.location.line - 1]
    assert "SIDEWAYS" in line


def _registry_with(tmp_path: Path, contract: str) -> Registry:
    shutil.copy(EXAMPLE_REGISTRY / "registry.yaml", tmp_path / "registry.yaml")
    path = tmp_path / "events" / "booking" / "leg_created" / "v1.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(contract)
    return Registry.open(tmp_path)


BASE = """\
event: booking.leg_created
v: 1
status: active
owner: team-bookings
description: A leg was added to a booking.
privacy_tier: internal
"""


def test_scalar_where_a_map_belongs(tmp_path: Path) -> None:
    registry = _registry_with(tmp_path, BASE + "payload: hello\n")
    with pytest.raises(ContractStructureError) as info:
        registry.contracts()
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.col) == (7, 10)


def test_remote_ref_is_refused(tmp_path: Path) -> None:
    registry = _registry_with(
        tmp_path,
        BASE
        + "payload:\n  type: object\n  properties:\n"
        + "    x: {$ref: 'https://example.com/x.json'}\n",
    )
    contract = registry.contracts()[0]
    with pytest.raises(SchemaResolutionError, match="remote") as info:
        resolve_schema(contract, registry.config)
    assert info.value.location is not None and info.value.location.line == 10


def test_invalid_json_schema_keyword_is_located(tmp_path: Path) -> None:
    registry = _registry_with(
        tmp_path,
        BASE + "payload:\n  type: object\n  properties:\n    x: {type: string, minLength: -1}\n",
    )
    with pytest.raises(SchemaResolutionError) as info:
        resolve_schema(registry.contracts()[0], registry.config)
    assert info.value.location is not None and info.value.location.line == 10


def test_local_definitions_are_hoisted(tmp_path: Path) -> None:
    registry = _registry_with(
        tmp_path,
        BASE
        + "payload:\n  type: object\n  definitions:\n    money: {type: integer}\n"
        + "  properties:\n    x: {$ref: '#/definitions/money'}\n",
    )
    schema = resolve_schema(registry.contracts()[0], registry.config)
    assert schema["definitions"] == {"money": {"type": "integer"}}
    assert "definitions" not in schema["properties"]["payload"]


def test_unknown_envelope_keyword_from_an_unquoted_comma_is_refused(tmp_path: Path) -> None:
    text = (EXAMPLE_REGISTRY / "registry.yaml").read_text()
    broken = text.replace(
        'description: "Event name, domain.object_action."',
        "description: Event name, domain.object_action.",
    )
    assert broken != text
    (tmp_path / "registry.yaml").write_text(broken)
    with pytest.raises(RegistryConfigError, match=r"domain\.object_action\.") as info:
        Registry.open(tmp_path)
    assert info.value.location is not None
    assert "Event name" in broken.splitlines()[info.value.location.line - 1]


def test_stitch_rules_load_from_the_registry(registry: Registry) -> None:
    config = registry.config
    user = config.identifier("user_id")
    device = config.identifier("device.ua_hash")
    session = config.identifier("session_id")
    assert user is not None and device is not None and session is not None
    assert (user.stitch.links, user.stitch.max_per_identity, user.lifetime_hours) == (
        "analytics",
        1,
        None,
    )
    assert device.stitch.links == "fraud"
    assert session.lifetime_hours == 24
    assert config.stitch.key_version == 1
    assert "^0+$" in config.stitch.blocked.patterns


def test_a_blocked_pattern_that_does_not_compile_is_located(tmp_path: Path) -> None:
    text = (EXAMPLE_REGISTRY / "registry.yaml").read_text()
    broken = text.replace('patterns: ["^0+$",', 'patterns: ["^(0+$",')
    assert broken != text
    (tmp_path / "registry.yaml").write_text(broken)
    with pytest.raises(RegistryConfigError, match="not a valid regular expression") as info:
        Registry.open(tmp_path)
    assert info.value.location is not None
    assert "^(0+$" in broken.splitlines()[info.value.location.line - 1]
