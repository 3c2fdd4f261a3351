"""The package layers ARCHITECTURE.md declares hold: import-linter checks pyproject's contract,
and ARCHITECTURE.md's layer and dependency tables say what pyproject declares."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

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


ARCHITECTURE = REPO_ROOT / "ARCHITECTURE.md"


def _pyproject() -> dict[str, Any]:
    with (REPO_ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_the_architecture_layer_table_is_the_contract() -> None:
    (contract,) = _pyproject()["tool"]["importlinter"]["contracts"]
    declared = [sorted(p.strip() for p in layer.split("|")) for layer in contract["layers"]]
    text = ARCHITECTURE.read_text(encoding="utf-8").split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", text, re.MULTILINE)
    assert [int(number) for number, _ in rows] == list(range(1, len(rows) + 1))
    documented = [sorted(re.findall(r"`([a-z_]+)`", packages)) for _, packages in rows]
    assert documented == declared


def test_every_dependency_says_why_in_architecture() -> None:
    project = _pyproject()["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    text = ARCHITECTURE.read_text(encoding="utf-8").split("## Dependencies", 1)[1].lower()
    names = {re.split(r"[\[<>=~!; ]", requirement, maxsplit=1)[0] for requirement in wanted}
    missing = sorted(name for name in names if name.lower() not in text)
    assert not missing, f"ARCHITECTURE.md's dependency tables do not mention {missing}"
