"""``contracts dsar``: request, purge, verify and verify-receipt (issue #17)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from lakecontracts.cli.common import open_registry
from lakecontracts.cli.opsdb_common import recorded_job, run_options
from lakecontracts.cli.runtime_common import generated_option, resolve_generated
from lakecontracts.errors import UsageError
from lakecontracts.jsonout import json_file_bytes

REASONS = (
    "dsar_erasure",
    "consent_withdrawn",
    "account_closed",
    "retention_expired",
    "legal_request",
    "pii_leak_remediation",
)


def _lake_options(func: Any) -> Any:
    func = click.option(
        "--lake",
        type=click.Path(path_type=Path, file_okay=False),
        help="Lake root (default: registry.yaml's storage.local_root).",
    )(func)
    func = click.option(
        "--identity",
        type=click.Path(path_type=Path, file_okay=False),
        help="Stitch output folder (default: <lake>/identity).",
    )(func)
    func = click.option(
        "--key-file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Stitch hash key (default: env CONTRACTS_STITCH_KEY_V<N>).",
    )(func)
    return generated_option(func)


def _open_lake(
    ctx: click.Context,
    lake: Path | None,
    identity: Path | None,
    key_file: Path | None,
    generated: Path | None,
    versions: list[int] | None = None,
) -> Any:
    from lakecontracts.dsar.lake import Lake
    from lakecontracts.registry.storage import local_root
    from lakecontracts.stitch.keys import load_key
    from lakecontracts.stitch.rules import load_rules

    rules = load_rules(resolve_generated(ctx, generated))
    config = open_registry(ctx).config
    wanted = versions or [rules.key_version]
    keys = {v: load_key(v, key_file) for v in wanted}
    return Lake(
        root=lake or local_root(config),
        rules=rules,
        keys=keys,
        identity=identity,
        residual=config.storage.residual,
    )


@click.group("dsar")
def dsar_group() -> None:
    """Data-subject erasure: tombstone, exclusion list, purge of every layer, signed receipt.

    \b
    Examples:
      contracts dsar request --user-id u-abc123 --reason dsar_erasure
      contracts dsar purge
      contracts dsar status 3f2a...-...
      contracts dsar verify 3f2a...-... --out receipt.json
      contracts dsar verify-receipt receipt.json --public-key dsar.pub.pem
    """


@dsar_group.command("request")
@click.option("--user-id", help="The subject's user_id.")
@click.option("--anon-id", help="The subject's anon_id (a subject known only by it).")
@click.option("--reason", type=click.Choice(REASONS), default="dsar_erasure", show_default=True)
@_lake_options
@click.pass_context
def request_command(
    ctx: click.Context,
    user_id: str | None,
    anon_id: str | None,
    reason: str,
    lake: Path | None,
    identity: Path | None,
    key_file: Path | None,
    generated: Path | None,
) -> None:
    """Accept an erasure request: emit the tombstone event (dsar/outbox/), expand the subject
    through the identity graph, record the expansion and add it to the exclusion list (HMAC
    hashes only). Prints the request ID."""
    from lakecontracts.dsar.request import RequestInput, create_request

    if (user_id is None) == (anon_id is None):
        raise UsageError("pass exactly one of --user-id ID and --anon-id ID")
    opened = _open_lake(ctx, lake, identity, key_file, generated)
    stored = _identity_key_versions(opened.identity_dir)
    if stored - set(opened.keys):  # hash the subject under every version still in the graph
        wanted = sorted(stored | set(opened.keys))
        opened = _open_lake(ctx, lake, identity, key_file, generated, wanted)
    record = create_request(
        RequestInput(
            kind="user_id" if user_id is not None else "anon_id",
            value=user_id if user_id is not None else str(anon_id),
            reason=reason,
            generated=resolve_generated(ctx, generated),
            identity=opened.identity_dir,
            folder=opened.folder,
            keys=tuple(opened.keys.values()),
        )
    )
    click.echo(
        f"dsar: request {record['request_id']}: {len(record['nodes'])} node(s), "
        f"deadline {record['deadline_on']}",
        err=True,
    )
    click.echo(record["request_id"])


@dsar_group.command("purge")
@click.option(
    "--bronze-grace-days",
    type=click.IntRange(min=0),
    default=7,
    show_default=True,
    help="Bronze and quarantine are purged once a request is this old.",
)
@click.option(
    "--engine",
    type=click.Choice(["embedded", "spark"]),
    default="embedded",
    show_default=True,
    help="Silver and Gold on pyarrow in this process, or as Spark jobs (the job's own "
    "SparkSession on AWS Glue, a local one otherwise); same results.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_lake_options
@run_options
@click.pass_context
def purge_command(
    ctx: click.Context,
    bronze_grace_days: int,
    engine: str,
    fmt: str,
    lake: Path | None,
    identity: Path | None,
    key_file: Path | None,
    generated: Path | None,
    db_url: str | None,
    scheduled_at: str | None,
    parent_run: str | None,
) -> None:
    """Purge every request's subjects from Silver and Gold Parquet (only files holding a
    subject row are rewritten, atomically, journalled), from bronze and quarantine after the
    grace period, and from the identity graph. Reruns finish an interrupted purge."""
    from lakecontracts.dsar.run import mask_rows, purge

    opened = _open_lake(ctx, lake, identity, key_file, generated, _request_versions(ctx, lake))
    spark = _spark_purge() if engine == "spark" else None
    with recorded_job(ctx, "purge", db_url, scheduled_at, parent_run) as run:
        summary = purge(
            opened,
            bronze_grace_days=bronze_grace_days,
            progress=lambda line: click.echo(f"dsar: {line}", err=True),
            spark=spark,
        )
        removed = sum(r.rows_removed for layer in summary.layers for r in layer.files_rewritten)
        run.add(removed)
        if run.engine is not None:
            from lakecontracts.opsdb.mask_audit import record_masks

            record_masks(run.engine, mask_rows(summary), run.run_id)
    if fmt == "json":
        sys.stdout.buffer.write(json_file_bytes(summary.as_dict(), sort_keys=True))
        return
    click.echo(f"requests   {summary.requests}")
    for layer in summary.layers:
        removed = sum(r.rows_removed for r in layer.files_rewritten)
        click.echo(
            f"{layer.layer:<11}{len(layer.files_rewritten)} of {layer.files_scanned} file(s) "
            f"rewritten, {removed} row(s) removed"
        )
    click.echo(
        f"identity   {summary.identity_nodes_removed} node(s), "
        f"{summary.identity_edges_removed} edge(s) removed"
    )
    if summary.bronze_due:
        click.echo(f"bronze     waiting for the grace period: {len(summary.bronze_due)} request(s)")


def _spark_purge() -> Any:
    from lakecontracts.dsar.spark_engine import SparkPurge, local_session

    try:
        return SparkPurge(local_session())
    except ImportError:
        raise UsageError(
            "--engine spark needs PySpark", hint="pip install pyspark (and Java 17+)"
        ) from None


def _identity_key_versions(identity: Path) -> set[int]:
    """Key versions of the nodes in the stitch outputs (empty when there are none)."""
    from lakecontracts.dsar.subject import stored_key_versions

    return stored_key_versions(identity)


def _request_versions(ctx: click.Context, lake: Path | None) -> list[int] | None:
    """Key versions the recorded requests used (a purge needs each one's key)."""
    from lakecontracts.dsar import state
    from lakecontracts.dsar.lake import DSAR_FOLDER

    if lake is None:
        from lakecontracts.registry.storage import local_root

        lake = local_root(open_registry(ctx).config)
    versions = {v for r in state.all_requests(lake / DSAR_FOLDER) for v in r["key_versions"]}
    return sorted(versions) or None


_GRACE_HELP = "The purge's --bronze-grace-days, to date a pending bronze purge."


@dsar_group.command("status")
@click.argument("request_id")
@click.option("--bronze-grace-days", type=click.IntRange(min=0), default=7, show_default=True,
              help=_GRACE_HELP)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--lake", type=click.Path(path_type=Path, file_okay=False),
              help="Lake root (default: registry.yaml's storage.local_root).")  # fmt: skip
