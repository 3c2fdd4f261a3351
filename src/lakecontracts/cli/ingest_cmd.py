"""``contracts ingest``: NDJSON files through the pipeline into bronze and quarantine."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click
import orjson

from lakecontracts.cli.common import EXIT_FINDINGS, open_registry
from lakecontracts.cli.opsdb_common import RunCounter, recorded_job, run_options
from lakecontracts.cli.runtime_common import (
    generated_option,
    make_verifier,
    resolve_generated,
    signature_options,
)
from lakecontracts.cli.state_store_option import state_store_option
from lakecontracts.errors import UsageError

BATCH_LINES = 4096


@click.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--bronze",
    default=None,
    help="Bronze root: a folder or an s3:// URL (default: <storage.local_root>/bronze).",
)
@click.option(
    "--quarantine",
    default=None,
    help="Quarantine root: a folder or an s3:// URL (default: <storage.local_root>/quarantine).",
)
@click.option(
    "--state",
    "state_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Local folder for the dedupe window and publish journal (default: <bronze>/_ingest).",
)
@click.option(
    "--metrics", "metrics_file", type=click.File("w"), help="Write CloudWatch EMF lines here."
)
@click.option(
    "--native/--no-native",
    default=True,
    show_default=True,
    help="Use validators compiled by `contracts compile-validators` where fresh.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "critical"]),
    default=None,
    help="Exit 1 when the schema failure rate reaches this alert level (registry.yaml alerts).",
)
@click.option(
    "--max-record-bytes",
    type=click.IntRange(min=1),
    default=1_024_000,
    show_default=True,
    help="Longer lines are quarantined as oversize, never parsed; only this much of one is "
    "held in memory (Firehose's largest record is 1,000 KiB).",
)
@state_store_option
@generated_option
@signature_options
@click.option(
    "--mirror",
    is_flag=True,
    help="Also mirror accepted events into analytics_event_bronze (operational database).",
)
@click.option(
    "--exclusions",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="DSAR exclusion list: events of listed subjects are dropped and counted as "
    "tombstoned (default: <bronze>/../dsar/exclusions.json when bronze is a local folder and "
    "the file exists; needs CONTRACTS_STITCH_KEY_V<N> of its key versions).",
)
@run_options
@click.pass_context
def ingest_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    bronze: str | None,
    quarantine: str | None,
    state_dir: Path | None,
    metrics_file: IO[str] | None,
    native: bool,
    fmt: str,
    fail_on: str | None,
    max_record_bytes: int,
    generated: Path | None,
    state_store: str,
    signature_mode: str,
    hmac_keys: Path | None,
    mirror: bool,
    exclusions: Path | None,
    db_url: str | None,
    scheduled_at: str | None,
    parent_run: str | None,
) -> None:
    """Ingest NDJSON envelopes (one per line; '-' reads stdin): route, verify, validate,
    dedupe, enrich, then write bronze under event=/v=/dt=/hour= or quarantine with a reason.
    Prints counts by outcome and reason. Every record is acknowledged when the command ends.

    \b
    Examples:
      contracts ingest events.ndjson     # into <storage.local_root>/bronze and /quarantine
      contracts ingest events.ndjson --bronze lake/bronze --quarantine lake/quarantine
      contracts sample booking.leg_created -n 100 | contracts ingest - --bronze b --quarantine q
    """
    from lakecontracts.runtime.assemble import open_ingestor

    # A --fail-on exit is the alert's verdict, not the job's: the run itself completed.
    with recorded_job(ctx, "ingest", db_url, scheduled_at, parent_run) as run:
        if bronze is None or quarantine is None:
            from lakecontracts.registry.storage import local_layer

            config = open_registry(ctx).config
            bronze = bronze or local_layer(config, "bronze")
            quarantine = quarantine or local_layer(config, "quarantine")
        ingestor = open_ingestor(
            resolve_generated(ctx, generated),
            bronze,
            quarantine,
            state_dir=state_dir,
            verifier=make_verifier(signature_mode, hmac_keys),
            state_store=state_store,
            native=native,
            observer=_bronze_recorder(run, mirror),
            max_record_bytes=max_record_bytes,
            tombstoned=_tombstoned(ctx, generated, bronze, exclusions),
        )
        total = sum(_size(path) for path in files)
        # A bar only for a person watching: a log or a pipe gets the summary alone.
        bar = click.progressbar(
            length=total, label="ingesting", file=sys.stderr, hidden=not sys.stderr.isatty()
        )
        with bar:
            for path in files:
                for first_line, lines, size in _batches(path, max_record_bytes):
                    ingestor.ingest(lines, str(path), first_line)
                    bar.update(size)
        flushed = ingestor.close()
        metrics = ingestor.pipeline.metrics
        totals = metrics.totals()
        # Judged records (duplicates are skipped, not judged), as the failure rate counts them.
        run.add(totals.bronze + totals.quarantined, total, rejected=totals.quarantined)
        level = metrics.level(totals)
        summary = _summary(totals, level.value, len(flushed.files), ingestor)
        reached = fail_on is not None and level.reaches(type(level)(fail_on))
        summary["failed_on"] = fail_on if reached else None
        if metrics_file is not None:
            for document in metrics.emf_lines():
                metrics_file.write(orjson.dumps(document).decode() + "\n")
        if fmt == "json":
            click.echo(orjson.dumps(summary, option=orjson.OPT_INDENT_2).decode())
        else:
            click.echo(_table(summary))
    if summary["failed_on"]:
        ctx.exit(EXIT_FINDINGS)


def _tombstoned(
    ctx: click.Context, generated: Path | None, bronze: str | Path, exclusions: Path | None
) -> Any:
    """The DSAR exclusion filter: the given list, else the lake's own when it has one."""
    if exclusions is None and "://" not in str(bronze):
        found = Path(bronze).parent / "dsar" / "exclusions.json"
        exclusions = found if found.is_file() else None
    if exclusions is None:
        return None
    from lakecontracts.dsar.exclusion import load_filter
    from lakecontracts.stitch.rules import load_rules

    return load_filter(exclusions, load_rules(resolve_generated(ctx, generated)))


