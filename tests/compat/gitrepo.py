"""Real temporary git repositories holding a copy of the example registry, for compat tests."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lakecontracts.gate.check import CompatOptions, run_compat
from lakecontracts.gate.history import GitHistory
from lakecontracts.gate.report import CompatReport
from lakecontracts.registry.registry import Registry
from lakecontracts.reporting.finding import Finding, Waiver
from tests.conftest import EXAMPLE_REGISTRY

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
    "PATH": "/usr/bin:/bin:/usr/local/bin",
}
LEG_V2 = "events/booking/leg_created/v2.yaml"
RESET = "events/identity/privacy_reset/v1.yaml"
PAYMENT = "events/payments/payment_succeeded/v1.yaml"
TODAY = date(2026, 6, 1)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=GIT_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@dataclass
class GitRepo:
    """A repository with the example registry under contracts/, committed on main."""

    top: Path

    @classmethod
    def create(cls, top: Path) -> GitRepo:
        top.mkdir(parents=True, exist_ok=True)
        git(top, "init", "-q", "-b", "main")
        shutil.copytree(EXAMPLE_REGISTRY, top / "contracts")
        repo = cls(top)
        repo.commit("registry")
        return repo

    @property
    def registry(self) -> Path:
        return self.top / "contracts"

    def path(self, rel: str) -> Path:
        return self.registry / rel

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        self.path(rel).parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).write_text(text, encoding="utf-8")

    def commit(self, message: str) -> str:
        git(self.top, "add", "-A")
        git(self.top, "commit", "-q", "--allow-empty", "-m", message)
        return git(self.top, "rev-parse", "HEAD")

    def branch(self, name: str) -> None:
        git(self.top, "checkout", "-q", "-b", name)

    def compat(self, against: str | None = None, waivers: tuple[Waiver, ...] = ()) -> CompatReport:
        registry = Registry.open(self.registry)
        history = GitHistory.open(self.registry)
        options = CompatOptions(against=against, waivers=waivers, today=TODAY)
        return run_compat(registry, history, options)


def rules(report: CompatReport, *, failing: bool = True) -> set[str]:
    return {f.rule for f in report.findings if f.fails or not failing}


def of_rule(report: CompatReport, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]
