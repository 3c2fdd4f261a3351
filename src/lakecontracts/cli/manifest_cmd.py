"""``contracts manifest``: build or verify the content-addressed manifest."""

from __future__ import annotations

import json
from pathlib import Path

import click

from lakecontracts.cli.common import EXIT_FINDINGS, EXIT_OK, open_registry


@click.command("manifest")
@click.option("--check", is_flag=True, help="Do not write; exit 1 if the file on disk is stale.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Manifest path (default: <outputs.generated>/manifest.json from registry.yaml).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def manifest_command(ctx: click.Context, check: bool, out: Path | None, fmt: str) -> None:
    """Resolve every contract and write the manifest: each event version with its schema URI,
    canonical schema hash (RFC 8785 + SHA-256), privacy tier, status and compatibility mode.

    The manifest hash depends only on content. The git commit it was built from is written
    beside it, in manifest.provenance.json.
    """
    from lakecontracts.fsutil import atomic_write_bytes
    from lakecontracts.registry.manifest import PROVENANCE_FILE, build_manifest, provenance
    from lakecontracts.registry.outputs import generated_dir

    registry = open_registry(ctx)
    manifest = build_manifest(registry)
    target = out or generated_dir(registry.config) / "manifest.json"
    data = manifest.to_bytes()
    if check:
        current = target.read_bytes() if target.is_file() else None
        stale = current != data
        if fmt == "json":
            click.echo(json.dumps({"path": str(target), "stale": stale, "hash": manifest.hash}))
        elif stale:
            click.echo(f"stale: {target} (run `contracts manifest` and commit the result)")
        else:
            click.echo(f"up to date: {target} ({manifest.hash})")
        ctx.exit(EXIT_FINDINGS if stale else EXIT_OK)
    changed = atomic_write_bytes(target, data)
    facts = provenance(registry, manifest)
    atomic_write_bytes(
        target.with_name(PROVENANCE_FILE),
        (json.dumps(facts, indent=2, sort_keys=True) + "\n").encode(),
    )
    if fmt == "json":
        click.echo(json.dumps({"path": str(target), "written": changed, **facts}, sort_keys=True))
        return
    statuses: dict[str, int] = {}
    for entry in manifest.events:
        statuses[entry["status"]] = statuses.get(entry["status"], 0) + 1
    events = len({e["event"] for e in manifest.events})
    counts = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    click.echo(f"{'wrote' if changed else 'unchanged'} {target}")
    click.echo(f"  {events} events, {len(manifest.events)} versions ({counts})")
    click.echo(f"  manifest hash {manifest.hash}")
    click.echo(f"  git commit    {facts['git_commit'] or '(not a git work tree)'}")
