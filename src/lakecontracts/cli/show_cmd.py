"""``contracts show``: print the resolved JSON Schema of one event version."""

from __future__ import annotations

import json

import click

from lakecontracts.cli.common import open_registry
from lakecontracts.errors import UsageError


def parse_event_ref(ref: str) -> tuple[str, int | None]:
    """``booking.leg_created@2`` -> (name, 2); without ``@`` the version is None."""
    name, sep, version = ref.partition("@")
    if not sep:
        return name, None
    digits = version.removeprefix("v")
    if not digits.isdigit() or int(digits) < 1:
        raise UsageError(
            f"version in '{ref}' must be a positive number",
            hint="write EVENT@2 (or EVENT@v2)",
        )
    return name, int(digits)


@click.command("show")
@click.argument("event_ref", metavar="EVENT[@V]")
@click.option("--payload", "payload_only", is_flag=True, help="Print only the payload schema.")
@click.pass_context
def show_command(ctx: click.Context, event_ref: str, payload_only: bool) -> None:
    """Print the resolved draft-07 JSON Schema (envelope + payload) of an event version.

    Without @V, shows the newest active version.

    \b
    Examples:
      contracts show booking.leg_created
      contracts show booking.leg_created@1 --payload
    """
    from lakecontracts.registry.resolve import resolve_schema

    registry = open_registry(ctx)
    name, version = parse_event_ref(event_ref)
    contract = registry.find(name, version)
    schema = resolve_schema(contract, registry.config)
    if payload_only:
        schema = schema["properties"]["payload"]
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))
