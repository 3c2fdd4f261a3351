"""``contracts init``: scaffold a new registry repository that lints clean."""

from __future__ import annotations

from importlib import resources
from io import StringIO
from pathlib import Path

import click

from lakecontracts.errors import UsageError

SCAFFOLD = {
    "contracts/registry.yaml": "registry.yaml",
    "contracts/events/example/item_created/v1.yaml": "example_contract.yaml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/contracts.yml": "ci-workflow.yaml",
    ".gitignore": "gitignore.txt",
}


def _template(name: str) -> str:
    return resources.files("lakecontracts.scaffold").joinpath(name).read_text(encoding="utf-8")


def render_registry(name: str, owner: str) -> str:
    """The registry template with name and owner set, comments kept (ruamel.yaml round trip)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100
    data = yaml.load(_template("registry.yaml"))
    data["registry"]["name"] = name
    data["registry"]["owners"][0] = owner
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=".")
@click.option("--name", default=None, help="Registry name (default: the folder's name).")
@click.option("--owner", default="team-example", show_default=True, help="First owning team.")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option(
    "--tool-spec",
    default=None,
    metavar="REQUIREMENT",
    help="What the CI workflow pip-installs, e.g. 'lakecontracts @ git+https://github.com/"
    "acme/lakecontracts@v0.1.0' (default: where this installation came from, pinned).",
)
def init_command(
    directory: Path, name: str | None, owner: str, force: bool, tool_spec: str | None
) -> None:
    """Create a new registry in DIRECTORY: registry.yaml, one example contract, a pre-commit
    config and a CI workflow snippet. The result passes `contracts lint` as it is.

    \b
    Example:
      contracts init my-events --owner team-data
      cd my-events && git init && contracts lint
    """
    import re

    from lakecontracts.fsutil import atomic_write_bytes

    registry_name = name or re.sub(r"[^a-z0-9-]+", "-", directory.resolve().name.lower()).strip("-")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", registry_name or ""):
        raise UsageError(
            f"registry name {registry_name!r} must be lowercase letters, digits and dashes",
            hint="pass --name my-events",
        )
    if not re.fullmatch(r"[a-z][a-z0-9-]*", owner):
        raise UsageError(f"owner {owner!r} must look like team-name", hint="pass --owner team-data")
    existing = [rel for rel in SCAFFOLD if (directory / rel).exists()]
    if existing and not force:
        raise UsageError(
            f"{directory / existing[0]} already exists",
            hint="choose an empty folder or pass --force to overwrite",
        )
    from lakecontracts.scaffold.toolspec import default_tool_spec, quoted_tool_spec

    spec = quoted_tool_spec(tool_spec or default_tool_spec())
    for rel, template in SCAFFOLD.items():
        if template == "registry.yaml":
            text = render_registry(registry_name, owner)
        else:
            text = _template(template).replace("team-example", owner).replace("TOOL_SPEC", spec)
        atomic_write_bytes(directory / rel, text.encode())
        click.echo(f"created {directory / rel}")
    click.echo(f"CI installs {spec} (change with --tool-spec)")
    click.echo(
        f"\nNext: cd {directory} && git init && contracts lint && contracts generate\n"
        "      contracts sample example.item_created -n 10 > events.ndjson\n"
        "      contracts ingest events.ndjson"
    )
