"""``generate`` writes only inside the repository and deletes only what it wrote (#10 item 9).

Also: one run at a time (a lock on the generated folder), and temporaries a killed run left
behind are cleaned up by the next run (low item).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.conftest import EXAMPLE_REGISTRY


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def copy_registry(tmp_path: Path, generated: str = "../generated") -> Path:
    repo = tmp_path / "repo"
    root = repo / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    (repo / ".git").mkdir()  # the repository's top (no history needed)
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace("  generated: ../generated", f"  generated: {generated}")
    registry.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("where", ["../../outside", "/tmp", "../.."])
def test_outputs_outside_the_repository_are_refused(tmp_path: Path, where: str) -> None:
    victim = tmp_path / "outside"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    root = copy_registry(tmp_path, where)
    code, out = run("--registry", str(root), "generate")
    assert code == 2, out
    assert "outside the registry's repository" in out and "registry.yaml" in out
    assert "hint:" in out
    assert (victim / "keep.txt").read_text() == "mine" and len(list(victim.iterdir())) == 1


def test_matrix_output_outside_the_repository_is_refused(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8").replace(
        "compatibility_matrix: ../docs/", "compatibility_matrix: ../../docs/"
    )
    registry.write_text(text, encoding="utf-8")
    code, out = run("--registry", str(root), "generate")
    assert code == 2 and "outputs.compatibility_matrix" in out, out


def test_only_files_listed_in_the_previous_outputs_manifest_are_deleted(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    generated = tmp_path / "repo" / "generated"
    assert run("--registry", str(root), "generate")[0] == 0
    outputs = json.loads((generated / "outputs.json").read_text())
    assert "generated/schemas/funnel.listing_viewed/v1.schema.json" in outputs["targets"]["schemas"]
    mine = generated / "schemas" / "notes.md"
    mine.write_text("hand-written, never generated")
    shutil.rmtree(root / "events" / "funnel" / "listing_viewed")
    code, out = run("--registry", str(root), "generate")
    assert code == 0, out
    assert not (generated / "schemas" / "funnel.listing_viewed").exists()
    assert mine.read_text() == "hand-written, never generated"
    assert run("--registry", str(root), "generate", "--check")[0] == 0


def test_a_forged_outputs_manifest_cannot_delete_contracts(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    generated = tmp_path / "repo" / "generated"
    assert run("--registry", str(root), "generate")[0] == 0
    forged = {
        "format": 1,
        "targets": {
            "schemas": ["contracts/registry.yaml", "generated/schemas/../../contracts/events"],
            "validators": ["/etc/hostname", "generated/validators/../../contracts/registry.yaml"],
        },
    }
    (generated / "outputs.json").write_text(json.dumps(forged))
    code, out = run("--registry", str(root), "generate")
    assert code == 0, out
    assert (root / "registry.yaml").is_file() and (root / "events").is_dir()


def test_a_malformed_outputs_manifest_is_an_input_error(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    generated = tmp_path / "repo" / "generated"
    generated.mkdir()
    (generated / "outputs.json").write_text('{"format": 1, "targets": {"schemas": [1]}}')
    code, out = run("--registry", str(root), "generate")
    assert code == 2 and "outputs.json" in out and "hint:" in out, out


def test_a_second_generate_is_refused_while_one_holds_the_folder(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    generated = tmp_path / "repo" / "generated"
    generated.mkdir()
    fd = os.open(generated, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running generate holds
        code, out = run("--registry", str(root), "generate")
        assert code == 2 and "another `contracts generate`" in out, out
        assert list(generated.iterdir()) == []
    finally:
        os.close(fd)
    assert run("--registry", str(root), "generate")[0] == 0


def test_temporaries_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    generated = tmp_path / "repo" / "generated"
    assert run("--registry", str(root), "generate")[0] == 0
    orphan = generated / "schemas" / "booking.leg_created" / ".v2.schema.json.ab12_xyz.tmp"
    orphan.write_text("half a file")
    unrelated = generated / "schemas" / ".editor.swp.tmp"
    unrelated.write_text("not ours")
    assert run("--registry", str(root), "generate", "--check")[0] == 0  # not stale, just debris
    assert run("--registry", str(root), "generate")[0] == 0
    assert not orphan.exists() and unrelated.exists()
