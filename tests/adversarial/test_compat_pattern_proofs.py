"""Pattern changes the engine used to wave through or leave unknown (#13 item 3)."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.reporting.vocabulary import Verdict


def test_anchored_dot_star_is_not_every_string() -> None:
    # '^.*$' was listed as trivial, but '.' stops at a newline: "\na" is rejected
    result = compare_schemas({"type": "string"}, {"type": "string", "pattern": "^.*$"})
    assert result.backward is Verdict.INCOMPATIBLE
    (change,) = [c for c in result.changes if c.compatible is Verdict.INCOMPATIBLE]
    assert not Draft202012Validator({"type": "string", "pattern": "^.*$"}).is_valid(change.witness)


def test_narrower_pattern_is_proven_compatible() -> None:
    old = {"type": "string", "pattern": "^[a-z]+$"}
    new = {"type": "string", "pattern": "^[a-z0-9_]+$"}
    result = compare_schemas(old, new)
    assert result.backward is Verdict.COMPATIBLE
    assert result.forward is Verdict.INCOMPATIBLE


def test_dependency_schema_witness_is_found() -> None:
    base = {"type": "object", "properties": {"a": {"type": "string"}}}
    with_dep = {**base, "dependencies": {"a": {"properties": {"b": {"type": "string"}}}}}
    result = compare_schemas(base, with_dep)
    assert result.backward is Verdict.INCOMPATIBLE
    assert compare_schemas(with_dep, base).backward is Verdict.COMPATIBLE


def test_max_length_is_proven_by_the_writer_pattern() -> None:
    old = {"type": "string", "pattern": "^[a-f]{8}\\Z|^[0-9]{4}\\Z"}
    assert compare_schemas(old, {**old, "maxLength": 8}).backward is Verdict.COMPATIBLE
    assert compare_schemas(old, {**old, "minLength": 4}).backward is Verdict.COMPATIBLE


def test_dollar_allows_a_trailing_newline_past_max_length() -> None:
    # re's '$' matches before a final newline, so a 9-character value passes the old schema
    old = {"type": "string", "pattern": "^[a-f]{8}$"}
    result = compare_schemas(old, {**old, "maxLength": 8})
    assert result.backward is Verdict.INCOMPATIBLE
    (change,) = [c for c in result.changes if c.compatible is Verdict.INCOMPATIBLE]
    assert change.witness.endswith("\n") and len(change.witness) == 9
    assert Draft202012Validator(old).is_valid(change.witness)
