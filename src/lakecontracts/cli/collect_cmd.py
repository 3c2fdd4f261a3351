"""``contracts collect``: a local POST /collect endpoint for SDK developers."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click

from lakecontracts.cli.runtime_common import (
    generated_option,
    make_verifier,
    resolve_generated,
    signature_options,
)
from lakecontracts.cli.state_store_option import state_store_option
from lakecontracts.errors import InputFileError, Location, UsageError
from lakecontracts.runtime.collect_http import (
    DEFAULT_BODY_SECONDS,
    DEFAULT_CLIENT_TIMEOUT_SECONDS,
    DEFAULT_MAX_BATCH,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_CONNECTIONS,
    CollectPolicy,
)

TOKEN_ENV = "CONTRACTS_COLLECT_TOKEN"


@click.command("collect")
@click.option("--port", type=click.IntRange(0, 65535), default=8787, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback is reachable from other machines.",
)
@click.option("--bronze", default=".lakehouse/bronze", show_default=True)
@click.option("--quarantine", default=".lakehouse/quarantine", show_default=True)
@click.option(
    "--max-body",
    "max_body",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BODY_BYTES,
    show_default=True,
)
@click.option(
    "--max-batch",
    "max_batch",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BATCH,
    show_default=True,
)
@click.option(
    "--allow-origin",
    "origins",
    multiple=True,
    metavar="ORIGIN",
    help="A web origin (scheme://host:port) whose pages may post; repeat for more. Requests "
    "from other origins are refused.",
)
@click.option(
    "--token-file",
    "token_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help=f"File holding a bearer token every POST must send (or {TOKEN_ENV}). Never printed.",
)
@click.option(
    "--client-timeout",
    "client_timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_CLIENT_TIMEOUT_SECONDS,
    show_default=True,
    help="Seconds a client may stay silent while sending a request.",
)
@click.option(
    "--body-timeout",
    "body_seconds",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_BODY_SECONDS,
    show_default=True,
    help="Seconds a whole request body may take to arrive.",
)
@click.option(
    "--max-connections",
    "max_connections",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_CONNECTIONS,
    show_default=True,
    help="Connections served at once; more are answered 503.",
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
    origins: tuple[str, ...],
    token_file: Path | None,
    client_timeout: float,
    body_seconds: float,
    max_connections: int,
    generated: Path | None,
    state_store: str,
    signature_mode: str,
    hmac_keys: Path | None,
) -> None:
    """Serve POST /collect on HOST:PORT: the body is an envelope, a JSON array of envelopes or
    NDJSON, sent as application/json or application/x-ndjson. Everything is written to local
    bronze and quarantine folders before the reply: 200 when every event is stored, 207 when
    some were refused, 422 when all were, 503 when storing failed (retry). GET /healthz
    answers 200 while the collector can store.

    Authentication: --token-file (a bearer token per request) and --signature hmac (each
    event signed with its source's key). Browser pages may post from --allow-origin origins.

    \b
    Example:
      contracts collect --port 8787 &
      curl -s localhost:8787/collect -H 'Content-Type: application/x-ndjson' \\
           --data-binary @events.ndjson
    """
    from lakecontracts.runtime.assemble import open_ingestor
    from lakecontracts.runtime.collect_server import CollectServer

    policy = CollectPolicy(
        max_body_bytes=max_body,
        max_batch=max_batch,
        allowed_origins=frozenset(_origin(o) for o in origins),
        token=_token(token_file),
        client_timeout=client_timeout,
        body_seconds=body_seconds,
        max_connections=max_connections,
    )
    if not _is_loopback(host):
        click.echo(
            f"warning: listening on {host}: the collector is reachable from other machines"
            + ("" if policy.token else "; set --token-file so only your clients can post"),
            err=True,
        )
    ingestor = open_ingestor(
        resolve_generated(ctx, generated),
        bronze,
        quarantine,
        verifier=make_verifier(signature_mode, hmac_keys),
        state_store=state_store,
    )
    server = CollectServer(
        (host, port), ingestor, policy, on_error=lambda m: click.echo(f"error: {m}", err=True)
    )
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"collecting on http://{bound_host!s}:{bound_port}/collect (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        ingestor.close()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: assume it is reachable


def _origin(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    if not sep or scheme not in ("http", "https") or not rest or "/" in rest:
        raise UsageError(
            f"--allow-origin {text!r} is not an origin",
            hint="an origin is scheme://host[:port] with no path, e.g. http://localhost:3000",
        )
    return text


def _token(path: Path | None) -> str | None:
    """The bearer token from ``path`` or the environment; a configured empty token is an error."""
    if path is None:
        text = os.environ.get(TOKEN_ENV)
        where = TOKEN_ENV
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputFileError(
                f"cannot read the token file ({type(exc).__name__})",
                location=Location(str(path)),
                hint="the file holds the token alone, as UTF-8 text",
            ) from None
        where = str(path)
    if text is None:
        return None
    token = text.strip()
    if not token or any(c.isspace() or not c.isprintable() for c in token):
        raise UsageError(
            "the collect token is empty or holds spaces or control characters",
            location=Location(where),
            hint="use a long random printable string, e.g. from `openssl rand -hex 32`",
        )
    return token
