"""``contracts stitch``: the nightly identity stitch, and ``stitch explain ID``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

import click

from lakecontracts.cli.opsdb_common import recorded_job, run_options
from lakecontracts.cli.runtime_common import generated_option, resolve_generated
from lakecontracts.errors import UsageError
from lakecontracts.jsonout import json_file_bytes

_SUMMARY_LABELS = (
    ("files", "bronze files read"),
    ("events", "events read"),
    ("blocked", "blocked values skipped"),
    ("nodes", "nodes"),
    ("edges", "edges"),
    ("live_edges", "live edges"),
    ("components", "components"),
    ("largest", "largest component"),
    ("merges", "merges"),
    ("splits", "splits"),
    ("absorbs", "absorbs"),
    ("quarantined", "quarantined components"),
    ("as_of", "as of"),
)


@click.group("stitch", invoke_without_command=True)
@click.option("--bronze", type=click.Path(path_type=Path, file_okay=False), help="Bronze root.")
@click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False), help="Output folder (Parquet)."
)
@click.option(
    "--engine",
    type=click.Choice(["embedded", "spark"]),
    default="embedded",
    show_default=True,
    help="spark: components with large-star/small-star on PySpark (the job's session or a "
    "local one); same outputs as embedded.",
)
@click.option(
    "--graph",
    type=click.Choice(["analytics", "fraud"]),
    default="analytics",
    show_default=True,
    help="fraud: fraud-only identifiers (device.ua_hash) link too. Use its own --out.",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only scan bronze partitions dt >= DATE.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]),
    help="Time edges expire against (default: the latest sighting in the data).",
)
@click.option(
    "--key-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File holding the hash key (default: env CONTRACTS_STITCH_KEY_V<key_version>).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@generated_option
@run_options
@click.pass_context
def stitch_command(
    ctx: click.Context,
    bronze: Path | None,
    out: Path | None,
    engine: str,
    graph: str,
    since: datetime | None,
    as_of: datetime | None,
    key_file: Path | None,
    fmt: str,
    generated: Path | None,
    db_url: str | None,
    scheduled_at: str | None,
    parent_run: str | None,
) -> None:
    """Stitch identities from bronze: edges between identifiers seen together (HMAC'd with
    the registry's key version), components, a stable identity_id per node with a
    confidence_score, SCD-2 history and a change log, as Parquet in --out. Reruns read only
    new bronze files; nothing new, nothing changes.

    \b
    Examples:
      export CONTRACTS_STITCH_KEY_V1=...   # never a default key
      contracts stitch --bronze .lakehouse/bronze --out .lakehouse/identity
      contracts stitch explain i-3f2a... --out .lakehouse/identity
    """
    if ctx.invoked_subcommand is not None:
        return
    if bronze is None or out is None:
        raise UsageError("contracts stitch needs --bronze DIR and --out DIR")
    from lakecontracts.stitch.keys import load_key
    from lakecontracts.stitch.rules import load_rules
    from lakecontracts.stitch.run import StitchRequest, run_stitch

    rules = load_rules(resolve_generated(ctx, generated))
    components = _spark_components() if engine == "spark" else None
    request = StitchRequest(
        bronze=bronze,
        out=out,
        rules=rules,
        key=load_key(rules.key_version, key_file),
        graph=graph,
        since=date(since.year, since.month, since.day) if since else None,
        as_of=as_of.replace(tzinfo=as_of.tzinfo or UTC) if as_of else None,
        **({"components": components} if components else {}),
    )
    with recorded_job(ctx, "stitch", db_url, scheduled_at, parent_run) as run:
        with stage_progress(sys.stderr, bar=fmt == "text" and sys.stderr.isatty()) as progress:
            summary = run_stitch(request, progress=progress)
        run.add(rows=summary.events)
        if run.engine is not None:
            from lakecontracts.opsdb.identity_links import sync_identity_links
            from lakecontracts.stitch.run import identity_link_rows

            sync_identity_links(run.engine, graph, identity_link_rows(out))
    if fmt == "json":
        sys.stdout.buffer.write(json_file_bytes(summary.as_dict(), sort_keys=True))
        return
    values = summary.as_dict()
    width = max(len(label) for _, label in _SUMMARY_LABELS)
    for name, label in _SUMMARY_LABELS:
        click.echo(f"{label:<{width}}  {values[name]}")


@contextmanager
def stage_progress(stream: TextIO, bar: bool) -> Iterator[Callable[[str], None]]:
    """The stitch's stages as a progress bar on ``stream`` for a person watching (a TTY and
    text output), else one ``stitch: <stage>`` line each, which a log keeps readably."""
    from lakecontracts.stitch.run import STAGES

    if not bar:
        yield lambda line: click.echo(f"stitch: {line}", file=stream)
        return
    current = [""]

    def stage(_: int | None) -> str:
        return current[0]

    with click.progressbar(
        length=STAGES, label="stitch", file=stream, show_eta=False, item_show_func=stage
    ) as progress:
        started = [0]

        def advance(line: str) -> None:
            current[0] = line
            progress.update(1 if started[0] else 0)
            started[0] += 1

        yield advance
        current[0] = "done"
        progress.update(STAGES - progress.pos)


def _spark_components() -> Any:
    try:
        from lakecontracts.stitch.spark_engine import SparkComponents, local_session

        return SparkComponents(local_session())
    except ImportError:
        raise UsageError(
            "--engine spark needs PySpark", hint="pip install pyspark (and Java 17+)"
        ) from None


@stitch_command.command("explain")
@click.argument("identity_id")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    required=True,
    help="The stitch output folder.",
)
def explain_command(identity_id: str, out: Path) -> None:
    """Explain an identity: its nodes (hashed) with their history, the links that hold it
    together and every merge, split and absorb it took part in."""
    from lakecontracts.stitch.explain import explain

    click.echo(explain(out, identity_id))
