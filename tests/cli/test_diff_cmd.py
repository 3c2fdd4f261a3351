"""``contracts diff OLD NEW``: output shapes, exit codes, modes, drafts and input formats.

Witnesses in the output are re-checked with the jsonschema reference validator against the
WHOLE schemas: the writer's schema (OLD for backward, NEW for forward) accepts the witness and
the reader's rejects it.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lakecontracts.cli.main import cli
from tests.compat.reference import accepts

CLOSED_OLD = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"id": {"type": "string"}},
    "required": ["id"],
}
#: An optional field added to a closed model: backward compatible, not forward.
CLOSED_NEW = {**CLOSED_OLD, "properties": {"id": {"type": "string"}, "note": {"type": "string"}}}
#: A nested field narrowed: the witness must be a whole order, not just an email string.
NESTED_OLD = {
    "type": "object",
    "properties": {
        "customer": {
            "type": "object",
            "properties": {"email": {"type": "string"}},
            "required": ["email"],
        }
    },
    "required": ["customer"],
}
NESTED_NEW = json.loads(json.dumps(NESTED_OLD))
NESTED_NEW["properties"]["customer"]["properties"]["email"]["format"] = "email"
# a back-reference is beyond the pattern automata: forward stays unknown
UNKNOWN_NEW = {"type": "string", "pattern": "^([a-c])\\1$"}
UNKNOWN_OLD = {"type": "string", "pattern": "^[a-z]+$"}

OUTPUT_KEYS = ["mode", "verdict", "backward", "forward", "changes"]
CHANGE_KEYS = {"rule", "path", "direction", "compatible", "reason", "witness"}


def write(folder: Path, name: str, schema: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return path


def diff(old: Path, new: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"diff crashed: {result.exception!r}\n{result.output}")
    return result


def diff_json(old: Any, new: Any, tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = diff(
        write(tmp_path, "old.json", old),
        write(tmp_path, "new.json", new),
        "--format",
        "json",
        *args,
    )
    return result.exit_code, json.loads(result.stdout)


# --------------------------------------------------------------------------- output shapes


def test_json_output_has_the_documented_stable_shape(tmp_path: Path) -> None:
    code, body = diff_json(CLOSED_OLD, CLOSED_NEW, tmp_path)
    assert code == 1
    assert list(body) == OUTPUT_KEYS
    assert (body["mode"], body["verdict"], body["backward"], body["forward"]) == (
        "FULL",
        False,
        True,
        False,
    )
    (change,) = [c for c in body["changes"] if c["compatible"] is not True]
    assert set(change) == CHANGE_KEYS
    assert change["rule"] == "ADDITIONAL_PROPERTIES_COVERED"
    assert (change["path"], change["direction"], change["compatible"]) == (
        "/note",
        "forward",
        False,
    )
    assert "closed content model" in change["reason"]
    assert accepts(CLOSED_NEW, change["witness"]) and not accepts(CLOSED_OLD, change["witness"])


def test_witness_is_a_complete_instance_of_the_whole_schema(tmp_path: Path) -> None:
    code, body = diff_json(NESTED_OLD, NESTED_NEW, tmp_path)
    assert code == 1 and body["backward"] is False and body["forward"] is True
    (change,) = [c for c in body["changes"] if c["compatible"] is False]
    assert (change["rule"], change["path"]) == ("FORMAT_COVERED", "/customer/email")
    witness = change["witness"]
    assert isinstance(witness, dict) and isinstance(witness["customer"]["email"], str)
    assert accepts(NESTED_OLD, witness) and not accepts(NESTED_NEW, witness)


def test_every_witness_in_json_output_is_confirmed(tmp_path: Path) -> None:
    old = {"type": "object", "properties": {"n": {"type": "number"}, "tags": {"type": "array"}}}
    new = {
        "type": "object",
        "properties": {
            "n": {"type": "integer", "maximum": 10},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        },
        "required": ["n"],
    }
    _, body = diff_json(old, new, tmp_path)
    witnessed = [c for c in body["changes"] if "witness" in c]
    assert {c["rule"] for c in witnessed} >= {"TYPE_COVERED", "REQUIRED_COVERED"}
    for change in witnessed:
        writer, reader = (old, new) if change["direction"] == "backward" else (new, old)
        assert accepts(writer, change["witness"]), change
        assert not accepts(reader, change["witness"]), change


def test_text_output_gives_verdicts_changes_and_witnesses(tmp_path: Path) -> None:
    result = diff(write(tmp_path, "o.json", CLOSED_OLD), write(tmp_path, "n.json", CLOSED_NEW))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("backward: compatible")
    assert lines[1].startswith("forward:  INCOMPATIBLE")
    assert lines[2] == "mode FULL: INCOMPATIBLE"
    change = next(i for i, line in enumerate(lines) if "ADDITIONAL_PROPERTIES_COVERED" in line)
    assert re.match(r"^  x ADDITIONAL_PROPERTIES_COVERED /note \[forward\] .+", lines[change])
    witness = lines[change + 1].strip()
    assert witness.startswith("witness: ")
    assert accepts(CLOSED_NEW, json.loads(witness.removeprefix("witness: ")))


def test_unknown_changes_are_marked_and_explained_in_text(tmp_path: Path) -> None:
    result = diff(write(tmp_path, "o.json", UNKNOWN_OLD), write(tmp_path, "n.json", UNKNOWN_NEW))
    unknown = [line for line in result.stdout.splitlines() if line.startswith("  ? ")]
    assert len(unknown) == 1
    assert "PATTERN_COVERED" in unknown[0] and "[forward]" in unknown[0]
    assert "cannot decide" in unknown[0]


def test_json_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    old, new = write(tmp_path, "o.json", NESTED_OLD), write(tmp_path, "n.json", NESTED_NEW)
    runs = {diff(old, new, "--format", "json").stdout for _ in range(3)}
    assert len(runs) == 1


# --------------------------------------------------------------------------- exit codes and modes


@pytest.mark.parametrize(
    ("mode", "code"),
    [
        ("BACKWARD", 0),
        ("BACKWARD_TRANSITIVE", 0),
        ("FORWARD", 1),
        ("FORWARD_TRANSITIVE", 1),
        ("FULL", 1),
        ("FULL_TRANSITIVE", 1),
        ("NONE", 0),
        ("backward", 0),
    ],
)
def test_modes_decide_the_exit_code(mode: str, code: int, tmp_path: Path) -> None:
    exit_code, body = diff_json(CLOSED_OLD, CLOSED_NEW, tmp_path, "--mode", mode)
    assert exit_code == code
    assert body["mode"] == mode.upper()
    assert body["verdict"] is (code == 0)


def test_identical_schemas_exit_0_under_full(tmp_path: Path) -> None:
    code, body = diff_json(NESTED_OLD, NESTED_OLD, tmp_path)
    assert code == 0 and body["verdict"] is True and body["changes"] == []


def test_mode_none_exits_0_even_when_both_directions_break(tmp_path: Path) -> None:
    code, body = diff_json({"type": "integer"}, {"type": "string"}, tmp_path, "--mode", "NONE")
    assert code == 0
    assert body["backward"] is False and body["forward"] is False and body["verdict"] is True


def test_unknown_fails_unless_allowed(tmp_path: Path) -> None:
    code, body = diff_json(UNKNOWN_OLD, UNKNOWN_NEW, tmp_path, "--mode", "FORWARD")
    assert code == 1 and body["verdict"] == "unknown" and body["forward"] == "unknown"
    code, _ = diff_json(UNKNOWN_OLD, UNKNOWN_NEW, tmp_path, "--mode", "FORWARD", "--allow-unknown")
    assert code == 0


def test_allow_unknown_does_not_excuse_a_break(tmp_path: Path) -> None:
    code, body = diff_json(UNKNOWN_OLD, UNKNOWN_NEW, tmp_path, "--allow-unknown")
    assert body["backward"] is False and code == 1


def test_unknown_mode_is_a_usage_error(tmp_path: Path) -> None:
    old = write(tmp_path, "o.json", CLOSED_OLD)
    result = diff(old, old, "--mode", "SIDEWAYS")
    assert result.exit_code == 2 and "SIDEWAYS" in result.stderr


def test_invalid_json_exits_2_naming_file_line_and_column(tmp_path: Path) -> None:
    old = write(tmp_path, "old.json", CLOSED_OLD)
    bad = tmp_path / "new.json"
    bad.write_text('{\n  "type": "object",\n  "properties": {,}\n}\n', encoding="utf-8")
    result = diff(old, bad)
    assert result.exit_code == 2
    assert re.search(r"new\.json:3:\d+: invalid JSON", result.stderr), result.stderr
    assert result.stdout == ""


def test_missing_file_exits_2(tmp_path: Path) -> None:
    old = write(tmp_path, "old.json", CLOSED_OLD)
    result = diff(old, tmp_path / "absent.json")
    assert result.exit_code == 2
    assert "absent.json" in result.stderr and "Traceback" not in result.output


def test_remote_ref_exits_2_without_touching_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    remote = {"type": "object", "properties": {"a": {"$ref": "https://example.com/s.json#/a"}}}
    result = diff(write(tmp_path, "o.json", CLOSED_OLD), write(tmp_path, "n.json", remote))
    assert result.exit_code == 2
    assert "remote $ref 'https://example.com/s.json#/a' at #/properties/a" in result.stderr
    assert "hint:" in result.stderr


def test_invalid_schema_exits_2_with_the_place(tmp_path: Path) -> None:
    broken = {"type": "object", "properties": {"a": {"minLength": -1}}}
    result = diff(write(tmp_path, "o.json", CLOSED_OLD), write(tmp_path, "n.json", broken))
    assert result.exit_code == 2
    assert "#/properties/a/minLength" in result.stderr and "Traceback" not in result.output


def test_real_entry_point_exit_codes(tmp_path: Path) -> None:
    old, new = write(tmp_path, "o.json", CLOSED_OLD), write(tmp_path, "n.json", CLOSED_NEW)

    def run(*args: str) -> int:
        command = [sys.executable, "-m", "lakecontracts", "diff", *args]
        return subprocess.run(command, capture_output=True, timeout=120).returncode

    assert run(str(old), str(new), "--mode", "BACKWARD") == 0
    assert run(str(old), str(new), "--mode", "FORWARD") == 1
    assert run(str(old), str(tmp_path / "missing.json")) == 2


# --------------------------------------------------------------------------- drafts and formats

D4 = "http://json-schema.org/draft-04/schema#"
D19 = "https://json-schema.org/draft/2019-09/schema"
D20 = "https://json-schema.org/draft/2020-12/schema"


def test_draft_04_boolean_exclusive_maximum(tmp_path: Path) -> None:
    old = {"$schema": D4, "type": "number", "maximum": 10}
    new = {**old, "exclusiveMaximum": True}
    code, body = diff_json(old, new, tmp_path, "--mode", "BACKWARD")
    assert code == 1 and body["backward"] is False and body["forward"] is True
    (change,) = [c for c in body["changes"] if c["compatible"] is False]
    assert change["rule"] == "MAXIMUM_COVERED" and change["witness"] == 10


def test_draft_2019_09_dependent_required(tmp_path: Path) -> None:
    base = {"$schema": D19, "type": "object", "properties": {"a": {}, "b": {}}}
    new = {**base, "dependentRequired": {"a": ["b"]}}
    code, body = diff_json(base, new, tmp_path, "--mode", "BACKWARD")
    assert code == 1
    (change,) = [c for c in body["changes"] if c["compatible"] is False]
    assert change["rule"] == "DEPENDENCIES_COVERED"
    assert "a" in change["witness"] and "b" not in change["witness"]


def test_draft_2020_12_prefix_items(tmp_path: Path) -> None:
    old = {"$schema": D20, "type": "array", "prefixItems": [{"type": "string"}], "items": False}
    new = {**old, "prefixItems": [{"type": "string"}, {"type": "integer"}]}
    code, body = diff_json(old, new, tmp_path, "--mode", "BACKWARD")
    assert code == 0 and body["forward"] is False
    (change,) = [c for c in body["changes"] if c["compatible"] is False]
    assert (change["rule"], change["path"], change["direction"]) == (
        "SCHEMA_NOT_FALSE",
        "/1",
        "forward",
    )
    assert accepts(new, change["witness"]) and not accepts(old, change["witness"])


def test_yaml_input(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(
        "type: object\nadditionalProperties: false\nproperties:\n  id: {type: string}\n"
        "required: [id]\n",
        encoding="utf-8",
    )
    new = tmp_path / "new.yml"
    new.write_text(
        "type: object\nadditionalProperties: false\nproperties:\n  id: {type: string}\n"
        "  note: {type: string}\nrequired: [id]\n",
        encoding="utf-8",
    )
    result = diff(old, new, "--format", "json")
    body = json.loads(result.stdout)
    assert result.exit_code == 1 and body["backward"] is True and body["forward"] is False
    assert diff(old, new, "--mode", "BACKWARD").exit_code == 0


def test_yaml_syntax_error_exits_2_with_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "new.yaml"
    bad.write_text("type: object\nproperties:\n  a: {type: string\n", encoding="utf-8")
    result = diff(write(tmp_path, "o.json", CLOSED_OLD), bad)
    assert result.exit_code == 2
    assert re.search(r"new\.yaml:\d+:\d+", result.stderr), result.stderr


def test_an_oversize_schema_file_is_refused_before_reading(tmp_path: Path) -> None:
    from lakecontracts.compat.root import MAX_SCHEMA_BYTES

    small = write(tmp_path, "old.json", CLOSED_OLD)
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_SCHEMA_BYTES + 1)  # sparse: nothing is written or read
    result = CliRunner().invoke(cli, ["diff", str(small), str(big)])
    assert result.exit_code == 2
    assert "big.json" in result.output and "byte limit" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_integer_bounds_past_2_53_are_compared_exactly(tmp_path: Path) -> None:
    """Issue #13 item 2: int64 bounds were refused as inexact doubles (exit 2)."""
    int64 = {"type": "integer", "maximum": 9223372036854775807}
    one_less = {"type": "integer", "maximum": 9223372036854775806}
    old, new = write(tmp_path, "old.json", int64), write(tmp_path, "new.json", one_less)
    result = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert (report["backward"], report["forward"]) == (False, True)
    assert report["changes"][0]["witness"] == 9223372036854775807
