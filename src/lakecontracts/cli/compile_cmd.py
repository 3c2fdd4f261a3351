"""``contracts compile-validators``: the generated validators as C extensions (mypyc)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from lakecontracts.cli.runtime_common import generated_option, resolve_generated


@click.command("compile-validators")
@click.argument("events", nargs=-1, metavar="[EVENT[@V]]...")
@generated_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Modules compiled at once (default: one per CPU).",
)
@click.option("--force", is_flag=True, help="Recompile modules whose build is already fresh.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def compile_command(
    ctx: click.Context,
    events: tuple[str, ...],
    generated: Path | None,
    jobs: int | None,
    force: bool,
    fmt: str,
) -> None:
    """Compile generated/validators/*.py with mypyc into validators/.native/ for this Python.

    The runtime (ingest, collect, the Firehose handler) then loads each compiled module
    instead of its source (validation alone about three times as fast, bench_validate), as
    long as it was built from exactly the .py beside it (a SHA-256 stamp says so); after
    `contracts generate` changes a module, its source is used until the next compile. Builds
    are per interpreter and platform: run this with the Python that will load them (e.g. in
    the Lambda build image). Needs mypyc (pip install 'lakecontracts[native]') and a C
    compiler. Each module takes about 6 s of one CPU (gcc -O3); MYPYC_OPT_LEVEL=1 in the
    environment takes about 4 s for about 2% more instructions per validation.

    With EVENT arguments, only their modules are compiled (EVENT: its every version;
    EVENT@V: that version), e.g. the ones a Lambda ships; the others keep their builds.

    \b
    Examples:
      contracts compile-validators              # compile what is stale, one job per CPU
      contracts compile-validators booking.leg_created@2 payments.payment_succeeded
      contracts compile-validators --force -j 1
    """
    from lakecontracts.runtime.manifest_index import VALIDATORS_DIR, read_manifest
    from lakecontracts.validator.native_build import Compiled, compile_validators, modules_for

    root = resolve_generated(ctx, generated)
    folder = root / VALIDATORS_DIR
    only = modules_for(read_manifest(root), events) if events else None

    def progress(item: Compiled) -> None:
        if fmt == "text":
            click.echo(f"  compiled {item.module} in {item.seconds:.1f} s", file=sys.stderr)

    report = compile_validators(folder, jobs=jobs, force=force, only=only, progress=progress)
    if fmt == "json":
        document = {
            "folder": str(folder),
            "suffix": report.suffix,
            "built": [c.module for c in report.compiled if c.built],
            "fresh": [c.module for c in report.compiled if not c.built],
            "removed": [str(p) for p in report.removed],
        }
        click.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode())
        return
    fresh = len(report.compiled) - report.built
    click.echo(
        f"{report.built} compiled, {fresh} already fresh, {len(report.removed)} removed "
        f"in {folder}/.native ({report.suffix})"
    )
