"""Git history: reading the registry at a ref, earlier revisions, refs, shallow clones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from lakecontracts.errors import GitHistoryError
from lakecontracts.gate.history import GitHistory, blob_sha
from tests.compat.gitrepo import GIT_ENV, PAYMENT, GitRepo, git, of_rule


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo.create(tmp_path / "repo")


def test_snapshot_reads_blobs_at_the_ref_without_checkout(repo: GitRepo) -> None:
    first = git(repo.top, "rev-parse", "HEAD")
    repo.edit(PAYMENT, "maximum: 1000000000", "maximum: 1000")
    repo.commit("narrow")
    history = GitHistory.open(repo.registry)
    assert history.prefix == "contracts"
    snapshot = history.snapshot(first)
    assert len(snapshot.contract_paths()) == 18
    assert snapshot.config is not None and snapshot.config.name == "lakehouse-events"
    old = history.contract(first, PAYMENT, snapshot.files[PAYMENT])
    assert old.payload["properties"]["amount_minor"]["maximum"] == 1000000000
    assert str(old.document.file).startswith(first[:10] + ":contracts/")
    current = repo.path(PAYMENT).read_bytes()
    assert history.snapshot("HEAD").files[PAYMENT] == blob_sha(current)
    assert git(repo.top, "hash-object", str(repo.path(PAYMENT))) == blob_sha(current)


def test_revisions_lists_every_distinct_content_newest_first(repo: GitRepo) -> None:
    first = git(repo.top, "rev-parse", "HEAD")
    repo.edit(PAYMENT, "maximum: 1000000000", "maximum: 1000")
    second = repo.commit("two")
    repo.edit("events/identity/privacy_reset/v1.yaml", "A visitor", "The visitor")
    repo.commit("unrelated")
    history = GitHistory.open(repo.registry)
    revisions = history.revisions("HEAD")[PAYMENT]
    assert [r.commit for r in revisions] == [second, first]
    assert len({r.blob for r in revisions}) == 2


def test_unknown_ref_is_a_clear_error(repo: GitRepo) -> None:
    history = GitHistory.open(repo.registry)
    with pytest.raises(GitHistoryError, match="does not name a commit"):
        history.commit_of("no-such-branch")
    with pytest.raises(GitHistoryError, match="invalid git ref"):
        history.commit_of("--output=/tmp/x")


def test_default_ref_is_the_merge_base_with_main(repo: GitRepo) -> None:
    base = git(repo.top, "rev-parse", "HEAD")
    repo.branch("feature")
    repo.edit(PAYMENT, "maximum: 1000000000", "maximum: 2000000000")
    repo.commit("feature work")
    git(repo.top, "checkout", "-q", "main")
    repo.edit(PAYMENT, "livemode:", "livemode_x:")
    repo.commit("main moved on")
    git(repo.top, "checkout", "-q", "feature")
    history = GitHistory.open(repo.registry)
    assert history.default_against("main") == (base, "merge base of HEAD and main")
    with pytest.raises(GitHistoryError, match="cannot find the main branch"):
        history.default_against("trunk")


def test_not_a_git_repository(tmp_path: Path) -> None:
    with pytest.raises(GitHistoryError, match="not inside a git repository"):
        GitHistory.open(tmp_path)


def shallow_clone(repo: GitRepo, target: Path) -> GitRepo:
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "-b", "feature", f"file://{repo.top}", str(target)],
        env=GIT_ENV,
        check=True,
    )
    return GitRepo(target)


def test_shallow_clone_without_the_ref_says_how_to_fix_it(repo: GitRepo, tmp_path: Path) -> None:
    first = git(repo.top, "rev-parse", "HEAD")
    repo.branch("feature")
    repo.edit(PAYMENT, "maximum: 1000000000", "maximum: 2000000000")
    repo.commit("feature work")
    clone = shallow_clone(repo, tmp_path / "clone")
    history = GitHistory.open(clone.registry)
    assert history.shallow
    with pytest.raises(GitHistoryError) as caught:
        history.commit_of(first)
    assert "git fetch --unshallow" in caught.value.hint and "fetch-depth: 0" in caught.value.hint
    with pytest.raises(GitHistoryError) as no_main:
        clone.compat()  # the depth-1 clone has neither main nor origin/main history
    assert "shallow" in no_main.value.hint or "shallow" in no_main.value.message


def test_shallow_clone_warns_that_transitive_history_is_cut(repo: GitRepo, tmp_path: Path) -> None:
    repo.branch("feature")
    repo.edit(PAYMENT, "maximum: 1000000000", "maximum: 2000000000")
    repo.commit("feature work")
    clone = shallow_clone(repo, tmp_path / "clone")
    clone.edit(PAYMENT, "maximum: 2000000000", "maximum: 3000000000")
    report = clone.compat(against="HEAD")
    (warning,) = of_rule(report, "HISTORY_INCOMPLETE")
    assert warning.severity == "warning" and "fetch-depth: 0" in warning.fix
    assert not report.failed
