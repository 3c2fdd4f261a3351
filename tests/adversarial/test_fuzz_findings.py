"""Inputs the fuzz targets (tests/fuzz) found escaping as tracebacks instead of typed errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.compat.compare import compare_schemas
from lakecontracts.errors import SchemaResolutionError, YamlSyntaxError
from lakecontracts.registry.yamlsource import parse_yaml
from lakecontracts.reporting.vocabulary import Verdict
from tests.compat.reference import accepts


@pytest.mark.parametrize("digits", ["9" * 5000, "-" + "1" * 4301])
def test_a_huge_yaml_integer_is_a_located_yaml_error(digits: str) -> None:
    with pytest.raises(YamlSyntaxError, match="too long") as caught:
        parse_yaml(f"event: x\nsize: {digits}\n", "v1.yaml")
    assert caught.value.location is not None and caught.value.location.line == 2


@pytest.mark.parametrize("meta", [[], {}, 7, None])
def test_a_non_string_dollar_schema_is_a_schema_error(meta: object) -> None:
    with pytest.raises(SchemaResolutionError, match=r"\$schema"):
        compare_schemas({"type": "string"}, {"$schema": meta})


def test_diff_exits_2_on_a_non_string_dollar_schema(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text("{}", encoding="utf-8")
    new.write_text(json.dumps({"$schema": []}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert result.exit_code == 2 and "$schema" in result.output


@pytest.mark.parametrize(
    "schema",
    [
        {"pattern": "["},
        {"properties": {"a": {"patternProperties": {"(": {}}}}},
        {"items": [{"pattern": "a{2,1}"}]},
        {"definitions": {"d": {"not": {"pattern": "(?<name>x)"}}}},
    ],
)
def test_a_pattern_python_re_cannot_compile_is_a_schema_error(schema: dict[str, object]) -> None:
    with pytest.raises(SchemaResolutionError, match="not a regular expression"):
        compare_schemas(False, schema)


@pytest.mark.parametrize(
    "schema",
    [
        {"allOf": [{"$ref": "#"}]},
        {"anyOf": [{"type": "string"}, {"$ref": "#"}]},
        {"not": {"$ref": "#"}},
        {"if": {"$ref": "#"}, "then": {}},
        {"dependencies": {"a": {"$ref": "#", "oneOf": [{"minLength": 5}, True]}}},
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "dependentSchemas": {"a": {"$ref": "#"}},
        },
        {
            "definitions": {
                "a": {"$ref": "#/definitions/b"},
                "b": {"oneOf": [{"$ref": "#/definitions/a"}]},
            }
        },
    ],
)
def test_a_ref_cycle_that_never_descends_is_a_schema_error(schema: dict[str, object]) -> None:
    with pytest.raises(SchemaResolutionError, match="never descends"):
        compare_schemas(schema, {"type": "string"})


def test_a_ref_cycle_through_properties_is_still_compared() -> None:
    tree = {"type": "object", "properties": {"child": {"$ref": "#"}}}
    result = compare_schemas(tree, {**tree, "required": ["child"]})
    assert result.backward is Verdict.INCOMPATIBLE and result.forward is Verdict.COMPATIBLE


def test_nesting_deeper_than_the_limit_is_a_schema_error_not_a_recursion_error() -> None:
    from lakecontracts.compat.guards import MAX_NESTING

    deep: dict[str, object] = {}
    for _ in range(MAX_NESTING):
        deep = {"not": deep}
    with pytest.raises(SchemaResolutionError, match="nested more than"):
        compare_schemas(deep, {})


@pytest.mark.parametrize("pattern", [".*", "", "^", "\\w*|\\W"])
def test_a_writer_pattern_matching_every_name_does_not_hang_compat(
    pattern: str, tmp_path: Path
) -> None:
    """``_fresh_name`` looked for a property name no writer pattern matches, forever."""
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"type": "object", "patternProperties": {pattern: {}}}), "utf-8")
    new.write_text(json.dumps({"type": "object", "additionalProperties": False}), "utf-8")
    command = [
        sys.executable,
        "-m",
        "lakecontracts",
        "diff",
        str(old),
        str(new),
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr.decode()
    assert json.loads(done.stdout)["backward"] in (False, "unknown")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"type": "number", "multipleOf": 0.5}, {"type": "number", "maximum": 1e308}),
        ({"multipleOf": 0.5}, {"exclusiveMaximum": 1.7e308}),
        ({"contentEncoding": "base64", "multipleOf": 1e308}, {"maximum": 1.7e308}),
    ],
)
def test_a_reference_validator_overflow_on_a_candidate_is_not_a_crash(
    old: dict[str, object], new: dict[str, object]
) -> None:
    """Bounds near 1.8e308 made example numbers overflow to infinity (OverflowError in the
    example generator), and jsonschema's multipleOf raises on an infinite instance (Fraction
    of 'inf'); an instance the reference validator cannot judge confirms nothing."""
    result = compare_schemas(old, new)
    for change in result.changes:
        if change.compatible is Verdict.INCOMPATIBLE:
            writer, reader = (old, new) if change.direction.value == "backward" else (new, old)
            assert accepts(writer, change.witness) and not accepts(reader, change.witness)


@pytest.mark.parametrize("value", [False, [], {}, 3])
def test_a_non_string_content_encoding_is_a_schema_error(value: object) -> None:
    """Draft-04's meta-schema does not type contentEncoding: False crashed with
    AttributeError ('bool' has no 'lower'), [] with TypeError (unhashable list)."""
    draft4 = "http://json-schema.org/draft-04/schema#"
    old = {"$schema": draft4, "type": "string", "contentEncoding": "base64"}
    new = {"$schema": draft4, "type": "string", "contentEncoding": value}
    with pytest.raises(SchemaResolutionError, match="contentEncoding"):
        compare_schemas(old, new)


def test_a_schema_error_names_its_place_as_an_escaped_pointer() -> None:
    draft4 = "http://json-schema.org/draft-04/schema#"
    bad = {"type": "string", "contentEncoding": 7}
    new = {"$schema": draft4, "type": "object", "properties": {"a/b~c": bad}}
    with pytest.raises(SchemaResolutionError, match=r"at #/properties/a~1b~0c must be"):
        compare_schemas({"$schema": draft4, "type": "object"}, new)


def test_an_infinite_candidate_under_an_integer_multiple_of_is_not_a_crash() -> None:
    """{"multipleOf": 1e308} against {"multipleOf": 1}: Fraction('inf') (ValueError)."""
    result = compare_schemas({"multipleOf": 1e308}, {"multipleOf": 1})
    assert result.forward is Verdict.INCOMPATIBLE  # the writer sends 1, no multiple of 1e308
