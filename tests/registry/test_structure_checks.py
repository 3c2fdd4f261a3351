"""The prebuilt structure checks (registry/structure_checks/) match the bundled schemas.

They exist so `contracts lint FILE` does not compile fastjsonschema code on every run; they
must never disagree with a check compiled from the schema itself.
"""

from __future__ import annotations

import copy
import importlib
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
import yaml

from lakecontracts.registry import structure
from tests.conftest import EXAMPLE_REGISTRY

REBUILD = "schema changed: run .venv/bin/python scripts/build_structure_checks.py and commit"


def _prebuilt(name: str) -> Any:
    return importlib.import_module(
        f"{structure.PREBUILT_PACKAGE}.{structure.prebuilt_module_name(name)}"
    )


@pytest.mark.parametrize("name", structure.PREBUILT)
def test_prebuilt_check_is_built_from_the_bundled_schema(name: str) -> None:
    assert structure.schema_sha256(name) == _prebuilt(name).SCHEMA_SHA256, REBUILD


@pytest.mark.parametrize("name", structure.PREBUILT)
def test_the_prebuilt_check_is_what_runs(name: str) -> None:
    assert structure._fast_check(name) is _prebuilt(name).validate


def _verdict(check: Any, data: Any) -> bool:
    try:
        check(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _mutations(doc: dict[str, Any]) -> list[Any]:
    found: list[Any] = [doc, {}, [], "text", None]
    for key in list(doc):
        dropped = copy.deepcopy(doc)
        del dropped[key]
        found.append(dropped)
        wrong: tuple[object, ...] = (None, 1.5, "x", [], {"unexpected": True})
        for bad in wrong:
            changed = copy.deepcopy(doc)
            changed[key] = bad
            found.append(changed)
    extra = copy.deepcopy(doc)
    extra["not_a_key"] = 1
    found.append(extra)
    return found


def _documents(name: str) -> list[Any]:
    if name == "registry":
        return _mutations(yaml.safe_load((EXAMPLE_REGISTRY / "registry.yaml").read_text()))
    if name == "contract":
        docs: list[Any] = []
        for path in sorted(Path(EXAMPLE_REGISTRY, "events").rglob("v*.yaml")):
            docs.extend(_mutations(yaml.safe_load(path.read_text())))
        return docs
    return _mutations({"waivers": [{"id": "W1", "reason": "r", "expires": "2027-01-01"}]})


@pytest.mark.parametrize("name", structure.PREBUILT)
def test_prebuilt_and_freshly_compiled_checks_agree(name: str) -> None:
    fresh = fastjsonschema.compile(structure.bundled_schema(name), use_default=False)
    prebuilt = _prebuilt(name).validate
    docs = _documents(name)
    verdicts = [_verdict(prebuilt, doc) for doc in docs]
    assert verdicts == [_verdict(fresh, doc) for doc in docs]
    assert True in verdicts or name == "compat-waivers"
    assert False in verdicts
