"""``contracts sample``: realistic NDJSON envelopes of one event version."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from lakecontracts.cli.runtime_common import (
    generated_option,
    make_verifier,
    resolve_generated,
    signature_options,
)


@click.command("sample")
@click.argument("spec", metavar="EVENT[@V]")
@click.option("-n", "count", type=click.IntRange(min=0), default=10, show_default=True)
@click.option("--invalid", is_flag=True, help="Break each envelope in one named way.")
@click.option("--seed", type=int, help="Reproduce the same bytes (anchors time at 2025-01-01).")
@click.option(
    "--anchor",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]),
    help="Time the samples happen around (default: now, or a fixed time with --seed).",
)
@click.option(
    "--show-mutation", is_flag=True, help="With --invalid: print 'mutation<TAB>reason' to stderr."
)
@click.option(
    "--users",
    type=click.IntRange(min=1),
    help="Draw identifiers from a population of N people (devices, rotating anon_ids, "
    "sessions, logins, shared devices) for `contracts stitch`.",
)
@click.option(
    "--days",
    type=click.FloatRange(min=0),
    default=0.0,
    help="With --users: spread the events over this many days before the anchor.",
)
@generated_option
@signature_options
@click.pass_context
def sample_command(
    ctx: click.Context,
    spec: str,
    count: int,
    invalid: bool,
    seed: int | None,
    anchor: datetime | None,
    show_mutation: bool,
    users: int | None,
    days: float,
    generated: Path | None,
    signature_mode: str,
    hmac_keys: Path | None,
) -> None:
    """Write N envelopes of EVENT (newest live version) or EVENT@V as NDJSON to stdout, with
    correct signatures. With --invalid each one fails in one named way (truncated_json,
    invalid_utf8, not_an_envelope, unknown_event, unknown_version, missing_required,
    wrong_type, extra_property, bad_signature, oversize), in turn.

    \b
    Examples:
      contracts sample booking.leg_created -n 100 --seed 7 > legs.ndjson
      contracts sample booking.leg_created@1 -n 10 --invalid > broken.ndjson
      contracts sample messaging.message_sent -n 5000 --users 500 --days 3 --seed 1
    """
    from datetime import UTC

    from lakecontracts.runtime.manifest_index import load_index
    from lakecontracts.runtime.sample import pick_route, samples

    index = load_index(resolve_generated(ctx, generated))
    route = pick_route(index, spec)
    when = anchor.replace(tzinfo=anchor.tzinfo or UTC) if anchor else None
    out = sys.stdout.buffer
    for sample in samples(
        index,
        route,
        count,
        invalid=invalid,
        seed=seed,
        anchor=when,
        verifier=make_verifier(signature_mode, hmac_keys),
        users=users,
        spread_days=days,
    ):
        out.write(sample.line + b"\n")
        if show_mutation and sample.mutation:
            click.echo(f"{sample.mutation}\t{sample.expected}", err=True)
    out.flush()
