"""kill -9 at every step of a purge's rewrites: the old or the new file, and a rerun finishes."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lakecontracts.dsar import journal
from lakecontracts.dsar.run import purge
from tests.dsar.lake import ANA, DsarLake, build

# The child purges with one journal step wrapped so that its N-th call kills the process
# (SIGKILL, no cleanup) before or after the real step runs.
_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from lakecontracts.dsar import journal, purge as purge_module
    from tests.dsar.lake import DsarLake

    step, when, nth = sys.argv[2], sys.argv[3], int(sys.argv[4])
    real = getattr(journal, step)
    calls = [0]

    def dying(*args, **kwargs):
        calls[0] += 1
        mine = calls[0]  # the purge rewrites files on threads
        if mine == nth and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        if mine == nth and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(journal, step, dying)
    if step == "swap":
        purge_module.journal.swap = dying
    from lakecontracts.dsar.run import purge
    purge(DsarLake(Path(sys.argv[1])).lake, bronze_grace_days=0)
    """
)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for layer in ("silver", "gold", "bronze")
        for p in sorted((root / layer).rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A lake with a request, before any purge, and the digests a clean purge leaves."""
    root = tmp_path_factory.mktemp("reference")
    lake = build(root)
    lake.request("user_id", ANA["user"])
    pristine = tmp_path_factory.mktemp("pristine") / "lake"
    shutil.copytree(root, pristine)
    purge(lake.lake, bronze_grace_days=0)
    return pristine, _digests(root)


# Rewrites in one purge: 2 Silver files, 1 Gold file, 1 bronze file; each appends intent and
# done and swaps once, so appends 1..8 and swaps 1..4 cover every step of every rewrite.
_POINTS = [("append", when, n) for n in (1, 2, 5, 8) for when in ("before", "after")] + [
    ("swap", when, n) for n in (1, 4) for when in ("before", "after")
]


@pytest.mark.slow
@pytest.mark.parametrize(("step", "when", "nth"), _POINTS)
def test_a_kill_leaves_old_or_new_files_and_a_rerun_finishes(
    reference: tuple[Path, dict[str, str]], tmp_path: Path, step: str, when: str, nth: int
) -> None:
    pristine, purged = reference
    root = tmp_path / "lake"
    shutil.copytree(pristine, root)
    original = _digests(root)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), step, when, str(nth)],
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    now = _digests(root)
    assert set(now) == set(original)
    for path, digest in now.items():
        assert digest in (original[path], purged[path]), path
    purge(DsarLake(root).lake, bronze_grace_days=0)
    assert _digests(root) == purged
    assert not list(root.rglob("*.dsar-new"))
    done = [e["path"] for e in journal.done_entries(root / "dsar")]
    assert sorted(done) == sorted({p for p in purged if purged[p] != original[p]})
