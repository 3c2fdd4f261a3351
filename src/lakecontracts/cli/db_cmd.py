"""``contracts db``: migrate the operational database and read its job runs."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

import click

from lakecontracts.cli.common import EXIT_FINDINGS, open_registry
from lakecontracts.cli.opsdb_common import db_option, required_database_url
from lakecontracts.cli.runtime_common import generated_option, resolve_generated


@click.group("db")
def db_group() -> None:
    """The operational database: job runs, bronze file metadata, lineage, audit.

    \b
    SQLite by default (ops.sqlite under the registry's storage.local_root), PostgreSQL with
    --db postgresql://USER@HOST/DB or CONTRACTS_DB. Commands that record runs migrate a new
    database on first use; `db upgrade` does it explicitly.
    """


def _engine(ctx: click.Context, db_url: str | None, migrate: bool = True) -> Any:
    from lakecontracts.opsdb.connect import create, open_database

    url = required_database_url(ctx, db_url)
    return open_database(url) if migrate else create(url)


@db_group.command("upgrade")
@db_option
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.pass_context
def upgrade_command(ctx: click.Context, db_url: str | None, revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from lakecontracts.opsdb import migrate

    engine = _engine(ctx, db_url, migrate=False)
    migrate.upgrade(engine, revision)
    click.echo(f"at revision {migrate.current_revision(engine)}")


@db_group.command("downgrade")
@db_option
@click.option("--revision", default="-1", show_default=True, help="Target (-1: one step).")
@click.pass_context
def downgrade_command(ctx: click.Context, db_url: str | None, revision: str) -> None:
    """Undo migrations, one step by default. Dropped tables lose their rows."""
    from lakecontracts.opsdb import migrate

    engine = _engine(ctx, db_url, migrate=False)
    migrate.downgrade(engine, revision)
    click.echo(f"at revision {migrate.current_revision(engine) or 'base (empty)'}")


@db_group.command("current")
@db_option
@click.pass_context
def current_command(ctx: click.Context, db_url: str | None) -> None:
    """Print the database's revision and the newest this version knows; exit 1 if behind."""
    from lakecontracts.opsdb import migrate

    engine = _engine(ctx, db_url, migrate=False)
    current, head = migrate.current_revision(engine), migrate.head_revision()
    click.echo(f"current {current or 'base (empty)'}; newest {head}")
    if current != head:
        ctx.exit(EXIT_FINDINGS)


@db_group.command("sweep")
@db_option
@click.option(
    "--grace-minutes",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="A running job with no heartbeat for this long is taken for dead.",
)
@click.pass_context
def sweep_command(ctx: click.Context, db_url: str | None, grace_minutes: float) -> None:
    """Mark runs that stopped beating (killed, crashed host) as aborted."""
    from lakecontracts.opsdb.runs import sweep

    aborted = sweep(_engine(ctx, db_url), timedelta(minutes=grace_minutes))
    for run_id in aborted:
        click.echo(f"aborted {run_id}")
    click.echo(f"{len(aborted)} run(s) marked aborted")


@db_group.command("runs")
@db_option
@click.option("--job", "job_name", help="Only this job.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--missing", is_flag=True, help="List scheduled runs that never ran; exit 1 if any.")
@click.option(
    "--since-hours",
    type=click.FloatRange(min=0, min_open=True),
    default=24.0,
    show_default=True,
    help="How far back --missing looks.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def runs_command(
    ctx: click.Context,
    db_url: str | None,
    job_name: str | None,
    limit: int,
    missing: bool,
    since_hours: float,
    fmt: str,
) -> None:
    """Recent job runs, newest first; with --missing, the scheduled runs (registry.yaml
    `jobs:`) that no run covers."""
    engine = _engine(ctx, db_url)
    if missing:
        _missing(ctx, engine, since_hours, fmt)
        return
    from lakecontracts.opsdb.runs import recent_runs

    rows = recent_runs(engine, job_name, limit)
    if fmt == "json":
        click.echo(json.dumps(rows, default=str, indent=2))
        return
    for row in rows:
        done = row["completed_at"].isoformat() if row["completed_at"] else "-"
        click.echo(
            f"{row['started_at'].isoformat()}  {row['job_name']:<12} {row['status']:<9} "
            f"{done}  rows={row['rows_processed']}  {row['run_id']}"
        )
        if row["error"]:
            click.echo(f"    {row['error'].splitlines()[0]}")


def _missing(ctx: click.Context, engine: Any, since_hours: float, fmt: str) -> None:
    from lakecontracts.opsdb.jobs import utcnow
    from lakecontracts.opsdb.runs import missing_runs
    from lakecontracts.opsdb.schedules import job_schedules

    schedules = job_schedules(open_registry(ctx).config)
    now = utcnow()
    found = missing_runs(engine, schedules, now - timedelta(hours=since_hours), now)
    if fmt == "json":
        rows = [
            {"job": m.job_name, "nominal_time": m.nominal_time.isoformat(), "schedule": m.schedule}
            for m in found
        ]
        click.echo(json.dumps(rows, indent=2))
    else:
        for m in found:
            click.echo(f"missing {m.job_name} at {m.nominal_time.isoformat()} ({m.schedule})")
        click.echo(f"{len(found)} missing run(s) across {len(schedules)} scheduled job(s)")
    if found:
        ctx.exit(EXIT_FINDINGS)


@db_group.group("lineage")
def lineage_group() -> None:
    """lineage_edge: load from generated lineage and dbt, export as OpenLineage."""


@lineage_group.command("load")
@db_option
@generated_option
@click.option(
    "--dbt-manifest",
    "dbt_manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    help="dbt's target/manifest.json after a dbt run: its model dependencies too.",
)
@click.pass_context
def lineage_load_command(
    ctx: click.Context, db_url: str | None, generated: Path | None, dbt_manifest: Path | None
) -> None:
    """Replace the contracts' edges (generated lineage) and, with --dbt-manifest, dbt's."""
    from lakecontracts.opsdb.lineage import (
        edges_from_dbt_manifest,
        edges_from_generated,
        load_edges,
    )

    declared = edges_from_generated(resolve_generated(ctx, generated))
    observed = edges_from_dbt_manifest(dbt_manifest) if dbt_manifest else None
    engine = _engine(ctx, db_url)
    click.echo(f"{load_edges(engine, declared, 'contracts')} edge(s) from the contracts")
    if observed is not None:
        click.echo(f"{load_edges(engine, observed, 'dbt')} edge(s) from dbt")


@lineage_group.command("export")
@db_option
@click.option(
    "--out",
    type=click.File("w"),
    default="-",
    help="Write the events here (default: stdout), one JSON event per line.",
)
@click.pass_context
def lineage_export_command(ctx: click.Context, db_url: str | None, out: IO[str]) -> None:
    """The loaded edges as OpenLineage run events (one COMPLETE event per job that makes a
    dataset), ready for a catalog that ingests OpenLineage."""
    from openlineage.client.serde import Serde

    from lakecontracts.opsdb.lineage import openlineage_events

    name = open_registry(ctx).config.name
    for event in openlineage_events(_engine(ctx, db_url), name):
        out.write(Serde.to_json(event) + "\n")


@db_group.command("purge-mirror")
@db_option
@click.option(
    "--older-than-days",
    type=click.FloatRange(min=0),
    required=True,
    help="Delete mirrored events ingested longer ago than this.",
)
@click.pass_context
def purge_mirror_command(ctx: click.Context, db_url: str | None, older_than_days: float) -> None:
    """Retention for analytics_event_bronze (bronze itself keeps every event)."""
    from lakecontracts.opsdb.jobs import utcnow
    from lakecontracts.opsdb.mirror import purge

    removed = purge(_engine(ctx, db_url), utcnow() - timedelta(days=older_than_days))
    click.echo(f"{removed} mirrored event(s) removed")
