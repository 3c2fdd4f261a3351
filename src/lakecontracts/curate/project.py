"""A runnable dbt project around the generated fragment, in a work folder under the lake.

The generated fragment (``generated/dbt``) has models, sources and macros but no project or
profile: a deployment brings its own (docs/deploying.md). The embedded engine's are written
here: dbt-duckdb, one DuckDB file in the work folder, bronze and Silver roots as variables.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from lakecontracts.codegen.dbt.gold import GOLD_ROOT_VAR
from lakecontracts.codegen.dbt.macros import EVENT_IDENTITY_VAR, EXCLUDED_EVENTS_VAR
from lakecontracts.codegen.dbt.silver import SILVER_PRIVATE_ROOT_VAR, SILVER_ROOT_VAR
from lakecontracts.codegen.dbt.sql import BRONZE_ROOT_VAR, BRONZE_TABLES_VAR
from lakecontracts.errors import CurateError, Location
from lakecontracts.registry.naming import versioned_name

PROJECT_NAME = "lakecontracts_curate"
FRAGMENT_PARTS = ("models", "macros")


@dataclass(frozen=True)
class CurateProject:
    root: Path
    bronze: Path
    silver: Path
    source: str  # the bronze source's name (catalog.bronze_database)
    present: tuple[str, ...]  # bronze tables that hold files
    absent: tuple[str, ...]  # bronze tables of the project with no file yet
    #: Parquet files the Silver models read: DSAR-excluded event IDs, event -> identity_id.
    excluded_events: Path | None = None
    event_identity: Path | None = None

    @property
    def silver_private(self) -> Path:
        """The hashed companions beside Silver: ``<silver>/../silver_private/<table>``."""
        return self.silver.parent / "silver_private"

    @property
    def gold(self) -> Path:
        """Gold Parquet beside Silver: ``<silver>/../gold/<model>/data.parquet``."""
        return self.silver.parent / "gold"

    def gold_models(self) -> list[str]:
        return sorted(p.stem for p in (self.root / "models" / "gold").glob("*.sql"))

    @property
    def database(self) -> Path:
        return self.root / "curate.duckdb"

    def variables(self) -> str:
        variables: dict[str, object] = {
            BRONZE_ROOT_VAR: str(self.bronze),
            BRONZE_TABLES_VAR: list(self.present),
            SILVER_ROOT_VAR: str(self.silver),
            SILVER_PRIVATE_ROOT_VAR: str(self.silver_private),
            GOLD_ROOT_VAR: str(self.gold),
        }
        if self.excluded_events is not None:
            variables[EXCLUDED_EVENTS_VAR] = str(self.excluded_events)
        if self.event_identity is not None:
            variables[EVENT_IDENTITY_VAR] = str(self.event_identity)
        return json.dumps(variables, sort_keys=True)

    def exclusions(self) -> list[str]:
        """Source nodes (and so their tests) of bronze tables with no data yet."""
        return [f"source:{self.source}.{table}" for table in self.absent]


def bronze_tables(bronze: Path, versions: list[tuple[str, int]]) -> tuple[list[str], list[str]]:
    """The event versions' bronze tables that hold NDJSON files, and those that hold none."""
    present: list[str] = []
    absent: list[str] = []
    for event, v in sorted(versions):
        folder = bronze / f"event={event}" / f"v={v}"
        has_files = folder.is_dir() and any(folder.glob("dt=*/hour=*/*.ndjson"))
        (present if has_files else absent).append(versioned_name(event, v))
    return present, absent


def assemble(
    fragment: Path,
    root: Path,
    bronze: Path,
    silver: Path,
    source: str,
    versions: list[tuple[str, int]],
) -> CurateProject:
    """Copy the generated fragment into ``root`` beside a project file and a DuckDB profile.

    The models are replaced on every run (the fragment is the source of truth); the DuckDB
    file and dbt's target folder stay, so a rerun is incremental where the models are.
    """
    if not (fragment / "models").is_dir():
        raise CurateError(
            f"no generated dbt project at {fragment}",
            location=Location(str(fragment)),
            hint="run `contracts generate` first (the dbt target writes generated/dbt)",
        )
    root.mkdir(parents=True, exist_ok=True)
    for part in FRAGMENT_PARTS:
        shutil.rmtree(root / part, ignore_errors=True)
        if (fragment / part).is_dir():
            shutil.copytree(fragment / part, root / part)
    silver.mkdir(parents=True, exist_ok=True)
    present, absent = bronze_tables(bronze, versions)
    project = CurateProject(
        root.resolve(), bronze.resolve(), silver.resolve(), source, tuple(present), tuple(absent)
    )
    (root / "dbt_project.yml").write_text(_project_file(), encoding="utf-8")
    (root / "profiles.yml").write_text(_profile(project.database), encoding="utf-8")
    project.silver_private.mkdir(parents=True, exist_ok=True)
    for model in project.gold_models():
        (project.gold / model).mkdir(parents=True, exist_ok=True)
    return project


def _project_file() -> str:
    return (
        f"name: {PROJECT_NAME}\n"
        'version: "1.0"\n'
        "config-version: 2\n"
        f"profile: {PROJECT_NAME}\n"
        "model-paths: [models]\n"
        "macro-paths: [macros]\n"
    )


def _profile(database: Path) -> str:
    return (
        f"{PROJECT_NAME}:\n"
        "  target: embedded\n"
        "  outputs:\n"
        "    embedded:\n"
        "      type: duckdb\n"
        f"      path: {json.dumps(str(database))}\n"
        "      threads: 2\n"
    )
