"""Codegen targets: what a target is, and the table of every target, its folder and purpose.

Add a target by writing ``render_<name>(inp) -> {relative path: bytes}`` in its own module
and one row here (see CONTRIBUTING.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.codegen.matrix.place import MATRIX_FOLDER, matrix_base
from lakecontracts.fsutil import safe_join
from lakecontracts.registry.config import RegistryConfig


@dataclass(frozen=True)
class Renderer:
    """A target's render function, imported when first called: a ``generate`` whose targets
    all come from the cache never imports the renderers (jinja2, the compat engine, ...)."""

    module: str
    function: str

    def __call__(self, inp: GenerationInput) -> Rendered:
        render: Callable[[GenerationInput], Rendered] = getattr(
            importlib.import_module(self.module), self.function
        )
        return render(inp)


@dataclass(frozen=True)
class Target:
    """A codegen target: it owns ``generated/<folder>/`` and everything in it.

    A target whose output has its own place in registry.yaml (``outputs.*``) sets ``base``
    instead: the folder its files go to, from the registry config. It shares that folder with
    files it did not write (``docs/``, say), so the writer never removes anything there.
    """

    name: str
    folder: str
    summary: str
    render: Callable[[GenerationInput], Rendered]
    base: Callable[[RegistryConfig], Path] | None = None

    @property
    def owns_base(self) -> bool:
        """Whether every file under the base is this target's (stale ones may be removed)."""
        return self.base is None and bool(self.folder)

    def base_dir(self, out_dir: Path, config: RegistryConfig) -> Path:
        """Where this target's rendered paths are rooted."""
        if self.base is not None:
            return self.base(config).resolve()
        return safe_join(out_dir, self.folder) if self.folder else out_dir


TARGETS: tuple[Target, ...] = (
    Target(
        "manifest",
        "",
        "The content-addressed manifest (manifest.json).",
        Renderer("lakecontracts.codegen.schemas", "render_manifest"),
    ),
    Target(
        "schemas",
        "schemas",
        "Resolved draft-07 JSON Schema per event version.",
        Renderer("lakecontracts.codegen.schemas", "render_schemas"),
    ),
    Target(
        "validators",
        "validators",
        "Standalone Python validator module per event version (is_valid, validate).",
        Renderer("lakecontracts.codegen.validators", "render_validators"),
    ),
    Target(
        "athena",
        "athena",
        "Athena DDL: a bronze JSON table per event version, Silver Parquet tables.",
        Renderer("lakecontracts.codegen.sql.athena", "render_athena"),
    ),
    Target(
        "glue",
        "glue",
        "glue:CreateDatabase and glue:CreateTable requests for the Athena target's tables.",
        Renderer("lakecontracts.codegen.aws.glue", "render_glue"),
    ),
    Target(
        "runtime",
        "runtime",
        "Alert thresholds the ingest runtime reads (config.json).",
        Renderer("lakecontracts.codegen.runtime_config", "render_runtime_config"),
    ),
    Target(
        "dbt",
        "dbt",
        "dbt project fragment: bronze sources with freshness and tests, staging models in the Silver shape.",
        Renderer("lakecontracts.codegen.dbt", "render_dbt"),
    ),
    Target(
        "lakeformation",
        "lakeformation",
        "Lake Formation API requests: LF-Tags, tag assignments, data cells filters, tag-policy grants.",
        Renderer("lakecontracts.codegen.aws.lakeformation", "render_lakeformation"),
    ),
    Target(
        "cloudformation",
        "cloudformation",
        "One CloudFormation template: Glue catalog, Lake Formation tags/grants/filters, bronze bucket lifecycle, Athena workgroup.",
        Renderer("lakecontracts.codegen.aws.cloudformation", "render_cloudformation"),
    ),
    Target(
        "catalog",
        "catalog",
        "Browsable static HTML catalog: events, versions, fields, diffs, lineage.",
        Renderer("lakecontracts.codegen.catalog.render", "render_catalog"),
    ),
    Target(
        "lineage",
        "lineage",
        "Lineage edges (lineage_edges.csv) and OpenLineage run events (openlineage.json).",
        Renderer("lakecontracts.codegen.lineage.render", "render_lineage"),
    ),
    Target(
        "matrix",
        MATRIX_FOLDER,
        "Compatibility matrix (Markdown) at outputs.compatibility_matrix: readers x versions, breaks, upgrade checklists.",
        Renderer("lakecontracts.codegen.matrix.render", "render_matrix"),
        base=matrix_base,
    ),
)

TARGET_NAMES = tuple(target.name for target in TARGETS)
