"""Target ``validators``: the generated package, its interface, errors and known differences."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker

from lakecontracts.validator.naming import module_name
from tests.codegen.validator_loading import import_source, load_validator
from tests.conftest import REPO_ROOT

GENERATED = REPO_ROOT / "generated" / "validators"
MANIFEST = json.loads((REPO_ROOT / "generated" / "manifest.json").read_text())
SCHEMA = json.loads(
    (REPO_ROOT / "generated" / "schemas" / "booking.leg_created" / "v2.schema.json").read_text()
)

ENVELOPE: dict[str, Any] = {
    "meta": {
        "event": "booking.leg_created",
        "v": 2,
        "event_id": "0b7a4c7e-3f1d-4c55-9a4b-7d2e8f6a1c3b",
        "occurred_at": "2025-06-14T09:31:07.482Z",
        "sent_at": "2025-06-14T09:31:08+02:00",
        "source": "backend",
        "signature": "3f0c9a7be21d4e58a6b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1",
    },
    "context": {"ids": {"thread_id": "th-1"}, "country": "PT"},
    "payload": {
        "leg_id": "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "booking_id": "7e6d5c4b-3a29-4187-b6a5-f4e3d2c1b0a9",
        "listing_id": "1a2b3c4d-5e6f-4708-9a1b-2c3d4e5f6a7b",
        "amount_minor": 12950,
        "currency": "EUR",
        "starts_on": "2024-02-29",
        "ends_on": "2024-03-08",
        "status": "pending",
    },
}


@pytest.fixture(scope="module")
def package() -> Any:
    sys.path.insert(0, str(GENERATED.parent))
    try:
        yield importlib.import_module("validators")
    finally:
        sys.path.remove(str(GENERATED.parent))


@pytest.fixture(scope="module")
def leg_created(package: Any) -> Any:
    return importlib.import_module(f"validators.{package.VALIDATORS[('booking.leg_created', 2)]}")


def test_module_names_follow_the_interface() -> None:
    assert module_name("booking.leg_created", 2) == "booking__leg_created__v2"


def test_package_maps_every_manifest_event_and_pins_the_manifest_hash(package: Any) -> None:
    assert MANIFEST["manifest_hash"] == package.MANIFEST_HASH
    expected = {(e["event"], e["v"]): module_name(e["event"], e["v"]) for e in MANIFEST["events"]}
    assert expected == package.VALIDATORS
    for entry in MANIFEST["events"]:
        module = importlib.import_module(f"validators.{expected[(entry['event'], entry['v'])]}")
        assert (entry["event"], entry["v"]) == (module.EVENT, module.VERSION)
        assert entry["schema_hash"] == module.SCHEMA_HASH
        assert entry["schema_uri"] == module.SCHEMA_URI


def test_modules_import_only_the_standard_library() -> None:
    for path in GENERATED.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in getattr(node, "names", [])]
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in names:
                    assert name.split(".")[0] in sys.stdlib_module_names, (path.name, name)


def test_valid_envelope(leg_created: Any) -> None:
    assert leg_created.is_valid(ENVELOPE) is True
    assert leg_created.validate(ENVELOPE) == []


def _broken() -> dict[str, Any]:
    envelope: dict[str, Any] = json.loads(json.dumps(ENVELOPE))
    envelope["meta"]["event_id"] = "not-a-uuid"
    envelope["meta"]["v"] = True
    del envelope["payload"]["currency"]
    envelope["payload"]["amount_minor"] = -1
    envelope["payload"]["status"] = "booked"
    envelope["payload"]["ends_on"] = "2023-02-29"
    envelope["payload"]["colour"] = "red"
    envelope["context"]["ids"]["a/b"] = 7
    return envelope


def test_errors_carry_the_json_pointer_and_a_short_message(leg_created: Any) -> None:
    errors = leg_created.validate(_broken())
    assert leg_created.is_valid(_broken()) is False
    assert errors == [
        ("/meta/v", "must be of type integer"),
        ("/meta/event_id", "is not a valid uuid"),
        ("/context/ids/a~1b", "must be of type string"),
        ("/payload", "missing required property 'currency'"),
        ("/payload", "unexpected property 'colour'"),
        ("/payload/amount_minor", "must be >= 0"),
        ("/payload/ends_on", "is not a valid date"),
        ("/payload/status", "must be one of ['pending', 'confirmed', 'cancelled']"),
    ]


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ({"type": "integer"}, True, False),  # booleans are not integers
        ({"type": "integer"}, 1.0, True),  # 1.0 is an integer in draft 7
        ({"type": "integer"}, 2**100, True),
        ({"maximum": 2**64}, 2**64 + 1, False),
        ({"uniqueItems": True}, [1, True], True),
        ({"uniqueItems": True}, [[1], [True]], True),
        ({"uniqueItems": True}, [{"a": 1, "b": 2}, {"b": 2, "a": 1.0}], False),
        ({"uniqueItems": True}, [0.0, -0.0], False),
        ({"enum": [0]}, False, False),
        ({"const": {"a": [1]}}, {"a": [1.0]}, True),
        ({"multipleOf": 0.01}, 0.5, True),
        ({"multipleOf": 0.01}, 0.07, False),  # 0.07 / 0.01 == 7.000000000000001: as the reference
        ({"type": "integer", "multipleOf": 0.5}, 1e308, True),  # quotient overflows
        ({"multipleOf": 0.01}, 0.075, False),
        ({"maxLength": 1}, "\U0001f600", True),  # code points, not UTF-16 units
    ],
)
def test_python_traps(schema: Any, instance: Any, valid: bool, tmp_path: Path) -> None:
    module = load_validator(schema, tmp_path)
    assert module.is_valid(instance) is valid
    assert Draft7Validator(schema).is_valid(instance) is valid


#: Where the jsonschema reference deviates from the draft-7 test suite; we follow the suite.
KNOWN_DIFFERENCES = [
    ({"pattern": "^[A-Z]{3}$"}, "EUR\n", False),  # ECMA-262 $ is the end of input
    ({"pattern": "^\\d+$"}, "\u0660\u0661", False),  # ECMA-262 \d is ASCII only
    ({"format": "date-time"}, "1985-04-12T23:20:50Z\n", False),
    ({"format": "date-time"}, "1998-12-31T23:59:60Z", True),  # leap second
    ({"format": "time"}, "08:30:06Z", True),
    ({"format": "email"}, "te..st@example.com", False),
    ({"format": "hostname"}, "example.", False),
    ({"format": "uuid"}, "0b7a4c7e-3f1d-4c55-9a4b-7d2e8f6a1c3b-", False),
]


@pytest.mark.parametrize(("schema", "instance", "valid"), KNOWN_DIFFERENCES)
def test_known_differences_from_jsonschema(
    schema: Any, instance: Any, valid: bool, tmp_path: Path
) -> None:
    module = load_validator(schema, tmp_path)
    assert module.is_valid(instance) is valid
    assert Draft7Validator(schema, format_checker=FormatChecker()).is_valid(instance) is not valid


def test_generation_is_deterministic(tmp_path: Path) -> None:
    from lakecontracts.validator.compile import compile_module

    first = compile_module(SCHEMA, "t", {"EVENT": "e"})
    assert compile_module(json.loads(json.dumps(SCHEMA)), "t", {"EVENT": "e"}) == first
    assert import_source(first, tmp_path).is_valid(ENVELOPE) is True
