"""``contracts curate``: build Silver (and Gold) by running the generated dbt project on DuckDB."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from lakecontracts.cli.common import open_registry
from lakecontracts.cli.opsdb_common import recorded_job, run_options
from lakecontracts.cli.runtime_common import generated_option, resolve_generated


@click.command("curate")
@click.option(
    "--lake",
    type=click.Path(path_type=Path, file_okay=False),
    help="Lake root: the default of every folder below, and where the DSAR exclusion list "
    "is read (<lake>/dsar; default: storage.local_root).",
)
@click.option(
    "--bronze",
    type=click.Path(path_type=Path, file_okay=False),
    help="Bronze root (default: <lake>/bronze).",
)
@click.option(
    "--silver",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where Silver Parquet goes (default: <lake>/silver).",
)
@click.option(
    "--work",
    type=click.Path(path_type=Path, file_okay=False),
    help="dbt project folder, DuckDB file and dbt logs (default: <lake>/curate).",
)
@click.option(
    "--dbt",
    "dbt_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="dbt executable (default: $CONTRACTS_DBT, else .venv-dbt/bin/dbt, else PATH).",
)
@click.option(
    "--identity",
    type=click.Path(path_type=Path, file_okay=False),
    help="Stitch output folder whose identity_resolution gives identity_id "
    "(default: <lake>/identity; none there: identity_id stays empty).",
)
@click.option(
    "--key-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Stitch hash key, needed with identity_resolution or a DSAR exclusion list "
    "(default: env CONTRACTS_STITCH_KEY_V<N>).",
)
@click.option("--select", help="dbt node selection (default: every model and test).")
@click.option("--exclude", help="dbt nodes to leave out, e.g. 'test_name:relationships'.")
@generated_option
@run_options
@click.pass_context
def curate_command(
    ctx: click.Context,
    lake: Path | None,
    bronze: Path | None,
    silver: Path | None,
    work: Path | None,
    dbt_path: Path | None,
    identity: Path | None,
    key_file: Path | None,
    select: str | None,
    exclude: str | None,
    generated: Path | None,
    db_url: str | None,
    scheduled_at: str | None,
    parent_run: str | None,
) -> None:
    """Run the generated dbt project on the embedded engine (dbt-duckdb, from its own venv)
    over local bronze: staging, Silver tables deduplicated on their natural keys and written
    as Parquet partitioned by dt (dbt run), then every data test (dbt test). Silver is split:
    the sanitized table (what Metabase may read, with identity_id from the stitch) and its
    silver_private companion (every other column, hashed). Events of subjects on the DSAR
    exclusion list are left out; a changed list rebuilds from bronze. Prints what it built;
    exit 1 when a model or test fails.

    \b
    Examples:
      contracts curate
      contracts curate --bronze .lakehouse/demo/bronze --silver .lakehouse/demo/silver
    """
    from lakecontracts.codegen.dbt.layout import BRONZE_STATUSES
    from lakecontracts.codegen.dbt.silver import private_table_names, silver_table_names
    from lakecontracts.curate import identity as events
    from lakecontracts.curate.project import assemble
    from lakecontracts.curate.run import (
        count_gold_rows,
        count_silver_rows,
        find_dbt,
        run_dbt,
    )
    from lakecontracts.dsar.lake import DSAR_FOLDER
    from lakecontracts.dsar.state import read_exclusions
    from lakecontracts.registry.outputs import repository_root
    from lakecontracts.registry.storage import local_root
    from lakecontracts.stitch.keys import load_key
    from lakecontracts.stitch.rules import load_rules

    registry = open_registry(ctx)
    config = registry.config
    lake = lake or local_root(config)
    source = config.catalog.settings.get("bronze_database") or "bronze_events"
    versions = [(c.event, c.v) for c in registry.contracts() if c.status in BRONZE_STATUSES]
    dbt = find_dbt(dbt_path, repository_root(config))
    generated_dir = resolve_generated(ctx, generated)
    fragment = generated_dir / "dbt"
    project = assemble(
        fragment,
        work or lake / "curate",
        bronze or lake / "bronze",
        silver or lake / "silver",
        source,
        versions,
    )
    exclusions = read_exclusions(lake / DSAR_FOLDER)
    prepared = events.prepare(
        project.root,
        project.bronze,
        load_rules(generated_dir),
        lambda version: load_key(version, key_file),
        identity or lake / "identity",
        exclusions,
    )
    project = replace(
        project,
        excluded_events=prepared.excluded_events,
        event_identity=prepared.event_identity,
    )
    rebuild = events.exclusions_changed(project.root, exclusions)
    with recorded_job(ctx, "curate", db_url, scheduled_at, parent_run) as run:
        # run, then test: every data test is evaluated (dbt build would skip the tests of
        # models downstream of a failing test, hiding the failures a bad batch causes)
        result = run_dbt(dbt, project, "run", select, exclude, full_refresh=rebuild)
        if result.returncode == 0:
            events.record_exclusions(project.root, exclusions)
        _record_lineage(run.engine, project.root / "target" / "manifest.json")
        tested = run_dbt(dbt, project, "test", select=select, exclude=exclude)
        result.nodes += tested.nodes
        result.returncode = result.returncode or tested.returncode
        result.silver_rows = count_silver_rows(project.silver, silver_table_names(fragment))
        result.private_rows = count_silver_rows(
            project.silver_private, private_table_names(fragment)
        )
        result.identities, result.excluded = prepared.identities, prepared.excluded
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
    for table, rows in sorted(result.private_rows.items()):
        click.echo(f"silver_private {table:<20} {rows} row(s)")
    if result.identities or result.excluded:
        click.echo(f"events with an identity_id {result.identities}")
        click.echo(f"events excluded (DSAR)     {result.excluded}")
    for model, rows in sorted(result.gold_rows.items()):
        click.echo(f"gold   {model:<28} {rows} row(s)")
