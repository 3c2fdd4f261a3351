"""``contracts hash``: digest and canonical output, errors left to the CLI's main."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from lakecontracts.cli.hash_cmd import hash_command
from lakecontracts.errors import InputFileError, JsonInputError

DOCUMENT = b'{\n  "b": 1.0,\n  "a": [true, null, "\\u00e9"],\n  "c": {"y": 1e21, "x": -0.0}\n}\n'
CANONICAL = '{"a":[true,null,"é"],"b":1,"c":{"x":0,"y":1e+21}}'.encode()


def test_digest_is_sha256_of_canonical_bytes(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(DOCUMENT)
    result = CliRunner().invoke(hash_command, [str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{hashlib.sha256(CANONICAL).hexdigest()}  {path}\n"


def test_canonical_flag_writes_exact_bytes(tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(DOCUMENT)
    result = CliRunner().invoke(hash_command, ["--canonical", str(path)])
    assert result.exit_code == 0
    assert result.stdout_bytes == CANONICAL


def test_dash_reads_standard_input() -> None:
    result = CliRunner().invoke(hash_command, ["-"], input=DOCUMENT)
    assert result.exit_code == 0
    assert result.output == f"{hashlib.sha256(CANONICAL).hexdigest()}  -\n"


def test_layout_does_not_change_the_digest() -> None:
    runner = CliRunner()
    compact = runner.invoke(hash_command, ["-"], input=CANONICAL).output
    assert compact == runner.invoke(hash_command, ["-"], input=DOCUMENT).output


def test_duplicate_key_raises_json_input_error_with_position(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_bytes(b'{"a": 1,\n "a": 2}')
    result = CliRunner().invoke(hash_command, [str(path)])
    error = result.exception
    assert isinstance(error, JsonInputError)
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.col) == (str(path), 2, 2)
    assert result.output == ""


def test_unreadable_file_raises_input_file_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(hash_command, [str(tmp_path / "missing.json")])
    assert isinstance(result.exception, InputFileError)


def test_help_explains_canonical_form() -> None:
    result = CliRunner().invoke(hash_command, ["--help"])
    assert result.exit_code == 0
    assert "RFC 8785" in result.output
    assert "contracts hash --canonical event.json" in result.output
