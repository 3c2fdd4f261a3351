"""Contract files that are not what they seem: exit 2 or a finding, never a hang or traceback.

Issue #10 lows (``v: 1.0``, symlinks leaving the registry, a FIFO, a 5000-digit integer) and
#12 item 6 (``contracts lint DIR`` linted registry.yaml as a contract).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.conftest import EXAMPLE_REGISTRY

VIEWED = Path("events/funnel/listing_viewed/v1.yaml")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def copy_registry(tmp_path: Path) -> Path:
    root = tmp_path / "repo" / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    return root


def edit(root: Path, old: str, new: str) -> None:
    path = root / VIEWED
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_float_version_is_refused(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    edit(root, "v: 1\n", "v: 1.0\n")
    code, out = run("--registry", str(root), "lint", str(root / VIEWED))
    assert code == 1 and "CONTRACT_STRUCTURE" in out and "whole number" in out, out
    code, out = run("--registry", str(root), "generate")
    assert code == 2 and "listing_viewed/v1.yaml:2:4" in out and "__v1.0" not in out, out


def test_a_5000_digit_integer_exits_2_with_a_hint(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    edit(root, "maximum: 1000\n", f"maximum: {'9' * 5000}\n")
    for command in (["generate"], ["manifest"], ["show", "funnel.listing_viewed"]):
        code, out = run("--registry", str(root), *command)
        assert code == 2 and "too long" in out and "hint:" in out, out
    code, out = run("--registry", str(root), "lint")
    assert code == 2 and "FILE_LOADS" in out and "too long" in out, out


def test_a_symlink_leaving_the_registry_is_refused_and_never_printed(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    secret = tmp_path / ".env"
    secret.write_text("event: funnel.listing_viewed\nAWS_SECRET_ACCESS_KEY: hunter2\n")
    (root / VIEWED).unlink()
    (root / VIEWED).symlink_to(secret)
    for command in (["generate"], ["show", "funnel.listing_viewed"], ["lint"]):
        code, out = run("--registry", str(root), *command)
        assert code in (1, 2), out
        assert "symlink leading outside the registry" in out and "hunter2" not in out, out


def test_a_symlink_inside_the_registry_still_loads(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    shared = root / "shared_v1.yaml"
    (root / VIEWED).rename(shared)
    (root / VIEWED).symlink_to(shared)
    code, out = run("--registry", str(root), "lint", str(root / VIEWED))
    assert code == 0, out


def test_a_fifo_among_contracts_gives_a_finding_not_a_hang(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    fifo = root / "events" / "funnel" / "listing_viewed" / "v2.yaml"
    os.mkfifo(fifo)
    for command in (["lint"], ["lint", str(fifo)], ["generate", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "lakecontracts", "--registry", str(root), *command],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        out = done.stdout + done.stderr
        assert done.returncode in (1, 2) and "not a regular file" in out, out
        assert "Traceback" not in out


def test_lint_of_the_registry_folder_skips_registry_yaml(tmp_path: Path) -> None:
    root = copy_registry(tmp_path)
    code, out = run("--registry", str(root), "lint", str(root))
    assert code == 0, out
    assert "registry.yaml" not in out and "CONTRACT_STRUCTURE" not in out
