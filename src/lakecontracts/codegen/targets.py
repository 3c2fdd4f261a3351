"""The target table: every codegen target, the folder it owns and what it is for.

Add a target by writing ``render_<name>(inp) -> {relative path: bytes}`` in its own module
and one row here (see CONTRIBUTING.md).
"""

from __future__ import annotations

from lakecontracts.codegen.athena import render_athena
from lakecontracts.codegen.catalog import render_catalog
from lakecontracts.codegen.cloudformation import render_cloudformation
from lakecontracts.codegen.dbt import render_dbt
from lakecontracts.codegen.glue import render_glue
from lakecontracts.codegen.lakeformation import render_lakeformation
from lakecontracts.codegen.lineage import render_lineage
from lakecontracts.codegen.matrix import MATRIX_FOLDER, matrix_base, render_matrix
from lakecontracts.codegen.runtime_config import render_runtime_config
from lakecontracts.codegen.schemas import render_manifest, render_schemas
from lakecontracts.codegen.target import Target
from lakecontracts.codegen.validators import render_validators

TARGETS: tuple[Target, ...] = (
    Target("manifest", "", "The content-addressed manifest (manifest.json).", render_manifest),
    Target(
        "schemas", "schemas", "Resolved draft-07 JSON Schema per event version.", render_schemas
    ),
    Target(
        "validators",
        "validators",
        "Standalone Python validator module per event version (is_valid, validate).",
        render_validators,
    ),
    Target(
        "athena",
        "athena",
        "Athena DDL: a bronze JSON table per event version, Silver Parquet tables.",
        render_athena,
    ),
    Target(
        "glue",
        "glue",
        "glue:CreateDatabase and glue:CreateTable requests for the Athena target's tables.",
        render_glue,
    ),
    Target(
        "runtime",
        "runtime",
        "Alert thresholds the ingest runtime reads (config.json).",
        render_runtime_config,
    ),
    Target(
        "dbt",
        "dbt",
        "dbt project fragment: bronze sources with freshness and tests, staging models in the Silver shape.",
        render_dbt,
    ),
    Target(
        "lakeformation",
        "lakeformation",
        "Lake Formation API requests: LF-Tags, tag assignments, data cells filters, tag-policy grants.",
        render_lakeformation,
    ),
    Target(
        "cloudformation",
        "cloudformation",
        "One CloudFormation template: Glue catalog, Lake Formation tags/grants/filters, bronze bucket lifecycle, Athena workgroup.",
        render_cloudformation,
    ),
    Target(
        "catalog",
        "catalog",
        "Browsable static HTML catalog: events, versions, fields, diffs, lineage.",
        render_catalog,
    ),
    Target(
        "lineage",
        "lineage",
        "Lineage edges (lineage_edges.csv) and OpenLineage run events (openlineage.json).",
        render_lineage,
    ),
    Target(
        "matrix",
        MATRIX_FOLDER,
        "Compatibility matrix (Markdown) at outputs.compatibility_matrix: readers x versions, breaks, upgrade checklists.",
        render_matrix,
        base=matrix_base,
    ),
)

TARGET_NAMES = tuple(target.name for target in TARGETS)
