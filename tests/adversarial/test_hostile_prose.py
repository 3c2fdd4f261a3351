"""Every codegen target renders hostile prose as data: each artifact parses and holds the text.

Issue #10 items 1 and 5. The registry's leg_created v2 carries a description, a title, an
example, an enum value and a pattern full of what ends strings, comments and templates (see
``hostile.py``); each rendered file is read back by a parser of its own language.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

from lakecontracts.codegen.inputs import Rendered
from lakecontracts.codegen.sql.hive_tables import one_line
from lakecontracts.codegen.targets import TARGETS
from tests.adversarial.hostile import (
    HOSTILE,
    HOSTILE_ENUM,
    HOSTILE_PATTERN,
    SECRET,
    hostile_registry,
)
from tests.aws_constraints import constraint_problems, service_model
from tests.lakehouse_fixtures import generation_input

FLAT = " ".join(HOSTILE.split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    root = hostile_registry(tmp_path_factory.mktemp("hostile"))
    inp = generation_input(root)
    return {target.name: target.render(inp) for target in TARGETS}


def strings(node: Any) -> list[str]:
    """Every string value in a JSON/YAML document."""
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return [node] if isinstance(node, str) else []


def test_every_target_rendered_something(rendered: dict[str, Rendered]) -> None:
    assert all(rendered[t.name] for t in TARGETS)


def test_validators_parse_and_hold_enum_and_pattern_as_constants(
    rendered: dict[str, Rendered],
) -> None:
    for name, data in rendered["validators"].items():
        tree = ast.parse(data.decode(), name)
        assert ast.get_docstring(tree)
    tree = ast.parse(rendered["validators"]["booking__leg_created__v2.py"].decode())
    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert HOSTILE_ENUM in constants
    calls = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    assert "env_var" not in calls and "alert" not in calls


def test_json_schema_holds_every_text_exactly(rendered: dict[str, Rendered]) -> None:
    schema = json.loads(rendered["schemas"]["booking.leg_created/v2.schema.json"])
    found = strings(schema)
    assert HOSTILE in found and HOSTILE_ENUM in found and HOSTILE_PATTERN in found
    manifest = json.loads(rendered["manifest"]["manifest.json"])
    assert manifest["events"]


def _json_files(rendered: dict[str, Rendered]) -> dict[str, Any]:
    return {
        f"{target}/{name}": json.loads(data)
        for target, files in rendered.items()
        for name, data in files.items()
        if name.endswith(".json")
    }


def test_catalog_json_holds_one_line_text_without_control_characters(
    rendered: dict[str, Rendered],
) -> None:
    glue = _json_files({"glue": rendered["glue"]})
    texts = [s for doc in glue.values() for s in strings(doc) if 'Amount """' in s]
    assert texts, "the hostile description reached no Glue request"
    for text in texts:
        assert text.isprintable(), text  # Glue's comment pattern refuses control characters
        head = text.rstrip("…")
        assert head in one_line(HOSTILE, 10_000) or head.split("). ", 1)[-1] in one_line(
            HOSTILE, 10_000
        )


def _cfn_strings(node: Any, in_sub: bool = False) -> list[tuple[str, bool]]:
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            found += _cfn_strings(value, in_sub or key == "Fn::Sub")
        return found
    if isinstance(node, list):
        return [s for value in node for s in _cfn_strings(value, in_sub)]
    return [(node, in_sub)] if isinstance(node, str) else []


