"""The reference pages cover what the code defines: a new registry section, contract key,
x- annotation or command that the docs do not mention fails here, naming the page to update."""

from __future__ import annotations

import json
import re

import click
import pytest

from lakecontracts.cli.main import cli
from lakecontracts.lint.rules.privacy import KNOWN_ANNOTATIONS
from tests.conftest import REPO_ROOT

DOCS = REPO_ROOT / "docs"
SCHEMAS = REPO_ROOT / "src" / "lakecontracts" / "registry" / "schemas"


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _schema_keys(name: str) -> list[str]:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return sorted(schema["properties"])


@pytest.mark.parametrize("section", _schema_keys("registry.schema.json"))
def test_every_registry_section_has_a_heading(section: str) -> None:
    headings = re.findall(r"^## `([a-z_]+)`", _page("reference/registry.md"), re.MULTILINE)
    assert section in headings, f"docs/reference/registry.md needs a '## `{section}`' section"


@pytest.mark.parametrize("key", _schema_keys("contract.schema.json"))
def test_every_contract_key_is_in_the_key_table(key: str) -> None:
    row = re.compile(rf"^\|[^|\n]*`{key}`", re.MULTILINE)  # first cell of a table row
    assert row.search(_page("reference/contract-format.md")), (
        f"docs/reference/contract-format.md: describe the top-level key `{key}`"
    )


@pytest.mark.parametrize("annotation", sorted(KNOWN_ANNOTATIONS))
def test_every_annotation_is_in_the_annotation_table(annotation: str) -> None:
    rows = re.findall(r"^\| `(x-[a-z-]+)`", _page("reference/contract-format.md"), re.MULTILINE)
    assert annotation in rows, f"docs/reference/contract-format.md: add a row for `{annotation}`"


@pytest.mark.parametrize("command", cli.list_commands(click.Context(cli)))
def test_every_command_has_its_exit_codes(command: str) -> None:
    section = _page("reference/runtime.md").split("## Exit codes", 1)[1]
    assert f"`{command}" in section, (
        f"docs/reference/runtime.md, Exit codes: say what exit 1 means for `{command}`"
    )


def test_every_page_is_linked_from_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("tutorial.md", "deploying.md", "signatures.md"):
        assert f"(docs/{name})" in readme, name
    for page in sorted((DOCS / "reference").glob("*.md")):
        assert f"(docs/reference/{page.name})" in readme, page.name
