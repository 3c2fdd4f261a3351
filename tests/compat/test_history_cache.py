"""compat's cache of earlier revisions' resolved schemas: same findings, keyed by git blob."""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts import contentcache
from lakecontracts.gate import check
from lakecontracts.gate.check import CompatOptions, run_compat
from lakecontracts.gate.history import GitHistory
from lakecontracts.gate.report import CompatReport
from lakecontracts.registry.registry import Registry
from tests.compat.gitrepo import PAYMENT, TODAY, GitRepo, git, of_rule


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """Three revisions of a transitive contract on main; the pull request breaks the oldest."""
    repo = GitRepo.create(tmp_path / "repo")
    repo.edit(PAYMENT, "maximum: 1000000000", "maximum: 1000")
    repo.commit("rev1: max 1000")
    repo.edit(PAYMENT, "maximum: 1000\n", "maximum: 2000\n")
    repo.commit("rev2: max 2000")
    git(repo.top, "checkout", "-q", "-b", "pr")
    repo.edit(PAYMENT, "maximum: 2000\n", "maximum: 700\n")
    return repo


def compat(repo: GitRepo, use_cache: bool = True) -> CompatReport:
    options = CompatOptions(today=TODAY, use_cache=use_cache)
    return run_compat(Registry.open(repo.registry), GitHistory.open(repo.registry), options)


def summary(report: CompatReport) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.message, f.against) for f in report.findings]


STORE = Path(".contracts-cache") / "compat" / "resolved.bin"


def test_cached_revisions_give_the_same_findings(repo: GitRepo) -> None:
    uncached = compat(repo, use_cache=False)
    assert not (repo.top / STORE).exists()
    assert of_rule(uncached, "VERSION_BREAK_WITHOUT_BUMP")
    cold = compat(repo)
    entries = list(contentcache._read_entries(repo.top / STORE))
    assert len(entries) == 2  # the two revisions before the one at the ref
    warm = compat(repo)
    assert summary(cold) == summary(warm) == summary(uncached)
    assert (repo.top / STORE.parent / ".gitignore").read_text().endswith("*\n")


def test_the_cache_is_read_under_its_keys_only(repo: GitRepo) -> None:
    compat(repo)
    store = repo.top / STORE
    # Poison every entry with a schema that accepts anything: only a matching key reads it.
    poisoned = b"".join(
        contentcache._entry(key, b"{}") for key, _ in contentcache._read_entries(store)
    )
    store.write_bytes(contentcache.MAGIC + poisoned)
    # The control: same blobs, same registry.yaml, same code: the poison is read (other
    # findings than the true ones), so the keys are what keeps entries apart.
    assert summary(compat(repo)) != summary(compat(repo, use_cache=False))
    store.write_bytes(contentcache.MAGIC + poisoned)
    # registry.yaml at the ref changed: new keys, the poison is never read.
    git(repo.top, "stash", "-q")
    git(repo.top, "checkout", "-q", "main")
    repo.edit("registry.yaml", "default_compatibility: BACKWARD", "default_compatibility: FULL")
    repo.commit("registry setting")
    git(repo.top, "checkout", "-q", "pr")
    git(repo.top, "rebase", "-q", "main")
    git(repo.top, "stash", "pop", "-q")
    expected = summary(compat(repo, use_cache=False))
    assert any(rule == "VERSION_BREAK_WITHOUT_BUMP" for rule, _, _ in expected)
    assert summary(compat(repo)) == expected


def test_a_new_code_version_never_reads_old_entries(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    compat(repo)
    store = repo.top / STORE
    poisoned = b"".join(
        contentcache._entry(key, b"{}") for key, _ in contentcache._read_entries(store)
    )
    store.write_bytes(contentcache.MAGIC + poisoned)
    monkeypatch.setattr(check, "code_version", lambda: "another version")
    expected = summary(compat(repo, use_cache=False))
    assert any(rule == "VERSION_BREAK_WITHOUT_BUMP" for rule, _, _ in expected)
    assert summary(compat(repo)) == expected