def _joined(node: Any) -> Any:
    """Fn::Join with plain parts evaluated, as CloudFormation would."""
    if isinstance(node, dict) and set(node) == {"Fn::Join"}:
        sep, parts = node["Fn::Join"]
        parts = [_joined(p) for p in parts]
        if all(isinstance(p, str) for p in parts):
            return sep.join(parts)
    if isinstance(node, dict):
        return {k: _joined(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_joined(v) for v in node]
    return node


def test_cloudformation_resolves_and_substitutes_nothing_from_contracts(
    rendered: dict[str, Rendered],
) -> None:
    template = json.loads(rendered["cloudformation"]["lakehouse.template.json"])
    for text, in_sub in _cfn_strings(template):
        assert "{{resolve:" not in text, text
        if in_sub:
            rest = text.replace("${AWS::AccountId}", "").replace("${!", "")
            assert "${" not in rest, text
    resources = _joined(template["Resources"])
    table = resources["GlueTableBronzeBookingLegCreatedV2"]["Properties"]["TableInput"]
    assert "{{resolve:secretsmanager:prod:SecretString:pw}}" in table["Description"]
    assert "${AWS::AccountId} ${AWS::Region}" in table["Description"]


def _dbt_env() -> jinja2.Environment:
    """Jinja as dbt runs it (with the `do` extension dbt enables), env_var answering the secret."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.do"])
    env.globals["env_var"] = lambda name, default=None: SECRET
    return env


def test_dbt_yaml_renders_through_jinja_to_the_literal_text(
    rendered: dict[str, Rendered],
) -> None:
    env = _dbt_env()
    seen_description = seen_enum = False
    for name, data in rendered["dbt"].items():
        if not name.endswith(".yml"):
            continue
        if name == "profiles.example.yml":  # no contract text; its own env_var calls only
            assert data.decode().count("env_var(") == 2
            continue
        for text in strings(yaml.safe_load(data)):
            if "{{ var(" in text or "lakecontracts_" in text:
                continue  # the target's own Jinja (bronze root variable, macros)
            out = env.from_string(text).render()
            assert SECRET not in out
            seen_description |= out == FLAT or out.endswith(FLAT)
            seen_enum |= out == HOSTILE_ENUM.replace("'", "''")
    assert seen_description and seen_enum


def test_dbt_sql_models_hold_no_contract_prose(rendered: dict[str, Rendered]) -> None:
    env = _dbt_env()
    for name, data in rendered["dbt"].items():
        if name.endswith(".sql"):
            env.parse(_dbt_blocks_as_macros(data.decode()))
            assert "alert(1)" not in data.decode() and SECRET not in data.decode()


def _dbt_blocks_as_macros(text: str) -> str:
    """dbt's own block tags (a generic ``test``) are macros to Jinja, as dbt compiles them."""
    text = re.sub(r"{%-?\s*test\s", "{% macro test_", text)
    return re.sub(r"{%-?\s*endtest\s*-?%}", "{% endmacro %}", text)


def hive_literals(sql: str) -> tuple[list[str], str]:
    """Decoded '...' literals of Hive DDL, and the text outside literals and identifiers."""
    literals: list[str] = []
    outside: list[str] = []
    i = 0
    escapes = {"n": "\n", "r": "\r", "0": "\x00", "t": "\t"}
    while i < len(sql):
        ch = sql[i]
        if ch == "'":
            j, value = i + 1, []
            while sql[j] != "'":
                if sql[j] == "\\":
                    j += 1
                    value.append(escapes.get(sql[j], sql[j]))
                else:
                    assert sql[j] not in "\n\x00", "raw line break or NUL inside a literal"
                    value.append(sql[j])
                j += 1
            literals.append("".join(value))
            i = j + 1
        elif ch == "`":
            i = sql.index("`", i + 1) + 1
        else:
            outside.append(ch)
            i += 1
    return literals, "".join(outside)


def test_athena_ddl_keeps_prose_inside_literals(rendered: dict[str, Rendered]) -> None:
    comments = []
    for name, data in rendered["athena"].items():
        literals, outside = hive_literals(data.decode())
        assert "DROP" not in outside and "alert" not in outside and "--" not in outside, name
        comments += [text for text in literals if "Amount" in text]
    assert any(text.startswith("Amount") and text.endswith("…") for text in comments)
    assert all(text.isprintable() for text in comments)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def test_catalog_html_shows_prose_as_text_never_as_markup(rendered: dict[str, Rendered]) -> None:
    for name, data in rendered["catalog"].items():
        page = _Page()
        page.feed(data.decode())
        assert "\x00" not in data.decode()
        assert page.tags.count("script") <= 1, name  # the index's own search script only
        assert not any("alert(1)" in s for s in page.scripts), name
    page = _Page()
    page.feed(rendered["catalog"]["events/booking.leg_created.html"].decode())
    shown = "".join(page.text)
    assert "</script><script>alert(1)</script>" in shown
    assert HOSTILE.replace("\x00", "\ufffd") in shown


def _code_spans_removed(line: str) -> str:
    return re.sub(r"(`+).*?\1", "", line)


def test_matrix_markdown_rows_keep_their_cells(rendered: dict[str, Rendered]) -> None:
    (text,) = [data.decode() for data in rendered["matrix"].values()]
    for line in text.splitlines():
        bare = _code_spans_removed(line)
        assert not re.search(r"(?<!\\)<(?!!--)", bare), line  # no raw HTML outside code
    rows = [
        line for line in text.splitlines() if line.startswith("| ") and "VALUES_COVERED" in line
    ]
    assert rows and all(len(re.findall(r"(?<!\\)\|", row)) == 7 for row in rows), rows  # 6 cells


def test_lineage_csv_rows_have_every_column(rendered: dict[str, Rendered]) -> None:
    for name, data in rendered["lineage"].items():
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(data.decode())))
            assert len({len(row) for row in rows}) == 1
        else:
            json.loads(data)


def test_runtime_and_lakeformation_json_parse(rendered: dict[str, Rendered]) -> None:
    for target in ("runtime", "lakeformation"):
        for data in rendered[target].values():
            json.loads(data)


def test_every_artifact_is_utf8_text(rendered: dict[str, Rendered], tmp_path: Path) -> None:
    for files in rendered.values():
        for data in files.values():
            data.decode("utf-8")


def test_glue_requests_with_hostile_prose_fit_the_glue_model(
    rendered: dict[str, Rendered],
) -> None:
    """Glue's comment pattern refuses control characters: one-lined text must still fit."""
    model = service_model("glue")
    for path, data in rendered["glue"].items():
        operation = "CreateTable" if "/" in path else "CreateDatabase"
        shape = model.operation_model(operation).input_shape
        assert constraint_problems(shape, json.loads(data), "") == [], path


@pytest.mark.slow
def test_cfn_lint_accepts_the_hostile_template(
    rendered: dict[str, Rendered], tmp_path: Path
) -> None:
    path = tmp_path / "lakehouse.template.json"
    path.write_bytes(rendered["cloudformation"]["lakehouse.template.json"])
    cfn_lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or "cfn-lint"
    done = subprocess.run(
        [cfn_lint, "--format", "parseable", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert (done.returncode, done.stdout) == (0, ""), done.stdout[-3000:]
