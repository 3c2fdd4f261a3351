"""``contracts lint``: check contracts against every rule (pre-commit)."""

from __future__ import annotations

from pathlib import Path

import click

from lakecontracts.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, open_registry


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "junit"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code scanning, github for annotations, "
    "junit for CI test views.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--list-rules", is_flag=True, help="Print every rule's ID, severity and purpose.")
@click.pass_context
def lint_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    strict: bool,
    list_rules: bool,
) -> None:
    """Check contracts: structure, naming, types, PII and privacy, identifiers, Silver.

    PATHS are contract files or folders (default: every contract in the registry).
    Findings print as FILE:LINE:COL: RULE_ID [severity] message.

    \b
    Silence a finding with a reason, on its line or the line above:
      amount: {type: number}  # contracts-lint: disable=TYPE_KNOWN reason: legacy feed
    or for the whole file:
      # contracts-lint: disable-file=PATTERN_ANCHORED reason: substring match intended

    Exit codes: 0 clean (warnings allowed unless --strict), 1 findings,
    2 a file could not be loaded or the command was misused.
    """
    from lakecontracts.lint.table import ALL_RULES

    if list_rules:
        width = max(len(rule.id) for rule in ALL_RULES)
        for rule in ALL_RULES:
            fixed = "" if rule.suppressible else " (never suppressed)"
            click.echo(
                f"{rule.id:<{width}}  {rule.severity:<7}  {rule.category:<11}  "
                f"{rule.summary}{fixed}"
            )
        ctx.exit(EXIT_OK)

    from lakecontracts.lint.engine import lint_paths
    from lakecontracts.lint.render import RENDERERS
    from lakecontracts.reporting.vocabulary import Severity

    registry = open_registry(ctx)
    report = lint_paths(registry, paths)
    text = RENDERERS[fmt](report, ALL_RULES, strict)
    if output is not None:
        from lakecontracts.fsutil import atomic_write_bytes

        atomic_write_bytes(output, text.encode())
    else:
        click.echo(text, nl=False)
    if report.load_errors:
        ctx.exit(EXIT_USAGE)
    failing = report.count(Severity.ERROR) + (report.count(Severity.WARNING) if strict else 0)
    ctx.exit(EXIT_FINDINGS if failing else EXIT_OK)
