"""The ``contracts`` command: a click group that turns library errors into one clear message.

Only this package prints and exits. Library code raises typed
:class:`~lakecontracts.errors.ContractsError` exceptions; they are reported here as
``error: file:line:col: message`` plus a hint, with exit code 2. Anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from lakecontracts import __version__
from lakecontracts.cli.common import EXIT_USAGE, report_error
from lakecontracts.errors import ContractsError

# Each subcommand's module is imported only when that command runs (or help lists them all):
# `contracts lint FILE` in pre-commit must not pay for the runtime, compat, codegen or opsdb
# imports (issue #18 item 5, benchmarks/bench_lint.py).
COMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("lint_cmd", "lint_command"),
    "show": ("show_cmd", "show_command"),
    "manifest": ("manifest_cmd", "manifest_command"),
    "generate": ("generate_cmd", "generate_command"),
    "compile-validators": ("compile_cmd", "compile_command"),
    "hash": ("hash_cmd", "hash_command"),
    "init": ("init_cmd", "init_command"),
    "diff": ("diff_cmd", "diff_command"),
    "compat": ("compat_cmd", "compat_command"),
    "ingest": ("ingest_cmd", "ingest_command"),
    "sample": ("sample_cmd", "sample_command"),
    "collect": ("collect_cmd", "collect_command"),
    "access": ("access_cmd", "access_command"),
    "stitch": ("stitch_cmd", "stitch_command"),
    "curate": ("curate_cmd", "curate_command"),
    "dsar": ("dsar_cmd", "dsar_group"),
    "db": ("db_cmd", "db_group"),
    "monitor": ("monitor_cmd", "monitor_command"),
}


class ContractsGroup(click.Group):
    """A group whose subcommands may raise ContractsError; reported once, exit code 2.

    Subcommands are loaded on first use from :data:`COMMANDS`.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            loaded = importlib.import_module(f"lakecontracts.cli.{module}")
            command: click.Command = getattr(loaded, attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

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


def main() -> None:
    cli(prog_name="contracts")
