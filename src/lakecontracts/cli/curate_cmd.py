"""``contracts curate``: build Silver (and Gold) by running the generated dbt project on DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from lakecontracts.cli.common import open_registry
from lakecontracts.cli.opsdb_common import recorded_job, run_options
from lakecontracts.cli.runtime_common import generated_option, resolve_generated


@click.command("curate")
@click.option(
    "--bronze",
    type=click.Path(path_type=Path, file_okay=False),
    help="Bronze root (default: <storage.local_root>/bronze).",
)
@click.option(
    "--silver",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where Silver Parquet goes (default: <storage.local_root>/silver).",
)
@click.option(
    "--work",
    type=click.Path(path_type=Path, file_okay=False),
    help="dbt project folder, DuckDB file and dbt logs (default: <storage.local_root>/curate).",
)
@click.option(
    "--dbt",
    "dbt_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="dbt executable (default: $CONTRACTS_DBT, else .venv-dbt/bin/dbt, else PATH).",
)
@click.option("--select", help="dbt node selection (default: every model and test).")
@click.option("--exclude", help="dbt nodes to leave out, e.g. 'test_name:relationships'.")
@generated_option
@run_options
@click.pass_context
def curate_command(
    ctx: click.Context,
    bronze: Path | None,
    silver: Path | None,
    work: Path | None,
    dbt_path: Path | None,
    select: str | None,
    exclude: str | None,
    generated: Path | None,
    db_url: str | None,
    scheduled_at: str | None,
    parent_run: str | None,
) -> None:
    """Run the generated dbt project on the embedded engine (dbt-duckdb, from its own venv)
    over local bronze: staging, Silver tables deduplicated on their natural keys and written
    as Parquet partitioned by dt (dbt run), then every data test (dbt test). Prints what it
    built; exit 1 when a model or test fails.

    \b
    Examples:
      contracts curate
      contracts curate --bronze .lakehouse/demo/bronze --silver .lakehouse/demo/silver
    """
    from lakecontracts.codegen.dbt.layout import BRONZE_STATUSES
    from lakecontracts.codegen.dbt.silver import silver_table_names
    from lakecontracts.curate.project import assemble
    from lakecontracts.curate.run import (
        count_gold_rows,
        count_silver_rows,
        find_dbt,
        run_dbt,
    )
    from lakecontracts.registry.outputs import repository_root
    from lakecontracts.registry.storage import local_root

    registry = open_registry(ctx)
    config = registry.config
    lake = local_root(config)
    source = config.catalog.settings.get("bronze_database") or "bronze_events"
    versions = [(c.event, c.v) for c in registry.contracts() if c.status in BRONZE_STATUSES]
    dbt = find_dbt(dbt_path, repository_root(config))
    fragment = resolve_generated(ctx, generated) / "dbt"
    project = assemble(
        fragment,
        work or lake / "curate",
        bronze or lake / "bronze",
        silver or lake / "silver",
        source,
        versions,
    )
    with recorded_job(ctx, "curate", db_url, scheduled_at, parent_run) as run:
        # run, then test: every data test is evaluated (dbt build would skip the tests of
        # models downstream of a failing test, hiding the failures a bad batch causes)
        result = run_dbt(dbt, project, "run", select=select, exclude=exclude)
        _record_lineage(run.engine, project.root / "target" / "manifest.json")
        tested = run_dbt(dbt, project, "test", select=select, exclude=exclude)
        result.nodes += tested.nodes
        result.returncode = result.returncode or tested.returncode
        result.silver_rows = count_silver_rows(project.silver, silver_table_names(fragment))
        result.gold_rows = count_gold_rows(project.gold, project.gold_models())
        run.add(rows=sum(result.silver_rows.values()))
        _print(result)
        if result.failed or result.returncode != 0:
            # findings: exit 1, and the run is recorded as failed (the exit passes through it)
            click.echo(f"dbt's log: {project.root / 'logs' / 'dbt.log'}", err=True)
            ctx.exit(1)


def _record_lineage(engine: Any, manifest: Path) -> None:
    """dbt's observed dependencies (the manifest the run wrote) replace the ``dbt`` edges of
    lineage_edge, when the run is recorded."""
    if engine is None or not manifest.is_file():
        return
    from lakecontracts.opsdb.lineage import edges_from_dbt_manifest, load_edges

    load_edges(engine, edges_from_dbt_manifest(manifest), "dbt")


def _print(result: object) -> None:
    from lakecontracts.curate.run import CurateResult

    assert isinstance(result, CurateResult)
    built = [n for n in result.nodes if n.kind == "model" and n.status == "success"]
    tests = [n for n in result.nodes if n.kind == "test"]
    passed = sum(1 for n in tests if n.status == "pass")
    click.echo(f"models built    {len(built)}")
    click.echo(f"tests passed    {passed} of {len(tests)}")
    for node in result.failed:
        click.echo(f"  {node.status:<6} {node.kind} {node.name}: {node.message}")
    for table, rows in sorted(result.silver_rows.items()):
        click.echo(f"silver {table:<28} {rows} row(s)")
    for model, rows in sorted(result.gold_rows.items()):
        click.echo(f"gold   {model:<28} {rows} row(s)")
