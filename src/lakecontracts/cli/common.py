"""What every command shares: exit codes, error reporting, opening the registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lakecontracts.errors import ContractsError

if TYPE_CHECKING:
    from lakecontracts.registry.registry import Registry

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def report_error(exc: ContractsError) -> None:
    """One error line with the place, and the fix on the next line."""
    click.secho("error: ", fg="red", bold=True, err=True, nl=False)
    click.echo(str(exc), err=True)
    if exc.hint:
        click.echo(f"  hint: {exc.hint}", err=True)


def open_registry(ctx: click.Context) -> Registry:
    """The registry named by --registry or found from the working directory."""
    from lakecontracts.registry.registry import Registry, find_registry_root

    root_obj = ctx.find_root().obj
    explicit = root_obj.get("registry_path") if isinstance(root_obj, dict) else None
    return Registry.open(find_registry_root(explicit))
