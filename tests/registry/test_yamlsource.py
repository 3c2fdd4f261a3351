"""The loader keeps positions and turns hostile or broken YAML into one located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts.errors import InputFileError, YamlSyntaxError
from lakecontracts.registry.yamlsource import MAX_FILE_BYTES, load_yaml_file, parse_yaml


def test_positions_of_keys_and_values() -> None:
    doc = parse_yaml("a: 1\nb:\n  - x\n  - {y: z}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"y": "z"}]}
    assert doc.value_marks[("a",)] == (1, 4)
    assert doc.key_marks[("b",)] == (2, 1)
    assert doc.value_marks[("b", 1, "y")] == (4, 9)
    assert str(doc.location(("b", 1, "missing"))) == "f.yaml:4:5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: 1", 1),
        ("v: 0x1f", 31),
        ("v: 0o17", 15),
        ("v: 1.5", 1.5),
        ("v: 1e3", 1000.0),
        ("v: no", "no"),  # YAML 1.2 core schema: no Norway problem
        ("v: yes", "yes"),
        ("v: true", True),
        ("v: ~", None),
        ("v:", None),
        ("v: '1'", "1"),
        ("v: 2026-01-01", "2026-01-01"),  # dates stay strings (JSON has no date type)
    ],
)
def test_core_schema_scalars(text: str, expected: object) -> None:
    value = parse_yaml(text, "f.yaml").data["v"]
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first defined at line 1)"),
        ("a: &x [1, 2]\nb: *x\n", 1, 4, "anchor"),
        ("a: [1]\nb: *x\n", 2, 4, "alias"),
        ("a:\n\tb: 1\n", 2, 1, "YAML syntax error"),
        ("a: !!python/object:os.system x\n", 1, 4, "explicit YAML tag"),
        ("a: .nan\n", 1, 4, "not finite"),
        ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
        ("a: [1, 2\n", 2, 1, "YAML syntax error"),
        ("? [a, b]\n: 1\n", 1, 3, "mapping keys must be plain strings"),
    ],
)
def test_broken_yaml_gives_one_located_error(text: str, line: int, col: int, words: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml(text, "f.yaml")
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.col) == (line, col)
    assert words in info.value.message
    assert info.value.hint


def test_alias_bomb_is_refused_before_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    with pytest.raises(YamlSyntaxError, match="anchor"):
        parse_yaml(bomb, "bomb.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 10_000 + "]" * 10_000,
        "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 10_000)),
    ],
    ids=["flow", "block"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml(text, "deep.yaml")
    assert info.value.location is not None and info.value.location.line >= 1


def test_non_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(InputFileError) as info:
        load_yaml_file(path, "bad.yaml")
    assert str(info.value.location) == "bad.yaml:2:7"
    assert "0xe9" in info.value.message


def test_oversized_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse 50 MB file
    with pytest.raises(InputFileError, match="larger than"):
        load_yaml_file(path)
    assert MAX_FILE_BYTES < 50 * 1024 * 1024


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="cannot read"):
        load_yaml_file(tmp_path / "nope.yaml")
