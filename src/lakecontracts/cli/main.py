"""The ``contracts`` command: a click group that turns library errors into one clear message.

Only this package prints and exits. Library code raises typed
:class:`~lakecontracts.errors.ContractsError` exceptions; they are reported here as
``error: file:line:col: message`` plus a hint, with exit code 2. Anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from lakecontracts import __version__
from lakecontracts.cli.common import EXIT_USAGE, report_error
from lakecontracts.errors import ContractsError


class ContractsGroup(click.Group):
    """A group whose subcommands may raise ContractsError; reported once, exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ContractsError as exc:
            report_error(exc)
            ctx.exit(EXIT_USAGE)


@click.group(cls=ContractsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
    envvar="CONTRACTS_REGISTRY",
    help="Folder holding registry.yaml (default: found upwards from the working directory, "
    "also in a contracts/ subfolder). Env: CONTRACTS_REGISTRY.",
)
@click.version_option(__version__, prog_name="contracts")
@click.pass_context
def cli(ctx: click.Context, registry_path: Path | None) -> None:
    """Schema-contract registry and governance for the lakehouse.

    Event contracts are YAML files in git (events/<domain>/<name>/v<N>.yaml beside
    registry.yaml). This tool lints them, resolves each to one JSON Schema, and builds the
    content-addressed manifest that pipelines consume.

    \b
    Typical use:
      contracts lint                      # pre-commit: check every contract
      contracts show booking.leg_created  # the resolved JSON Schema (newest active version)
      contracts manifest                  # write generated/manifest.json
      contracts manifest --check          # CI: fail when the manifest is stale

    Exit codes: 0 success, 1 findings or stale output, 2 usage or input error.
    """
    ctx.ensure_object(dict)
    ctx.obj["registry_path"] = registry_path


def _register() -> None:
    from lakecontracts.cli.access_cmd import access_command
    from lakecontracts.cli.collect_cmd import collect_command
    from lakecontracts.cli.compat_cmd import compat_command
    from lakecontracts.cli.compile_cmd import compile_command
    from lakecontracts.cli.db_cmd import db_group
    from lakecontracts.cli.diff_cmd import diff_command
    from lakecontracts.cli.dsar_cmd import dsar_group
    from lakecontracts.cli.generate_cmd import generate_command
    from lakecontracts.cli.hash_cmd import hash_command
    from lakecontracts.cli.ingest_cmd import ingest_command
    from lakecontracts.cli.init_cmd import init_command
    from lakecontracts.cli.lint_cmd import lint_command
    from lakecontracts.cli.manifest_cmd import manifest_command
    from lakecontracts.cli.monitor_cmd import monitor_command
    from lakecontracts.cli.sample_cmd import sample_command
    from lakecontracts.cli.show_cmd import show_command
    from lakecontracts.cli.stitch_cmd import stitch_command

    for command in (
        lint_command,
        show_command,
        manifest_command,
        generate_command,
        compile_command,
        hash_command,
        init_command,
        diff_command,
        compat_command,
        ingest_command,
        sample_command,
        collect_command,
        access_command,
        stitch_command,
        dsar_group,
        db_group,
        monitor_command,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="contracts")
