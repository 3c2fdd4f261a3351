"""dbt never evaluates contract prose (#10 item 5), proven with the real dbt-core 1.11.

``{% endraw %}{{ env_var('X') }}{% raw %}`` in a description used to escape the raw block:
``dbt parse`` evaluated it and wrote the secret into target/manifest.json. The hostile
registry (``hostile.py``) carries it in an event description, a field description and an
enum value (an accepted_values argument); the secret is set in dbt's environment.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.dbt import render_dbt
from tests.adversarial.hostile import HOSTILE, HOSTILE_ENUM, SECRET, SECRET_VAR, hostile_registry
from tests.conftest import REPO_ROOT
from tests.lakehouse_fixtures import generation_input

DBT = Path(os.environ.get("LAKECONTRACTS_DBT", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not DBT.is_file(),
        reason=f"no dbt at {DBT}: python -m venv .venv-dbt; .venv-dbt/bin/pip install -e '.[dbt]'",
    ),
]
PROJECT = """name: hostile
version: "1.0"
config-version: 2
profile: hostile
model-paths: [models]
macro-paths: [macros]
"""


def strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return [node] if isinstance(node, str) else []


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    base = tmp_path_factory.mktemp("dbt-hostile")
    project = base / "project"
    for relative, data in render_dbt(generation_input(hostile_registry(base))).items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_bytes(data)
    (project / "dbt_project.yml").write_text(PROJECT)
    (project / "profiles.yml").write_text(
        "hostile:\n  target: dev\n  outputs:\n    dev:\n"
        f"      type: duckdb\n      path: {project / 'dev.duckdb'}\n      threads: 1\n"
    )
    for command in (["parse", "--no-partial-parse"], ["compile", "--select", "test_type:generic"]):
        done = subprocess.run(
            [str(DBT), *command, "--profiles-dir", str(project)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, SECRET_VAR: SECRET, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        )
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    text = (project / "target" / "manifest.json").read_text(encoding="utf-8")
    compiled = [p.read_text() for p in (project / "target" / "compiled").rglob("*.sql")]
    return text + "\n".join(compiled), json.loads(text)


def test_the_secret_never_reaches_the_manifest(manifest: tuple[str, dict[str, Any]]) -> None:
    text, _ = manifest
    assert SECRET not in text


def test_descriptions_survive_literally(manifest: tuple[str, dict[str, Any]]) -> None:
    _, body = manifest
    flat = " ".join(HOSTILE.split())
    found = strings(body["sources"]) + strings(body["nodes"])
    assert flat in found, "the field description is not in the manifest verbatim"
    assert any(s.endswith(flat) for s in found if s.startswith("booking.leg_created v2"))


def test_enum_values_compile_to_sql_literals(manifest: tuple[str, dict[str, Any]]) -> None:
    """accepted_values writes ``'{{ value }}'``: the compiled SQL holds one standard literal."""
    text, _ = manifest
    assert "'" + HOSTILE_ENUM.replace("'", "''") + "'" in text
