"""``contracts monitor``: evaluate the registry's alerts over the operational database."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from lakecontracts.cli.common import EXIT_FINDINGS, open_registry
from lakecontracts.cli.opsdb_common import db_option, required_database_url


@click.command("monitor")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "emf"]),
    default="text",
    help="emf: CloudWatch Embedded Metric Format lines (BronzeToSilverFreshness, seconds) for "
    "a scheduled run whose output CloudWatch Logs reads; the generated alarms watch them.",
)
@click.pass_context
def monitor_command(ctx: click.Context, db_url: str | None, fmt: str) -> None:
    """Evaluate registry.yaml's alerts (ingestion lag p95, Bronze to Silver freshness, schema
    failure rate, Athena bytes scanned) over the operational tables; exit 1 when one fires.
    For cron or CI; the generated CloudFormation alarms watch the same thresholds live.

    \b
    Examples:
      contracts monitor
      contracts monitor --db postgresql://ops@db/lakehouse --format json
      contracts monitor --format emf    # every 5 min, stdout to CloudWatch Logs
    """
    from lakecontracts.opsdb.connect import open_database
    from lakecontracts.opsdb.jobs import utcnow
    from lakecontracts.opsdb.monitor import emf_lines, evaluate

    settings = open_registry(ctx).config.alerts
    now = utcnow()
    results = evaluate(open_database(required_database_url(ctx, db_url)), settings, now)
    if fmt == "emf":
        for document in emf_lines(results, now):
            click.echo(json.dumps(document, separators=(",", ":")))
    elif fmt == "json":
        click.echo(json.dumps([{**asdict(r), "fired": r.fired} for r in results], indent=2))
    else:
        for r in results:
            value = "-" if r.value is None else f"{r.value:.6g}"
            limits = f"warning > {_limit(r.warning)}, critical > {_limit(r.critical)}"
            click.echo(f"{r.level:<9} {r.name:<28} {value} {r.unit} ({limits}); {r.detail}")
    fired = [r.name for r in results if r.fired]
    if fmt == "text":
        click.echo(f"{len(fired)} alert(s) firing" + (f": {', '.join(fired)}" if fired else ""))
    if fired:
        ctx.exit(EXIT_FINDINGS)


def _limit(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
