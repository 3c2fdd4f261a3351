"""Target ``matrix``: the reader/writer grid, proven breaks, checklists, the configured path."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.matrix.checklist import short_witness
from lakecontracts.codegen.matrix.place import matrix_path
from lakecontracts.codegen.matrix.render import (
    Comparisons,
    breaking,
    event_section,
    version_unpinned,
)
from lakecontracts.codegen.targets import Target
from lakecontracts.codegen.writer import apply, outputs_bytes, plan
from lakecontracts.compat.model import NO_VALUE, Direction
from lakecontracts.registry.registry import Registry, display_path
from lakecontracts.registry.resolved import ResolvedEvent, resolve_all
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT

CHECKED_IN = REPO_ROOT / "docs" / "data" / "events" / "compatibility_matrix.md"
PRIVACY_RESET = Path("events", "identity", "privacy_reset")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def versions_of(root: Path, event: str) -> list[ResolvedEvent]:
    events = resolve_all(Registry.open(root))
    return sorted((e for e in events if e.event == event), key=lambda e: e.v)


def copy_registry(tmp_path: Path) -> Path:
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    return root


def set_matrix_output(root: Path, value: str | None) -> None:
    config = root / "registry.yaml"
    lines = config.read_text().splitlines(keepends=True)
    lines = [line for line in lines if "compatibility_matrix:" not in line]
    if value is not None:
        lines.append(f"  compatibility_matrix: {value}\n")
    config.write_text("".join(lines))


def add_compatible_v2(root: Path) -> None:
    """privacy_reset v2 = v1 plus one optional field (closed model) fed to Silver."""
    v1 = (root / PRIVACY_RESET / "v1.yaml").read_text()
    v2 = (
        v1.replace("v: 1\n", "v: 2\nsupersedes: 1\n")
        .replace(
            "  properties:\n",
            "  properties:\n"
            "    surface: {type: string, maxLength: 32, description: Screen of the choice.}\n",
            1,
        )
        .replace("    occurred_at: meta.occurred_at\n", "    surface: payload.surface\n", 1)
    )
    assert v2.count("surface") == 3
    (root / PRIVACY_RESET / "v2.yaml").write_text(v2 + "    occurred_at: meta.occurred_at\n")


def assert_witness(change: Any, writer: dict[str, Any], reader: dict[str, Any]) -> None:
    assert jsonschema.Draft7Validator(writer).is_valid(change.witness), change
    assert not jsonschema.Draft7Validator(reader).is_valid(change.witness), change


def test_leg_created_grid_and_witnesses_are_real() -> None:
    versions = versions_of(EXAMPLE_REGISTRY, "booking.leg_created")
    section = event_section(versions, Registry.open(EXAMPLE_REGISTRY).config)
    # v2 cannot read v1 data in full (required currency, renamed status); v1 cannot read v2.
    assert section.grid == [(1, ["yes", "no"]), (2, ["no", "yes"])]
    [upgrade] = section.upgrades
    assert (upgrade.old, upgrade.new) == (1, 2)
    schemas = {e.v: version_unpinned(e.schema) for e in versions}
    changes = breaking(Comparisons(versions).result(1, 2))
    found = {(c.direction, c.rule, c.path): short_witness(c).value for c in changes}
    assert found[(Direction.BACKWARD, "VALUES_COVERED", "/payload/status")] == "booked"
    assert found[(Direction.FORWARD, "VALUES_COVERED", "/payload/status")] == "confirmed"
    assert found[(Direction.BACKWARD, "TYPE_COVERED", "/payload/currency")] is None
    assert (Direction.BACKWARD, "REQUIRED_COVERED", "/payload/currency") in found
    assert (Direction.FORWARD, "ADDITIONAL_PROPERTIES_COVERED", "/payload/amount_minor") in found
    for change in changes:
        assert change.witness is not NO_VALUE, change
        writer, reader = (1, 2) if change.direction is Direction.BACKWARD else (2, 1)
        assert_witness(change, schemas[writer], schemas[reader])
    # The page lists every one of them and says who must act.
    assert [row.change for row in upgrade.changes] == changes
    page = CHECKED_IN.read_text()
    assert "| v2 reads v1 data | VALUES_COVERED | `/payload/status` |" in page
    assert '`"booked"` |' in page and '`"confirmed"` |' in page
    assert "producers: send `currency` (required from v2)" in page
    assert (
        "consumers of Silver `fact_booking_legs`: `amount_minor` is fed from v2 only; "
        "v1 rows carry NULL"
    ) in page
    assert "| v1 | deprecated | BACKWARD (registry default) | - | 2026-10-15 | 2027-04-15 |" in page
    assert "| v2 | active | FULL_TRANSITIVE | v1 |" in page


def test_added_optional_field_in_a_closed_model(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    add_compatible_v2(root)
    versions = versions_of(root, "identity.privacy_reset")
    section = event_section(versions, Registry.open(root).config)
    # v2 reads every v1 event; v1's closed model rejects v2's new field.
    assert section.grid == [(1, ["yes", "no"]), (2, ["yes", "yes"])]
    [upgrade] = section.upgrades
    assert [(r.change.direction, r.change.rule, r.change.path) for r in upgrade.changes] == [
        (Direction.FORWARD, "ADDITIONAL_PROPERTIES_COVERED", "/payload/surface")
    ]
    schemas = {e.v: version_unpinned(e.schema) for e in versions}
    assert_witness(upgrade.changes[0].change, schemas[2], schemas[1])
    [lines] = [item.lines for item in upgrade.checklist]
    assert lines[0].startswith("consumers on v1: v2 events carry `surface`")
    assert lines[1] == (
        "consumers of Silver `fact_privacy_resets`: `surface` is fed from v2 only; "
        "v1 rows carry NULL"
    )


def test_single_version_events_are_never_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("compared a single-version event")

    monkeypatch.setattr("lakecontracts.codegen.matrix.render.compare_schemas", refuse)
    section = event_section(
        versions_of(EXAMPLE_REGISTRY, "identity.privacy_reset"),
        Registry.open(EXAMPLE_REGISTRY).config,
    )
    assert section.grid == [] and section.upgrades == []


def test_configured_path_is_honoured_and_checked(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    page = tmp_path / "docs" / "data" / "events" / "compatibility_matrix.md"
    assert matrix_path(Registry.open(root).config) == page
    assert run("--registry", str(root), "generate")[0] == 0
    assert page.read_bytes() == CHECKED_IN.read_bytes()
    assert not (tmp_path / "generated" / "matrix").exists()
    # A contract change that alters the breaks makes --check name the page.
    contract = root / "events" / "booking" / "leg_created" / "v2.yaml"
    contract.write_text(
        contract.read_text().replace(
            "[pending, confirmed, cancelled]", "[pending, confirmed, booked, cancelled]"
        )
    )
    code, out = run("--registry", str(root), "generate", "--check")
    assert code == 1
    stale = [line.split("stale: ")[1] for line in out.splitlines() if "stale: " in line]
    assert [s for s in stale if s.endswith("compatibility_matrix.md")] == [display_path(page)]
    row = "| v2 reads v1 data | VALUES_COVERED | `/payload/status` |"
    assert row in page.read_text()
    assert run("--registry", str(root), "generate")[0] == 0
    assert row not in page.read_text()
    assert run("--registry", str(root), "generate", "--check")[0] == 0


def test_default_path_without_configuration(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    set_matrix_output(root, None)
    assert run("--registry", str(root), "generate", "--target", "matrix")[0] == 0
    assert (tmp_path / "generated" / "matrix" / "compatibility_matrix.md").is_file()
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize("value", ["/tmp/matrix.md", "../docs/", "../docs/.."])
def test_bad_configured_path_is_a_clear_error(tmp_path: Path, value: str) -> None:
    root = copy_registry(tmp_path)
    set_matrix_output(root, value)
    code, out = run("--registry", str(root), "generate", "--target", "matrix")
    assert code == 2
    assert "outputs.compatibility_matrix must be a relative path to a file" in out
    assert "registry.yaml:" in out


def test_nothing_else_in_the_shared_folder_is_removed(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    events_docs = tmp_path / "docs" / "data" / "events"
    keep = [events_docs / "README.md", events_docs / "old" / "notes.md", tmp_path / "docs" / "x.md"]
    for path in keep:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("hand-written\n")
    assert run("--registry", str(root), "generate")[0] == 0
    # Removing every multi-version event changes the page; still nothing else goes.
    shutil.rmtree(root / "events" / "booking" / "leg_created")
    code, _out = run("--registry", str(root), "generate")
    assert (
        code == 0
        and "booking.leg_created" not in (events_docs / "compatibility_matrix.md").read_text()
    )
    assert all(path.read_text() == "hand-written\n" for path in keep)
    assert run("--registry", str(root), "generate", "--check")[0] == 0


def test_writer_never_removes_from_a_configured_base(tmp_path: Path) -> None:
    inp = GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))
    shared = tmp_path / "shared"
    (shared / "deep").mkdir(parents=True)
    (shared / "deep" / "other.md").write_text("x")
    (tmp_path / "out" / "owned").mkdir(parents=True)
    (tmp_path / "out" / "owned" / "stale.txt").write_text("x")
    listed = {"owned": ["out/owned/stale.txt"], "nothing": ["shared/deep/other.md"]}
    (tmp_path / "out" / "outputs.json").write_bytes(outputs_bytes(listed))
    targets = [
        Target("nothing", "unused", "renders nothing", lambda _inp: {}, base=lambda _c: shared),
        Target("owned", "owned", "renders nothing in its own folder", lambda _inp: {}),
    ]
    result = plan(tmp_path / "out", targets, inp)
    assert result.removed == [tmp_path / "out" / "owned" / "stale.txt"]
    apply(result)
    assert (shared / "deep" / "other.md").is_file()


def test_a_file_placed_in_another_targets_folder_stays(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    set_matrix_output(root, "../generated/schemas/compatibility_matrix.md")
    assert run("--registry", str(root), "generate")[0] == 0
    assert (tmp_path / "generated" / "schemas" / "compatibility_matrix.md").is_file()
    code, out = run("--registry", str(root), "generate", "--check")
    assert code == 0, out
