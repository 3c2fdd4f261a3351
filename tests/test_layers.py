"""The package layers ARCHITECTURE.md declares hold: import-linter checks pyproject's contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_packages_import_one_way() -> None:
    proc = _lint_imports()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_the_guard_breaks_when_a_lower_package_imports_a_higher_one(tmp_path: Path) -> None:
    inverted = tmp_path / "inverted.toml"
    inverted.write_text(
        '[tool.importlinter]\nroot_package = "lakecontracts"\n\n'
        '[[tool.importlinter.contracts]]\nname = "registry above cli"\ntype = "layers"\n'
        'containers = ["lakecontracts"]\nlayers = ["registry", "cli"]\n'
    )
    proc = _lint_imports("--config", str(inverted))
    assert proc.returncode != 0
    assert "BROKEN" in proc.stdout
