"""``contracts hash``: the RFC 8785 canonical form and SHA-256 digest of a JSON file.

Only argument handling and output live here; parsing and hashing are
:mod:`lakecontracts.registry.canonical`. Errors are raised as typed exceptions for the CLI's
main entry point to report.
"""

from __future__ import annotations

import hashlib

import click

from lakecontracts.errors import InputFileError, Location
from lakecontracts.registry.canonical import (
    canonical_bytes,
    parse_json_strict,
    schema_canonical_bytes,
)


@click.command("hash")
@click.argument("source", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--canonical",
    is_flag=True,
    help="Write the canonical bytes themselves (no trailing newline) instead of the digest.",
)
@click.option(
    "--schema",
    is_flag=True,
    help="Hash FILE as a JSON Schema, the way the manifest's schema_hash is taken: integers "
    "beyond 2**53 (an int64 'maximum') are exact numbers, not refused.",
)
def hash_command(source: str, canonical: bool, schema: bool) -> None:
    """Print the canonical SHA-256 digest of a JSON file (use - for standard input).

    The digest is taken over the file's RFC 8785 canonical form (JSON Canonicalization
    Scheme), not over its bytes: object keys sorted, no whitespace, strings and numbers
    written one fixed way. Key order, indentation and number spelling (1.0, 1e0) therefore do
    not change it, and any RFC 8785 implementation, in any language, computes the same one.
    The output looks like sha256sum's: the 64-digit hex digest, two spaces, the file name.

    Files that have no single canonical form are refused with their position: invalid JSON
    or UTF-8, duplicate keys, NaN or Infinity, integers beyond 2**53 that no IEEE-754 double
    holds exactly, and lone surrogates.

    With --schema the file is a JSON Schema and the digest is the manifest's schema_hash
    (without its "sha256:" prefix): RFC 8785, except that an integer beyond 2**53 that no
    double holds exactly is written as its exact digits followed by ".0", a text RFC 8785
    never produces (docs/reference/hashing.md).

    \b
    Examples:
      contracts hash event.json
      contracts hash --canonical event.json > event.canonical.json
      echo '{"b": 1.0, "a": [true]}' | contracts hash --canonical -
      -> {"a":[true],"b":1}
      contracts hash --schema generated/schemas/booking.leg_created/v2.schema.json
    """
    try:
        with click.open_file(source, "rb") as stream:  # "-" is standard input
            raw = stream.read()
    except OSError as exc:
        raise InputFileError(
            f"cannot read file: {exc.strerror or exc}", location=Location(source)
        ) from exc
    if schema:
        data = schema_canonical_bytes(parse_json_strict(raw, source, exact_integers=True))
    else:
        data = canonical_bytes(parse_json_strict(raw, source))
    if canonical:
        click.echo(data, nl=False)  # bytes go to the binary stream untouched
    else:
        click.echo(f"{hashlib.sha256(data).hexdigest()}  {source}")