@click.pass_context
def status_command(
    ctx: click.Context, request_id: str, bronze_grace_days: int, fmt: str, lake: Path | None
) -> None:
    """What the purges did for one request (from the purge journal; the same counts as its
    `pii_mask_audit` rows): files rewritten and rows removed per layer, identity-graph
    removals, whether bronze is purged or when it will be, and the receipt if there is one."""
    from lakecontracts.dsar.status import request_status

    if lake is None:
        from lakecontracts.registry.storage import local_root

        lake = local_root(open_registry(ctx).config)
    body = request_status(lake, request_id, bronze_grace_days)
    if fmt == "json":
        sys.stdout.buffer.write(json_file_bytes(body, sort_keys=True))
        return
    click.echo(f"request    {body['request_id']} ({body['reason']}), requested "
               f"{body['requested_at']}, deadline {body['deadline_on']}")  # fmt: skip
    for layer, counts in body["layers"].items():
        click.echo(f"{layer:<15}{counts['files_rewritten']} file(s) rewritten, "
                   f"{counts['rows_removed']} row(s) removed")  # fmt: skip
    identity = body["identity_graph"]
    click.echo(f"identity_graph {identity['nodes_removed']} node(s), "
               f"{identity['edges_removed']} edge(s) removed")  # fmt: skip
    bronze = body["bronze"]
    if bronze["purged_at"]:
        click.echo(f"bronze         purged {bronze['purged_at']}")
    else:
        click.echo(f"bronze         pending: purged after the grace period, on {bronze['due_on']}")
    click.echo(f"receipt        {body['receipt'] or 'none yet'}")


