"""Pre-commit latency depends on what `contracts` imports before it runs a command.

Command modules import their heavy machinery inside the command body; this keeps `contracts
lint` from paying for codegen targets, the compat engine or the runtime. (Timing is measured
in benchmarks/bench_lint.py, never asserted.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import click

from lakecontracts.cli.main import COMMANDS, cli
from tests.conftest import REPO_ROOT

HEAVY = (
    "lakecontracts.codegen.targets",
    "lakecontracts.compat.engine",
    "lakecontracts.runtime.pipeline",
    "jinja2",
    "pyspark",
    "git",
    "duckdb",
    "scipy",
    "pyarrow",
    "sqlalchemy",
    "alembic",
    "croniter",
    "openlineage",
)


def test_cli_import_does_not_load_heavy_modules() -> None:
    code = "import json, sys; import lakecontracts.cli.main; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], text=True)))
    assert [m for m in HEAVY if m in loaded] == []


def test_lint_of_one_file_loads_only_its_own_command_module() -> None:
    code = (
        "import json, sys\n"
        "from lakecontracts.cli.main import cli\n"
        "try:\n"
        "    cli(['--registry', sys.argv[1], 'lint', sys.argv[2]], standalone_mode=False)\n"
        "finally:\n"
        "    print(json.dumps(sorted(sys.modules)))\n"
    )
    contract = next(iter(sorted((REPO_ROOT / "contracts" / "events").rglob("v1.yaml"))))
    args = [sys.executable, "-c", code, str(REPO_ROOT / "contracts"), str(contract)]
    out = subprocess.run(args, capture_output=True, text=True, check=False).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    commands = sorted(
        m for m in loaded if m.startswith("lakecontracts.cli.") and m.endswith("_cmd")
    )
    assert commands == ["lakecontracts.cli.lint_cmd"]
    assert [m for m in (*HEAVY, "lakecontracts.runtime.signatures") if m in loaded] == []


def test_every_listed_command_loads_under_its_name() -> None:
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert names == sorted(COMMANDS)
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
    assert cli.get_command(ctx, "no-such-command") is None
