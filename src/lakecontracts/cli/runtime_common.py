"""Options the runtime commands (ingest, sample, collect) share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from lakecontracts.cli.common import open_registry
from lakecontracts.runtime.signatures import SignatureMode, Verifier, open_verifier

F = TypeVar("F", bound=Callable[..., Any])


def generated_option(func: F) -> F:
    return click.option(
        "--generated",
        "generated",
        type=click.Path(path_type=Path, file_okay=False),
        envvar="CONTRACTS_GENERATED",
        help="Folder written by `contracts generate` (default: the registry's outputs.generated). "
        "Env: CONTRACTS_GENERATED.",
    )(func)


def signature_options(func: F) -> F:
    func = click.option(
        "--hmac-keys",
        "hmac_keys",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="JSON file {source: key} for --signature hmac (or CONTRACTS_HMAC_KEYS_FILE, "
        "CONTRACTS_HMAC_KEY_<SOURCE>). Keys are never printed.",
    )(func)
    return click.option(
        "--signature",
        "signature_mode",
        type=click.Choice([m.value for m in SignatureMode]),
        default=SignatureMode.DIGEST.value,
        show_default=True,
        help="meta.signature is a SHA-256 digest of the canonical envelope (proves integrity, "
        "not origin), or an HMAC-SHA256 with a per-source key. See docs/signatures.md.",
    )(func)


def resolve_generated(ctx: click.Context, generated: Path | None) -> Path:
    """The generated/ folder: explicit, else the one registry.yaml names."""
    if generated is not None:
        return generated
    from lakecontracts.registry.outputs import generated_dir

    return generated_dir(open_registry(ctx).config)


def make_verifier(mode: str, keys_file: Path | None) -> Verifier:
    return open_verifier(mode, keys_file)