@dsar_group.command("verify")
@click.argument("request_id")
@click.option("--bronze-grace-days", type=click.IntRange(min=0), default=7, show_default=True,
              help=_GRACE_HELP)  # fmt: skip
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the signed receipt here (default: <lake>/dsar/receipts/REQUEST.json).",
)
@click.option(
    "--signing-key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="PEM Ed25519 private key (default: env CONTRACTS_DSAR_SIGNING_KEY).",
)
@_lake_options
@click.pass_context
def verify_command(
    ctx: click.Context,
    request_id: str,
    bronze_grace_days: int,
    out: Path | None,
    signing_key: Path | None,
    lake: Path | None,
    identity: Path | None,
    key_file: Path | None,
    generated: Path | None,
) -> None:
    """Scan every layer for the subject's hashed and raw IDs. Zero residue and bronze purged:
    write a signed receipt and exit 0. Residue, or bronze still within its grace period
    (pending, with the date it is due): no receipt, exit 1."""
    from lakecontracts.dsar import receipt as receipts
    from lakecontracts.dsar import state
    from lakecontracts.dsar.verify import build_receipt, verify
    from lakecontracts.fsutil import atomic_write_bytes

    state.request_path(Path("."), request_id)  # refuse a malformed ID before anything else
    key = receipts.load_signing_key(signing_key)
    opened = _open_lake(ctx, lake, identity, key_file, generated, _request_versions(ctx, lake))
    result = verify(opened, request_id, bronze_grace_days)
    for check in result.checks:
        click.echo(f"{check.layer:<15}{check.files:>6} file(s)  residue {check.count}", err=True)
    if result.residue:
        click.echo(
            f"dsar: {result.residue} row(s) of the subject remain; run `contracts dsar "
            "purge` (bronze waits for its grace period)",
            err=True,
        )
        ctx.exit(1)
    if result.pending:
        click.echo(
            f"dsar: pending: bronze is purged after the grace period, on {result.bronze_due_on};"
            " no receipt until then (rerun `contracts dsar purge`, then verify)",
            err=True,
        )
        ctx.exit(1)
    body = build_receipt(opened, result, key)
    target = out or state.request_path(opened.folder, request_id).parent.parent / "receipts" / (
        f"{request_id}.json"
    )
    atomic_write_bytes(target, json_file_bytes(body, sort_keys=True))
    click.echo(str(target))


@dsar_group.command("verify-receipt")
@click.argument("receipt_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--public-key",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="The signer's Ed25519 public key (PEM, or 64 hex digits).",
)
def verify_receipt_command(receipt_file: Path, public_key: Path) -> None:
    """Check a receipt's Ed25519 signature against the signer's public key."""
    from lakecontracts.dsar import receipt as receipts
    from lakecontracts.dsar.state import read_json

    body = read_json(receipt_file, "receipt")
    receipts.check(body, receipts.load_public_key(public_key), str(receipt_file))
    click.echo(
        f"receipt {receipt_file}: signature valid; request {body.get('request_id')}, "
        f"residue {body.get('residue')}, physically gone by {body.get('physically_gone_by')}"
    )
