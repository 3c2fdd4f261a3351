"""``contracts generate``: write every artifact pipelines need into generated/."""

from __future__ import annotations

import json

import click

from lakecontracts.cli.common import EXIT_FINDINGS, EXIT_OK, open_registry
from lakecontracts.cli.opsdb_common import RunCounter, recorded_job, run_options
from lakecontracts.errors import UsageError


@click.command("generate")
@click.option(
    "--target",
    "names",
    multiple=True,
    metavar="NAME",
    help="Only these targets (repeatable; default: all). See --list-targets.",
)
@click.option("--list-targets", is_flag=True, help="Print every target and what it writes.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing stale files.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render everything afresh; neither read nor write .contracts-cache/.",
)
@run_options
@click.pass_context
def generate_command(
    ctx: click.Context,
    names: tuple[str, ...],
    list_targets: bool,
    check: bool,
    fmt: str,
    no_cache: bool,
    db_url: str | None,
    scheduled_at: str | None,
    parent_run: str | None,
) -> None:
    """Generate artifacts from the registry into generated/ (outputs.generated in
    registry.yaml). Only files whose bytes change are rewritten; files a target no longer
    produces are removed if the previous run listed them in generated/outputs.json.
    Outputs stay inside the registry's repository; one run at a time. Output is
    byte-identical across runs and machines.

    \b
    Examples:
      contracts generate                    # everything
      contracts generate --target schemas   # one target
      contracts generate --check            # CI: exit 1 and list stale files

    Rendered outputs are cached in .contracts-cache/ (or $CONTRACTS_CACHE_DIR; empty
    disables it) by the content of everything they come from, so a rerun re-renders only
    what changed; the output is the same with or without the cache. Entries are signed
    with a secret in ~/.cache/lakecontracts/ ($XDG_CACHE_HOME), so a cache committed into
    the checkout is never trusted.
    """
    from lakecontracts.codegen.targets import TARGETS

    if list_targets:
        width = max(len(t.name) for t in TARGETS)
        for target in TARGETS:
            where = "(registry.yaml outputs)" if target.base else target.folder or "."
            click.echo(f"{target.name:<{width}}  {where:<24} {target.summary}")
        ctx.exit(EXIT_OK)
    known = {t.name for t in TARGETS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(
            f"unknown target(s): {', '.join(unknown)}",
            hint=f"choose from {', '.join(sorted(known))} (contracts generate --list-targets)",
        )
    with recorded_job(ctx, "generate", db_url, scheduled_at, parent_run) as run:
        _generate(ctx, names, check, fmt, run, not no_cache)


def _generate(
    ctx: click.Context,
    names: tuple[str, ...],
    check: bool,
    fmt: str,
    run: RunCounter,
    use_cache: bool,
) -> None:
    from lakecontracts.codegen.cache import CachedGeneration
    from lakecontracts.codegen.targets import TARGETS
    from lakecontracts.codegen.writer import apply, generation_lock, plan
    from lakecontracts.registry.outputs import generated_dir, repository_root
    from lakecontracts.registry.registry import display_path

    registry = open_registry(ctx)
    inp = CachedGeneration.open(registry, enabled=use_cache)
    chosen = [t for t in TARGETS if not names or t.name in names]
    inp.prepare(chosen)  # a refused registry is refused before generated/ is created
    out_dir = generated_dir(registry.config)
    repo = repository_root(registry.config)
    if check:
        result = plan(out_dir, chosen, inp, repo)
    else:
        with generation_lock(out_dir):
            result = plan(out_dir, chosen, inp, repo)
            apply(result)
    inp.save()
    run.add(rows=len(result.files))
    stale = [display_path(p) for p in result.stale]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "out_dir": display_path(out_dir),
                    "check": check,
                    "files": len(result.files),
                    "stale" if check else "written": stale,
                    "targets": result.by_target,
                },
                indent=2,
                sort_keys=True,
            )
        )
    if check:
        if fmt == "text":
            for path in stale:
                click.echo(f"stale: {path}")
            click.echo(
                f"{len(stale)} stale file(s); run `contracts generate` and commit the result"
                if stale
                else f"up to date: {len(result.files)} file(s) in {display_path(out_dir)}"
            )
        ctx.exit(EXIT_FINDINGS if stale else EXIT_OK)
    if fmt == "text":
        for target in chosen:
            click.echo(f"  {target.name:<12} {result.by_target[target.name]:>5} file(s)")
        click.echo(
            f"{len(result.changed)} written, {len(result.removed)} removed, "
            f"{len(result.files) - len(result.changed)} unchanged in {display_path(out_dir)}"
        )
