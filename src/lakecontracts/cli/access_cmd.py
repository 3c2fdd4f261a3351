"""``contracts access``: who sees which columns and rows, read from the generated LF policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from lakecontracts.cli.common import open_registry
from lakecontracts.cli.runtime_common import generated_option, resolve_generated
from lakecontracts.errors import UsageError


@click.command("access")
@click.argument("workspace")
@click.argument("table", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@generated_option
@click.pass_context
def access_command(
    ctx: click.Context, workspace: str, table: str | None, fmt: str, generated: Path | None
) -> None:
    """What WORKSPACE may read: every table it sees (with its row filter), or for one TABLE
    (DATABASE.TABLE, or TABLE alone when one database has it) the columns it sees and those
    hidden from it. Read from the Lake Formation requests `contracts generate` wrote, evaluated
    with Lake Formation's documented tag rules: what this shows is what the policy grants.

    \b
    Examples:
      contracts access Support                       # tables Support sees, with row filters
      contracts access Support silver.fact_bookings  # its columns, and the hidden ones
      contracts access Metabase --format json
    """
    from lakecontracts.governance.access import AccessPolicy, workspace_view

    folder = resolve_generated(ctx, generated) / "lakeformation"
    _check_workspace(ctx, workspace)
    policy = AccessPolicy.load(folder)
    keys = sorted(policy.tables) if table is None else [_table_key(policy.tables, table)]
    rows: list[dict[str, Any]] = []
    for database, name in keys:
        view = workspace_view(policy, workspace, database, name)
        if table is None and not view.visible:
            continue
        hidden = [c for c in policy.column_names(database, name) if c not in view.columns]
        rows.append(
            {
                "table": f"{database}.{name}",
                "columns": list(view.columns),
                "hidden": sorted(hidden),
                "row_filter": view.row_filter,
            }
        )
    if fmt == "json":
        click.echo(json.dumps({"workspace": workspace, "tables": rows}, indent=2))
    elif table is None:
        _print_tables(workspace, rows)
    else:
        _print_table(workspace, rows[0])


def _check_workspace(ctx: click.Context, workspace: str) -> None:
    known = sorted(space.name for space in open_registry(ctx).config.workspaces)
    if workspace not in known:
        raise UsageError(
            f"no workspace {workspace!r} in registry.yaml",
            hint=f"choose one of: {', '.join(known) or '(none declared under workspaces:)'}",
        )


def _table_key(tables: Any, spec: str) -> tuple[str, str]:
    database, _, name = spec.rpartition(".")
    matches = [key for key in tables if key[1] == name and (not database or key[0] == database)]
    if len(matches) == 1:
        return matches[0]  # type: ignore[no-any-return]
    where = "in more than one database" if matches else "in the generated policy"
    hint = (
        ", ".join(f"{d}.{t}" for d, t in sorted(matches))
        if matches
        else "see `contracts access WORKSPACE`"
    )
    raise UsageError(
        f"table {spec!r} {'is ambiguous:' if matches else 'not found'} {where}", hint=hint
    )


def _print_tables(workspace: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        click.echo(f"{workspace} sees no table.")
        return
    width = max(len(r["table"]) for r in rows)
    click.echo(f"{workspace} sees {len(rows)} table(s):")
    for row in rows:
        rows_seen = row["row_filter"] or "every row"
        click.echo(f"  {row['table']:<{width}}  {len(row['columns']):>3} column(s)  {rows_seen}")


def _print_table(workspace: str, row: dict[str, Any]) -> None:
    if not row["columns"]:
        click.echo(f"{workspace} cannot read {row['table']}.")
        return
    click.echo(f"{workspace} reads {row['table']}: {row['row_filter'] or 'every row'}")
    click.echo("  columns: " + ", ".join(row["columns"]))
    if row["hidden"]:
        click.echo("  hidden:  " + ", ".join(row["hidden"]))