def _bronze_recorder(run: RunCounter, mirror: bool) -> Any:
    """bronze_event_metadata rows (and mirrored events) for the files this run publishes."""
    if run.engine is None:
        if mirror:
            raise UsageError("--mirror needs the operational database, and --db is 'off'")
        return None
    from lakecontracts.opsdb.bronze_files import BronzeRecorder

    return BronzeRecorder(run.engine, run.run_id, mirror=mirror)


def _size(path: Path) -> int:
    if str(path) == "-":
        return 0
    try:
        return path.stat().st_size
    except OSError as exc:  # a missing or unreadable input is the user's, not a traceback
        raise _unreadable(path, exc) from None


def _open(path: Path) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        raise _unreadable(path, exc) from None


def _unreadable(path: Path, exc: OSError) -> Exception:
    from lakecontracts.errors import InputFileError, Location

    return InputFileError(f"cannot read: {exc.strerror}", location=Location(str(path)))


def _batches(path: Path, max_record_bytes: int) -> Iterator[tuple[int, list[bytes], int]]:
    """(number of the first line, the non-blank lines, bytes read) per batch.

    An oversize line is never held whole (``runtime.lines``): memory stays bounded.
    """
    from lakecontracts.runtime.lines import bounded_batches

    handle = _open(path)
    try:
        yield from bounded_batches(handle, max_record_bytes, BATCH_LINES)
    finally:
        if str(path) != "-":
            handle.close()


def _summary(totals: Any, level: str, files: int, ingestor: Any) -> dict[str, Any]:
    p95 = totals.lag_p95()
    return {
        "outcomes": {
            "bronze": totals.bronze,
            "quarantine": totals.quarantined,
            "duplicate": totals.duplicates,
            "tombstoned": totals.tombstoned,
        },
        "reasons": dict(sorted(totals.reasons.items())),
        "deprecated_accepted": totals.deprecated,
        "schema_failure_rate": round(totals.failure_rate, 6),
        "alert_level": level,
        "ingestion_lag_p95_seconds": None if p95 is None else round(p95, 3),
        "ingestion_lag_p95_over_bound": totals.lag_p95_over_bound(),
        "files_written": files,
        "validators": _validators(ingestor),
        "bronze": ingestor.writer.sinks["bronze"].describe(),
        "quarantine": ingestor.writer.sinks["quarantine"].describe(),
    }


def _validators(ingestor: Any) -> dict[str, int]:
    """How many event versions validate with compiled modules and how many with source."""
    routes = ingestor.pipeline.index.routes.values()
    native = sum(1 for route in routes if route.native)
    return {"native": native, "python": len(routes) - native}


def _table(summary: dict[str, Any]) -> str:
    rows = [("outcome", "reason", "records")]
    for outcome, count in summary["outcomes"].items():
        rows.append((outcome, "", str(count)))
        if outcome == "quarantine":
            rows.extend(("", reason, str(n)) for reason, n in summary["reasons"].items())
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}" for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    rate = summary["schema_failure_rate"] * 100
    lag = summary["ingestion_lag_p95_seconds"]
    validators = summary["validators"]
    lines += [
        "",
        f"schema failure rate  {rate:.2f}% ({summary['alert_level']})",
        f"deprecated accepted  {summary['deprecated_accepted']}",
        f"ingestion lag p95    {_lag(lag, summary['ingestion_lag_p95_over_bound'])}",
        f"files written        {summary['files_written']}",
        f"validators           {validators['native']} compiled, {validators['python']} Python",
    ]
    if validators["python"]:
        lines.append("  (`contracts compile-validators` compiles them: validation 3x as fast)")
    if summary["failed_on"]:
        lines.append(f"FAILED: the schema failure rate reached --fail-on {summary['failed_on']}")
    return "\n".join(lines)


def _lag(seconds: float | None, over_bound: bool) -> str:
    if seconds is None:
        return "n/a"
    return (
        f"> {seconds:.0f} s (over the histogram's top bound)" if over_bound else f"{seconds:.3f} s"
    )
