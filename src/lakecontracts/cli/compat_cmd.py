"""``contracts compat``: compare the registry with a git ref (CI on every pull request)."""

from __future__ import annotations

from pathlib import Path

import click

from lakecontracts.cli.common import EXIT_FINDINGS, EXIT_OK, open_registry


@click.command("compat")
@click.option(
    "--against",
    metavar="REF",
    help="Git ref to compare with (default: merge base of HEAD and registry.main_branch, "
    "else origin/<main_branch>).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "junit"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code scanning, github for "
    "annotations, junit for CI test reports.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--suggest-version",
    is_flag=True,
    help="Say per changed contract which version bump the change needs.",
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Reviewed waivers file (default: compat-waivers.yaml beside registry.yaml, if any).",
)
@click.option("--list-rules", is_flag=True, help="Print every rule's ID, severity and purpose.")
@click.option(
    "--strict-keywords",
    is_flag=True,
    help="Keywords no JSON Schema draft defines make a verdict unknown (default: read as "
    "annotations, as the specifications say, and reported once).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Resolve every earlier revision from git; neither read nor write .contracts-cache/.",
)
@click.pass_context
def compat_command(
    ctx: click.Context,
    against: str | None,
    fmt: str,
    output: Path | None,
    suggest_version: bool,
    waivers_file: Path | None,
    list_rules: bool,
    strict_keywords: bool,
    no_cache: bool,
) -> None:
    """Compare changed contracts with a git ref: compatibility, version policy, governance.

    Each changed contract file is compared with its content at REF under its compatibility
    mode (transitive modes: with every earlier revision in git history). A break within a
    version fails with the fix (a new v<N+1> file with supersedes: N); a new version must keep
    every Silver column fed with a compatible type. Governance changes (privacy tier lowered,
    PII class changed, identifier removed, natural key changed, version retired while active)
    and Athena table changes fail unless waived in compat-waivers.yaml (rule, event, v,
    optional path, reason, approver, expires).

    \b
    In CI, fetch the history: actions/checkout with `fetch-depth: 0`. Earlier revisions'
    resolved schemas are cached by git blob in .contracts-cache/compat (or
    $CONTRACTS_CACHE_DIR); keep that folder between CI runs to reuse them.

    Exit codes: 0 no failing finding, 1 a breaking change or a failing rule (expired
    waivers included), 2 usage or input error (bad ref, shallow clone without the ref,
    malformed contract or waivers file).
    """
    from lakecontracts.gate.table import ALL_RULES

    if list_rules:
        for rule in ALL_RULES:
            click.echo(f"{rule.id:<34}  {rule.severity:<7}  {rule.category:<10}  {rule.summary}")
        ctx.exit(EXIT_OK)

    from lakecontracts.gate.check import CompatOptions, run_compat
    from lakecontracts.gate.history import GitHistory
    from lakecontracts.gate.render import RENDERERS
    from lakecontracts.gate.waivers import WAIVERS_FILE, load_waivers

    registry = open_registry(ctx)
    default_waivers = registry.root / WAIVERS_FILE
    if waivers_file is None and default_waivers.is_file():
        waivers_file = default_waivers
    waivers = tuple(load_waivers(waivers_file)) if waivers_file is not None else ()
    history = GitHistory.open(registry.root)
    options = CompatOptions(
        against=against,
        waivers=waivers,
        strict_keywords=strict_keywords,
        use_cache=not no_cache,
    )
    report = run_compat(registry, history, options)
    text = RENDERERS[fmt](report, suggest_version)
    if output is not None:
        from lakecontracts.fsutil import atomic_write_bytes

        atomic_write_bytes(output, text.encode())
    else:
        click.echo(text, nl=False)
    ctx.exit(EXIT_FINDINGS if report.failed else EXIT_OK)
