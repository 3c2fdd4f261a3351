"""Run the assembled project with dbt from its own environment and read what it built."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lakecontracts.curate.project import CurateProject
from lakecontracts.errors import CurateError, Location

DBT_ENV = "CONTRACTS_DBT"
#: Where `make install-dbt` puts dbt, relative to the repository (dbt never enters .venv).
DBT_VENV = Path(".venv-dbt") / "bin" / "dbt"
RUN_TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class NodeResult:
    name: str
    kind: str  # model | test | ...
    status: str  # success | pass | fail | error | warn | skipped
    message: str


@dataclass
class CurateResult:
    returncode: int
    nodes: list[NodeResult] = field(default_factory=list)
    silver_rows: dict[str, int] = field(default_factory=dict)
    gold_rows: dict[str, int] = field(default_factory=dict)
    private_rows: dict[str, int] = field(default_factory=dict)
    identities: int = 0  # events given an identity_id
    excluded: int = 0  # events left out (DSAR exclusion list)
    log_tail: str = ""

    @property
    def failed(self) -> list[NodeResult]:
        return [n for n in self.nodes if n.status in ("fail", "error")]


def find_dbt(explicit: Path | None, repository: Path) -> Path:
    """dbt to run: --dbt, else $CONTRACTS_DBT, else the repository's .venv-dbt, else PATH."""
    candidates = [explicit, Path(os.environ[DBT_ENV]) if os.environ.get(DBT_ENV) else None]
    for candidate in candidates:
        if candidate is not None:
            if not candidate.is_file():
                raise CurateError(
                    f"no dbt at {candidate}",
                    location=Location(str(candidate)),
                    hint="point --dbt (or CONTRACTS_DBT) at the dbt of the dbt venv",
                )
            return candidate
    local = repository / DBT_VENV
    if local.is_file():
        return local
    on_path = shutil.which("dbt")
    if on_path:
        return Path(on_path)
    raise CurateError(
        f"no dbt found (not at {local}, not on PATH)",
        hint="`make install-dbt` creates .venv-dbt with dbt-core and dbt-duckdb (dbt never "
        "enters the project's .venv)",
    )


def run_dbt(
    dbt: Path,
    project: CurateProject,
    command: str = "build",
    select: str | None = None,
    exclude: str | None = None,
    full_refresh: bool = False,
) -> CurateResult:
    """``dbt <command>`` over the project; results from target/run_results.json."""
    args = [str(dbt), command, *_project_args(project)]
    if full_refresh:
        args.append("--full-refresh")
    if select:
        args += ["--select", select]
    excluded = [*project.exclusions(), *([exclude] if exclude else [])]
    if excluded:
        args += ["--exclude", *excluded]
    results = project.root / "target" / "run_results.json"
    results.unlink(missing_ok=True)
    proc = subprocess.run(
        args,
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )
    if not results.is_file():
        raise CurateError(
            f"dbt {command} wrote no results (exit {proc.returncode}): "
            + _tail(proc.stdout + proc.stderr, 20),
            location=Location(str(project.root)),
            hint="the project did not parse; run `contracts generate` and retry",
        )
    nodes = [_node(r) for r in json.loads(results.read_text(encoding="utf-8"))["results"]]
    return CurateResult(proc.returncode, nodes, log_tail=_tail(proc.stdout, 40))


def parse_dbt(dbt: Path, project: CurateProject) -> Path:
    """``dbt parse`` over the project as :func:`run_dbt` runs it (same variables, profile and
    project): the ``target/manifest.json`` it writes, whose dependencies lineage loads
    (``opsdb.lineage.edges_from_dbt_manifest``). Only bronze tables with files are sources of
    the models (the others are ``where false`` stubs), as in a run."""
    manifest = project.root / "target" / "manifest.json"
    manifest.unlink(missing_ok=True)
    proc = subprocess.run(
        [str(dbt), "parse", *_project_args(project)],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )
    if proc.returncode != 0 or not manifest.is_file():
        raise CurateError(
            f"dbt parse failed (exit {proc.returncode}): " + _tail(proc.stdout + proc.stderr, 20),
            location=Location(str(project.root)),
            hint="run `contracts generate` and retry",
        )
    return manifest


def _project_args(project: CurateProject) -> list[str]:
    root = str(project.root)
    return ["--vars", project.variables(), "--profiles-dir", root, "--project-dir", root]


def count_silver_rows(silver: Path, tables: list[str]) -> dict[str, int]:
    """Rows per Silver table, read back from its Parquet partitions."""
    import pyarrow.dataset as ds

    counts: dict[str, int] = {}
    for table in tables:
        folder = silver / table
        if folder.is_dir() and any(folder.rglob("*.parquet")):
            dataset = ds.dataset(folder, format="parquet", partitioning="hive")
            counts[table] = dataset.count_rows(filter=ds.field("dt").is_valid())
    return counts


def count_gold_rows(gold: Path, models: list[str]) -> dict[str, int]:
    """Rows per Gold model, read back from its Parquet file."""
    import pyarrow.parquet as pq

    return {
        m: pq.ParquetFile(gold / m / "data.parquet").metadata.num_rows
        for m in models
        if (gold / m / "data.parquet").is_file()
    }


def _node(result: dict[str, Any]) -> NodeResult:
    unique_id = str(result.get("unique_id", ""))
    parts = unique_id.split(".")
    return NodeResult(
        name=parts[-1] if parts[0] != "test" else parts[2],
        kind=parts[0],
        status=str(result.get("status", "")),
        message=str(result.get("message") or ""),
    )


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
