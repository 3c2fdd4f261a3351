"""`contracts generate`: writes only what changed, removes what is no longer produced, --check."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_checked_in_generated_folder_is_fresh() -> None:
    code, out = run("--registry", str(EXAMPLE_REGISTRY), "generate", "--check")
    assert code == 0, out


def test_generate_is_deterministic_incremental_and_checkable(tmp_path: Path) -> None:
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    generated = tmp_path / "generated"
    assert run("--registry", str(root), "generate")[0] == 0
    snapshot = {p: p.read_bytes() for p in generated.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in snapshot}
    # Byte-identical to the checked-in output of the same registry.
    for path, data in snapshot.items():
        twin = REPO_ROOT / "generated" / path.relative_to(generated)
        if path.name != "manifest.provenance.json":
            assert twin.read_bytes() == data, twin
    # A rerun rewrites nothing.
    code, out = run("--registry", str(root), "generate")
    assert "0 written, 0 removed" in out
    assert {p: p.stat().st_mtime_ns for p in snapshot} == mtimes
    # Change one contract: --check names exactly its outputs plus the manifest.
    contract = root / "events" / "booking" / "leg_created" / "v2.yaml"
    contract.write_text(contract.read_text().replace("maximum: 20", "maximum: 21"))
    code, out = run("--registry", str(root), "generate", "--check")
    assert code == 1
    stale = sorted(line.split("stale: ")[1] for line in out.splitlines() if "stale: " in line)
    names = {Path(s).name for s in stale}
    assert {"manifest.json", "v2.schema.json"} <= names
    # Only outputs of the changed contract (or registry-wide ones) go stale, never another's.
    assert not any("listing_viewed" in s for s in stale)
    # Delete a contract: its schema file is removed on the next run.
    shutil.rmtree(root / "events" / "funnel" / "listing_viewed")
    code, out = run("--registry", str(root), "generate")
    assert code == 0
    assert " 0 removed" not in out
    # Every file named after the deleted event is gone (other files may mention it in text).
    leftovers = [
        p
        for p in generated.rglob("*")
        if p.is_file() and "listing_viewed" in f"{p.parent.name}/{p.name}"
    ]
    assert leftovers == []
    assert not (generated / "schemas" / "funnel.listing_viewed").exists()
    assert run("--registry", str(root), "generate", "--check")[0] == 0
