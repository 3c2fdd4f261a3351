"""Generated validators against the official JSON-Schema-Test-Suite (draft 7).

Every test group's schema is compiled into a module in a temporary folder, imported, and
each case's ``valid`` flag must match both ``is_valid`` and ``validate``. Groups outside the
contract subset are skipped here, each with its reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.errors import SchemaResolutionError
from tests.codegen.validator_loading import fast_verdicts, load_validator
from tests.conftest import corpus_missing, shared_dir

SUITE = shared_dir() / "conformance" / "json-schema-test-suite" / "tests" / "draft7"

#: Files run in full: every required keyword file plus the optional ones for what we assert.
OPTIONAL = (
    "optional/bignum.json",
    "optional/ecmascript-regex.json",
    "optional/float-overflow.json",
    "optional/id.json",
    "optional/non-bmp-regex.json",
    "optional/unknownKeyword.json",
    *(
        f"optional/format/{name}.json"
        for name in (
            "date-time",
            "date",
            "time",
            "email",
            "ipv4",
            "ipv6",
            "hostname",
            "uri",
            "unknown",
        )
    ),
)

REMOTE = "remote $ref (network or another document): refused by design"
UNICODE_PROPERTIES = "\\p{...} Unicode property escapes: Python's re has no equivalent"
#: (file, group description) -> why the group is skipped.
SKIPPED_GROUPS = {
    ("definitions.json", "validate definition against metaschema"): REMOTE,
    ("ref.json", "remote ref, containing refs itself"): REMOTE,
    **{
        ("optional/ecmascript-regex.json", description): UNICODE_PROPERTIES
        for description in (
            "pattern with non-ASCII digits",
            "patternProperties with non-ASCII digits",
            "patterns always use unicode semantics with pattern",
            "patterns always use unicode semantics with patternProperties",
        )
    },
}
#: Whole files outside the contract subset.
SKIPPED_FILES = {
    "refRemote.json": REMOTE,
    "optional/cross-draft.json": REMOTE,
    "optional/content.json": "contentMediaType/contentEncoding are annotations in draft 7",
    "optional/format/*": "formats other than uuid, date-time, date, time, email, ipv4, ipv6, "
    "hostname and uri are annotations here (lint refuses them in contracts)",
}


def _files() -> list[str]:
    if not SUITE.is_dir():
        return []
    return sorted(path.name for path in SUITE.glob("*.json")) + list(OPTIONAL)


def _groups() -> list[Any]:
    params = []
    for name in _files():
        for group in json.loads((SUITE / name).read_text(encoding="utf-8")):
            reason = SKIPPED_FILES.get(name) or SKIPPED_GROUPS.get((name, group["description"]))
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            params.append(pytest.param(group, id=f"{name}::{group['description']}", marks=marks))
    return params


pytestmark = pytest.mark.skipif(
    not SUITE.is_dir(), reason=corpus_missing("json-schema-test-suite", SUITE)
)


@pytest.mark.parametrize("group", _groups())
def test_group(group: dict[str, Any], tmp_path: Path) -> None:
    module = load_validator(group["schema"], tmp_path)
    for case in group["tests"]:
        data, expected = case["data"], case["valid"]
        assert module.is_valid(data) is expected, case["description"]
        # The typed fast path, compiled or not, only ever proves validity.
        assert not any(fast_verdicts(module, data)) or expected, ("fast", case["description"])
        errors = module.validate(data)
        assert (errors == []) is expected, (case["description"], errors)
        assert all(isinstance(path, str) and isinstance(msg, str) for path, msg in errors)


def test_every_file_of_the_suite_is_run_or_skipped_with_a_reason() -> None:
    if not SUITE.is_dir():
        pytest.skip(corpus_missing("json-schema-test-suite", SUITE))
    run = set(_files())
    for path in SUITE.rglob("*.json"):
        name = path.relative_to(SUITE).as_posix()
        if name not in run:
            format_file = name.startswith("optional/format/")
            assert name in SKIPPED_FILES or format_file, f"{name} is neither run nor skipped"
    assert len(run) >= 45


@pytest.mark.parametrize("ref", ["http://localhost:1234/integer.json", "other.json#/definitions/a"])
def test_remote_refs_are_refused_with_a_typed_error(ref: str, tmp_path: Path) -> None:
    with pytest.raises(SchemaResolutionError, match="points outside this schema"):
        load_validator({"$ref": ref}, tmp_path)
