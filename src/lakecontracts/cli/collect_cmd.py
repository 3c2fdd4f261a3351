"""``contracts collect``: a local POST /collect endpoint for SDK developers."""

from __future__ import annotations

from pathlib import Path

import click

from lakecontracts.cli.runtime_common import (
    generated_option,
    make_verifier,
    resolve_generated,
    signature_options,
)
from lakecontracts.cli.state_store_option import state_store_option


@click.command("collect")
@click.option("--port", type=click.IntRange(0, 65535), default=8787, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--bronze", default=".lakehouse/bronze", show_default=True)
@click.option("--quarantine", default=".lakehouse/quarantine", show_default=True)
@click.option(
    "--max-body", "max_body", type=click.IntRange(min=1), default=1_048_576, show_default=True
)
@click.option(
    "--max-batch", "max_batch", type=click.IntRange(min=1), default=500, show_default=True
)
@state_store_option
@generated_option
@signature_options
@click.pass_context
def collect_command(
    ctx: click.Context,
    port: int,
    host: str,
    bronze: str,
    quarantine: str,
    max_body: int,
    max_batch: int,
    generated: Path | None,
    state_store: str,
    signature_mode: str,
    hmac_keys: Path | None,
) -> None:
    """Serve POST /collect on HOST:PORT: the body is an envelope, a JSON array of envelopes or
    NDJSON; the response lists accepted, rejected (with reasons and errors) and duplicate
    events. Everything is written to local bronze and quarantine folders before the reply.

    \b
    Example:
      contracts collect --port 8787 &
      curl -s localhost:8787/collect --data-binary @events.ndjson
    """
    from lakecontracts.runtime.assemble import open_ingestor
    from lakecontracts.runtime.collect_server import CollectServer

    ingestor = open_ingestor(
        resolve_generated(ctx, generated),
        bronze,
        quarantine,
        verifier=make_verifier(signature_mode, hmac_keys),
        state_store=state_store,
    )
    server = CollectServer((host, port), ingestor, max_body, max_batch)
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"collecting on http://{bound_host!s}:{bound_port}/collect (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        ingestor.close()
