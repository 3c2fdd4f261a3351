"""Issue #13 item 1: keywords no JSON Schema draft defines are annotations, reported once;
``--strict-keywords`` keeps the old fail-closed behaviour; keywords a draft defines but the
engine does not handle stay unknown either way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.vocabulary import is_annotation
from lakecontracts.reporting.vocabulary import Verdict

#: A vendor block like the public schema registry's, at two places in the new schema.
SELF = {"vendor": "com.example", "name": "checkout", "format": "jsonschema", "version": "1-0-1"}
OLD: dict[str, Any] = {
    "type": "object",
    "properties": {"id": {"type": "string"}, "note": {"type": "string"}},
}
NEW: dict[str, Any] = {
    "self": SELF,
    "type": "object",
    "properties": {"id": {"type": "string", "self": SELF}, "note": {"type": "string"}},
}


def test_undefined_keywords_are_annotations_reported_once_per_keyword_and_direction() -> None:
    result = compare_schemas(OLD, NEW)
    assert (result.backward, result.forward) == (Verdict.COMPATIBLE, Verdict.COMPATIBLE)
    notes = [c for c in result.changes if c.rule == "KEYWORD_ANNOTATION"]
    assert [(c.direction.value, c.compatible) for c in notes] == [("backward", Verdict.COMPATIBLE)]
    assert "'self'" in notes[0].reason


def test_strict_keywords_makes_them_unknown() -> None:
    result = compare_schemas(OLD, NEW, strict_keywords=True)
    assert result.backward is Verdict.UNKNOWN
    assert {c.rule for c in result.changes if c.compatible is Verdict.UNKNOWN} == {
        "KEYWORD_UNDERSTOOD"
    }


def test_a_keyword_a_draft_defines_but_the_engine_does_not_handle_stays_unknown() -> None:
    draft = "https://json-schema.org/draft/2020-12/schema"
    old = {"$schema": draft, "type": "object"}
    # alone, unevaluatedProperties reads as additionalProperties; beside allOf it is unknown
    new = {**old, "allOf": [{"properties": {"a": {}}}], "unevaluatedProperties": False}
    assert compare_schemas(old, new).backward is Verdict.UNKNOWN
    assert not is_annotation("unevaluatedProperties") and not is_annotation("then")
    assert is_annotation("self") and is_annotation("x")


def test_diff_cli_strict_keywords_flag(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(OLD), encoding="utf-8")
    new.write_text(json.dumps(NEW), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["diff", str(old), str(new)]).exit_code == 0
    strict = runner.invoke(cli, ["diff", str(old), str(new), "--strict-keywords"])
    assert strict.exit_code == 1 and "KEYWORD_UNDERSTOOD" in strict.output
