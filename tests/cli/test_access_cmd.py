"""`contracts access`: who sees which columns and rows, from the generated Lake Formation policy."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.conftest import EXAMPLE_REGISTRY


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--registry", str(EXAMPLE_REGISTRY), "access", *args])
    return result.exit_code, result.stdout, result.stderr


def test_one_table_shows_columns_hidden_columns_and_the_row_filter() -> None:
    code, out, _ = run("Support", "silver.fact_bookings", "--format", "json")
    assert code == 0
    (table,) = json.loads(out)["tables"]
    assert table["row_filter"] == "city IN ('lisbon')"
    assert "city" in table["columns"]
    assert not set(table["columns"]) & set(table["hidden"])


def test_a_workspace_sees_more_the_higher_its_tier() -> None:
    def seen(workspace: str) -> set[str]:
        code, out, _ = run(workspace, "--format", "json")
        assert code == 0
        return {t["table"] for t in json.loads(out)["tables"]}

    assert seen("Support") < seen("Trust")


def test_unknown_workspace_and_table_are_usage_errors() -> None:
    code, _, err = run("Nobody")
    assert code == 2 and "Executive" in err
    code, _, err = run("Support", "no_such_table")
    assert code == 2 and "not found" in err
