"""show, manifest and init through the real click commands."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.registry.canonical import sha256_hex
from tests.conftest import EXAMPLE_REGISTRY


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def copy_registry(tmp_path: Path) -> Path:
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    return root


def test_show_newest_active_and_explicit(tmp_path: Path) -> None:
    code, out, _ = run("--registry", str(EXAMPLE_REGISTRY), "show", "booking.leg_created")
    assert code == 0
    schema = json.loads(out)
    assert schema["x-version"] == 2
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    code, out, _ = run(
        "--registry", str(EXAMPLE_REGISTRY), "show", "booking.leg_created@1", "--payload"
    )
    assert code == 0
    assert "price" in json.loads(out)["properties"]


@pytest.mark.parametrize(
    ("ref", "words"),
    [("booking.leg_created@x", "positive number"), ("nope.thing_done", "no contract")],
)
def test_show_errors_exit_2(ref: str, words: str) -> None:
    code, _, err = run("--registry", str(EXAMPLE_REGISTRY), "show", ref)
    assert code == 2
    assert words in err
    assert err.startswith("error: ")


def test_manifest_write_check_and_determinism(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    out = tmp_path / "m.json"
    code, _, _ = run("--registry", str(root), "manifest", "--out", str(out))
    assert code == 0
    first = out.read_bytes()
    body = json.loads(first)
    hashed = {k: body[k] for k in ("format", "registry", "events")}
    assert body["manifest_hash"] == "sha256:" + sha256_hex(hashed)
    assert (out.parent / "manifest.provenance.json").is_file()
    assert run("--registry", str(root), "manifest", "--out", str(out), "--check")[0] == 0
    # Formatting, comments and key order do not change any hash.
    contract = root / "events" / "booking" / "leg_created" / "v2.yaml"
    text = contract.read_text()
    lines = text.splitlines()
    status_line = next(i for i, line in enumerate(lines) if line.startswith("status:"))
    owner_line = next(i for i, line in enumerate(lines) if line.startswith("owner:"))
    lines[status_line], lines[owner_line] = lines[owner_line], lines[status_line]
    contract.write_text("# a new comment\n" + "\n".join(lines) + "\n")
    assert run("--registry", str(root), "manifest", "--out", str(out), "--check")[0] == 0
    # A content change does.
    contract.write_text(text.replace("maximum: 20", "maximum: 21"))
    code, stdout, _ = run("--registry", str(root), "manifest", "--out", str(out), "--check")
    assert code == 1
    assert "stale" in stdout
    run("--registry", str(root), "manifest", "--out", str(out))
    assert out.read_bytes() != first


def test_manifest_entries(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    out = tmp_path / "m.json"
    run("--registry", str(root), "manifest", "--out", str(out))
    events = json.loads(out.read_text())["events"]
    keys = [(e["event"], e["v"]) for e in events]
    assert keys == sorted(keys)
    leg = next(e for e in events if e["event"] == "booking.leg_created" and e["v"] == 2)
    assert leg["schema_uri"].endswith("booking.leg_created/v2.json")
    assert leg["schema_hash"].startswith("sha256:") and len(leg["schema_hash"]) == 71
    assert leg["status"] == "active" and leg["supersedes"] == 1


def test_checked_in_manifest_is_fresh() -> None:
    code, out, _ = run("--registry", str(EXAMPLE_REGISTRY), "manifest", "--check")
    assert code == 0, out


def test_init_scaffold_lints_clean_and_builds_a_manifest(tmp_path: Path) -> None:
    target = tmp_path / "my-events"
    code, out, _ = run("init", str(target), "--owner", "team-data")
    assert code == 0, out
    root = target / "contracts"
    assert (target / ".pre-commit-config.yaml").is_file()
    assert (target / ".github" / "workflows" / "contracts.yml").is_file()
    registry_text = (root / "registry.yaml").read_text()
    assert "name: my-events" in registry_text
    assert "# Ordered from least to most sensitive." in registry_text  # comments kept
    code, out, _ = run("--registry", str(root), "lint")
    assert code == 0, out
    assert run("--registry", str(root), "manifest")[0] == 0
    assert (target / "generated" / "manifest.json").is_file()
    # A second init refuses to overwrite.
    code, _, err = run("init", str(target))
    assert code == 2 and "already exists" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_manifest_provenance_records_the_commit(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@e", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "init"], check=True)
    head = subprocess.run(
        [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    out = tmp_path / "out" / "manifest.json"
    run("--registry", str(root), "manifest", "--out", str(out))
    facts = json.loads((out.parent / "manifest.provenance.json").read_text())
    assert facts["git_commit"] == head
