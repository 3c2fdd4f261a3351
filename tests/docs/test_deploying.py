"""docs/deploying.md's dbt project and profile work: dbt-duckdb builds the generated fragment
over the tutorial's bronze and checks freshness, with exactly the files the page shows."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.docs.test_tutorial import Block, blocks, run_tutorial

DEPLOYING = REPO_ROOT / "docs" / "deploying.md"
DBT = Path(os.environ.get("LAKECONTRACTS_DBT", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
DBT_FILE = re.compile(r"# (dbt/[\w.]+)")


def dbt_blocks() -> tuple[dict[str, str], Block]:
    """The page's dbt files (yaml blocks headed ``# dbt/...``) and the block that runs dbt."""
    found = blocks(DEPLOYING.read_text(encoding="utf-8"))
    files = {}
    for block in found:
        match = DBT_FILE.match(block.body) if block.kind == "yaml" else None
        if match:
            files[match.group(1)] = block.body
    (run,) = [b for b in found if b.kind == "sh" and "dbt build" in b.body]
    return files, run


def test_the_page_shows_a_project_a_profile_and_the_commands() -> None:
    files, run = dbt_blocks()
    assert set(files) == {"dbt/dbt_project.yml", "dbt/profiles.yml"}
    assert "lakecontracts_bronze_root" in files["dbt/dbt_project.yml"]
    assert "dbt source freshness" in run.body


@pytest.mark.slow
@pytest.mark.skipif(
    not DBT.is_file(),
    reason=f"no dbt at {DBT}: python -m venv .venv-dbt; .venv-dbt/bin/pip install -e '.[dbt]'",
)
def test_dbt_builds_the_tutorial_registry_with_the_pages_files(tmp_path: Path) -> None:
    root = tmp_path / "work"
    root.mkdir()
    session = run_tutorial(root)
    files, run = dbt_blocks()
    for relative, text in files.items():
        path = session.cwd / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    session.env["PATH"] = f"{DBT.parent}{os.pathsep}{session.env['PATH']}"
    output = session.run(run, doc="deploying.md")
    assert "Completed successfully" in output
    assert "PASS=" in output and "ERROR=0" in output.replace(" ", "")
