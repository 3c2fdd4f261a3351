"""The ``contracts-lint`` pre-commit hook this repository publishes, run by the real pre-commit.

``pre-commit try-repo`` installs the hook from a git repository into a fresh virtualenv
(pip-installing this project and its dependencies from PyPI), so these tests are slow.

try-repo on a local path picks up staged and modified *tracked* files, but not untracked ones
(it shadows ``git add -u``), so pointing it at a working tree with new files would test an
older tree. Instead the working tree (tracked and untracked files, minus ignored ones) is
copied into a throwaway git repository and committed there; try-repo runs on that.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.lint.samples import GOOD

PROJECT_ROOT = Path(__file__).resolve().parents[1]
HOOKS_FILE = PROJECT_ROOT / ".pre-commit-hooks.yaml"
FIXTURE_REGISTRY = PROJECT_ROOT / "tests" / "lint" / "fixtures" / "registry.yaml"
HOOK_ID = "contracts-lint"
#: Building the hook's virtualenv pip-installs the project and its dependencies.
PRE_COMMIT_TIMEOUT_S = 600
#: Never copied into the snapshot even when git is unavailable to list files.
SKIP_DIRS = {".git", ".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}

BAD_PATH = "contracts/events/booking/leg_cancelled/v1.yaml"
BAD = """\
event: booking.leg_cancelled
v: 1
status: active
owner: team-bookings
description: A leg was cancelled by the traveller or by the booking service.
privacy_tier: internal
payload:
  type: object
  additionalProperties: false
  properties:
    leg_id: {type: money, description: Leg identifier.}
"""
BAD_FINDING = f"{BAD_PATH}:11:20: TYPE_KNOWN [error]"

requires_git = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed; pre-commit needs it"
)


# --------------------------------------------------------------------------- the manifest


def load_hook() -> dict[str, object]:
    hooks = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if isinstance(h, dict) and h.get("id") == HOOK_ID]
    return hook


def test_hook_manifest_declares_contracts_lint() -> None:
    hook = load_hook()
    assert hook["name"] == "contracts lint"
    assert hook["entry"] == "contracts lint"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True
    assert isinstance(hook.get("description"), str) and hook["description"]


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("contracts/events/booking/leg_created/v1.yaml", True),
        ("events/booking/leg_created/v2.yml", True),
        ("registry/events/payments/refund_issued/v1.yaml", True),
        ("README.md", False),
        ("contracts/registry.yaml", True),
        ("contracts/registry.yaml.bak", False),
        ("contracts/events/booking/leg_created/notes.md", False),
        ("src/lakecontracts/scaffold/example_contract.yaml", False),
    ],
)
def test_hook_files_pattern(path: str, matches: bool) -> None:
    pattern = load_hook()["files"]
    assert isinstance(pattern, str)
    # pre-commit matches `files` with re.search against repository-relative paths.
    assert bool(re.search(pattern, path)) is matches


def test_hook_manifest_is_valid_for_pre_commit() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS_FILE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --------------------------------------------------------------------------- real pre-commit


def _clean_env(pre_commit_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(pre_commit_home),
        PRE_COMMIT_COLOR="never",
        GIT_AUTHOR_NAME="contracts tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="contracts tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
    )
    env.pop("VIRTUAL_ENV", None)
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _project_files() -> list[str]:
    """The working tree's files: tracked and untracked, without ignored ones."""
    proc = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if proc.returncode == 0:
        return [name for name in proc.stdout.decode().split("\0") if name]
    files = []
    for path in PROJECT_ROOT.rglob("*"):
        rel = path.relative_to(PROJECT_ROOT)
        if path.is_file() and not SKIP_DIRS.intersection(rel.parts) and ".egg-info" not in str(rel):
            files.append(rel.as_posix())
    return files


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed snapshot of this project's working tree, for try-repo."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    env = _clean_env(tmp_path_factory.mktemp("unused-pre-commit-home"))
    for name in _project_files():
        source = PROJECT_ROOT / name
        if source.is_file():  # tracked files deleted in the working tree are skipped
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(snapshot, env, "init", "-q")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot of the working tree")
    return snapshot


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def registry_repo(tmp_path: Path, pre_commit_home: Path) -> Path:
    """A registry repository with one good contract, committed."""
    repo = tmp_path / "registry-repo"
    contract = repo / "contracts/events/booking/leg_created/v1.yaml"
    contract.parent.mkdir(parents=True)
    shutil.copy(FIXTURE_REGISTRY, repo / "contracts" / "registry.yaml")
    contract.write_text(GOOD, encoding="utf-8")
    (repo / "README.md").write_text("# Event contracts\n", encoding="utf-8")
    env = _clean_env(pre_commit_home)
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "registry with one contract")
    return repo


def try_repo(
    repo: Path, hook_repo: Path, pre_commit_home: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo),
            HOOK_ID,
            "--all-files",
            "--color",
            "never",
        ],
        cwd=repo,
        env=_clean_env(pre_commit_home),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=PRE_COMMIT_TIMEOUT_S,
        check=False,
    )


@pytest.mark.slow
@requires_git
def test_pre_commit_hook_passes_then_fails_on_a_bad_contract(
    registry_repo: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    passing = try_repo(registry_repo, hook_repo, pre_commit_home)
    output = passing.stdout + passing.stderr
    assert passing.returncode == 0, output
    assert re.search(r"^contracts lint\.+Passed$", passing.stdout, re.MULTILINE), output

    bad = registry_repo / BAD_PATH
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD, encoding="utf-8")
    _git(registry_repo, _clean_env(pre_commit_home), "add", BAD_PATH)

    failing = try_repo(registry_repo, hook_repo, pre_commit_home)
    output = failing.stdout + failing.stderr
    assert failing.returncode != 0, output
    assert re.search(r"^contracts lint\.+Failed$", failing.stdout, re.MULTILINE), output
    assert "- hook id: contracts-lint" in failing.stdout
    assert BAD_FINDING in failing.stdout, output
    assert "leg_created/v1.yaml:" not in failing.stdout, "the good contract has no findings"
    assert "Traceback" not in output
