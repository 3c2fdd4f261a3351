"""Pre-commit latency depends on what `contracts` imports before it runs a command.

Command modules import their heavy machinery inside the command body; this keeps `contracts
lint` from paying for codegen targets, the compat engine or the runtime. (Timing is measured
in benchmarks/bench_lint.py, never asserted.)
"""

from __future__ import annotations

import json
import subprocess
import sys

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
