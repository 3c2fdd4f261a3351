"""``contracts diff``: semantic compatibility of two plain JSON Schema files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from lakecontracts.cli.common import EXIT_FINDINGS, EXIT_OK
from lakecontracts.registry.config import COMPATIBILITY_MODES


def load_schema_file(path: Path) -> Any:
    """A JSON (or YAML) schema file, with located errors; larger than
    ``MAX_SCHEMA_BYTES`` is refused before reading."""
    from lakecontracts.compat.root import MAX_SCHEMA_BYTES
    from lakecontracts.registry.canonical import parse_json_strict
    from lakecontracts.registry.yamlsource import parse_yaml, read_text

    text = read_text(path, max_bytes=MAX_SCHEMA_BYTES, pipes=True)
    if path.suffix in (".yaml", ".yml"):
        return parse_yaml(text, str(path)).data
    return parse_json_strict(text, str(path), exact_integers=True)


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--mode",
    default="FULL",
    show_default=True,
    type=click.Choice(COMPATIBILITY_MODES, case_sensitive=False),
    help="Which directions must hold for exit code 0.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--allow-unknown", is_flag=True, help="Treat undecidable changes as compatible.")
@click.option(
    "--strict-keywords",
    is_flag=True,
    help="Keywords no JSON Schema draft defines make a verdict unknown (default: read as "
    "annotations, as the specifications say, and reported once).",
)
@click.pass_context
def diff_command(
    ctx: click.Context,
    old: Path,
    new: Path,
    mode: str,
    fmt: str,
    allow_unknown: bool,
    strict_keywords: bool,
) -> None:
    """Compare two JSON Schemas (draft-04/06/07/2019-09/2020-12, by $schema) semantically.

    BACKWARD holds when every instance OLD accepts, NEW accepts; FORWARD the other way round.
    Every incompatibility comes with a witness: a complete instance one schema accepts and
    the other rejects, confirmed with the jsonschema reference validator. What cannot be
    decided (e.g. two different regexes) is "unknown" and fails unless --allow-unknown.

    \b
    JSON output (stable):
      {"mode", "verdict", "backward": true|false|"unknown", "forward": ...,
       "changes": [{"rule", "path", "direction", "compatible", "reason", "witness"}]}

    Exit codes: 0 compatible under --mode, 1 incompatible or unknown, 2 bad input.
    """
    from lakecontracts.compat.compare import compare_schemas
    from lakecontracts.compat.modes import mode_verdict
    from lakecontracts.compat.render import render_diff_json, render_diff_text
    from lakecontracts.reporting.vocabulary import Verdict

    result = compare_schemas(
        load_schema_file(old), load_schema_file(new), strict_keywords=strict_keywords
    )
    mode = mode.upper()
    verdict = mode_verdict(result, mode)
    render = render_diff_json if fmt == "json" else render_diff_text
    click.echo(render(result, mode, verdict), nl=False)
    passed = verdict is Verdict.COMPATIBLE or (verdict is Verdict.UNKNOWN and allow_unknown)
    ctx.exit(EXIT_OK if passed else EXIT_FINDINGS)
