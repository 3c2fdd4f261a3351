"""Writers: partitions, atomic publishing, rolling by size and time, crash recovery."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lakecontracts.runtime.assemble import STATE_STORES, open_ingestor
from lakecontracts.runtime.manifest_index import ManifestIndex
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.state import SqliteState
from lakecontracts.runtime.writers import BatchWriter, LocalSink, RollPolicy
from tests.runtime.helpers import FakeClock, ndjson_lines


def _lines(index: ManifestIndex, n: int, seed: int, invalid: bool = False) -> list[bytes]:
    route = pick_route(index, "booking.leg_created")
    return [s.line for s in samples(index, route, n, seed=seed, invalid=invalid)]


def test_files_land_in_hive_partitions_and_nothing_is_visible_before_flush(
    generated_dir: Path, index: ManifestIndex, tmp_path: Path, state_store: str
) -> None:
    clock = FakeClock()
    ingestor = open_ingestor(
        generated_dir, tmp_path / "b", tmp_path / "q", clock=clock, state_store=state_store
    )
    ingestor.ingest(_lines(index, 20, 1) + _lines(index, 10, 2, invalid=True), "t")
    assert ndjson_lines(tmp_path / "b") == []  # buffered, not acknowledged, not visible
    ingestor.close()
    folders = {
        p.parent.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b").rglob("part-*")
    }
    assert folders == {"event=booking.leg_created/v=2/dt=2026-01-01/hour=00"}
    assert len(ndjson_lines(tmp_path / "b")) == 20
    reasons = {p.parent.parent.parent.name for p in (tmp_path / "q").rglob("part-*")}
    assert "reason=oversize" in reasons and "reason=schema_violation" in reasons
    assert len(ndjson_lines(tmp_path / "q")) == 10
    assert not list((tmp_path / "b").rglob("*.tmp"))


def test_files_roll_by_size(generated_dir: Path, index: ManifestIndex, tmp_path: Path) -> None:
    policy = RollPolicy(max_file_bytes=4000)
    ingestor = open_ingestor(generated_dir, tmp_path / "b", tmp_path / "q", policy=policy)
    ingestor.ingest(_lines(index, 40, 1), "t")
    ingestor.close()
    files = list((tmp_path / "b").rglob("part-*.ndjson"))
    assert len(files) > 5
    assert all(f.stat().st_size <= 4000 for f in files)
    assert len(ndjson_lines(tmp_path / "b")) == 40


def test_buffers_flush_by_time_and_size(tmp_path: Path) -> None:
    clock = FakeClock()
    state = SqliteState(tmp_path / "s.sqlite")
    policy = RollPolicy(max_buffer_bytes=100, max_age_seconds=60)
    writer = BatchWriter(
        {"bronze": LocalSink(tmp_path / "b")}, state, tmp_path / "st", policy, clock
    )
    writer.add("bronze", "event=e/v=1/dt=d/hour=h", b"{}\n")
    assert not writer.due()
    clock.at += 60
    assert writer.due()
    writer.flush()
    writer.add("bronze", "event=e/v=1/dt=d/hour=h", b"x" * 100 + b"\n")
    assert writer.due()


class _Crash(Exception):
    pass


class _CrashingSink(LocalSink):
    """Publishes ``allowed`` files, then fails like a process dying mid-publish."""

    def __init__(self, root: Path, allowed: int) -> None:
        super().__init__(root)
        self.allowed = allowed

    def publish(self, staged: Path, relative: str) -> None:
        if self.allowed == 0:
            raise _Crash
        self.allowed -= 1
        super().publish(staged, relative)


def test_crash_after_commit_is_finished_on_restart(
    generated_dir: Path, index: ManifestIndex, tmp_path: Path, state_store: str
) -> None:
    policy = RollPolicy(max_file_bytes=3000)
    folders = (generated_dir, tmp_path / "b", tmp_path / "q")
    ingestor = open_ingestor(*folders, policy=policy, state_store=state_store)
    ingestor.writer.sinks["bronze"] = _CrashingSink(tmp_path / "b", allowed=2)
    lines = _lines(index, 30, 1)
    ingestor.ingest(lines, "t")
    with pytest.raises(_Crash):
        ingestor.flush()
    assert 0 < len(ndjson_lines(tmp_path / "b")) < 30
    ingestor.writer.state.close()  # the process ends (RocksDB frees its lock)
    # Restart: recovery publishes the journalled rest; replaying the input adds nothing.
    again = open_ingestor(*folders, policy=policy, state_store=state_store)
    assert again.writer.recovered
    results = again.ingest(lines, "t")
    again.close()
    assert {r.outcome.value for r in results} == {"duplicate"}
    assert sorted(r["meta"]["event_id"] for r in ndjson_lines(tmp_path / "b")) == sorted(
        __import__("orjson").loads(line)["meta"]["event_id"] for line in lines
    )


_KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from lakecontracts.runtime import assemble
    from lakecontracts.runtime.assemble import open_ingestor

    generated, root, lines_file, store, when = sys.argv[1:6]
    if when == "before-commit":
        assemble.STATE_STORES[store][1].commit = lambda *a, **k: os._exit(9)
    ingestor = open_ingestor(
        Path(generated), Path(root) / "b", Path(root) / "q", state_store=store
    )
    if when == "mid-publish":
        sink = ingestor.writer.sinks["bronze"]
        original = sink.publish
        calls = []
        def dying(staged, relative):
            calls.append(1)
            if len(calls) == 2:
                os._exit(9)
            original(staged, relative)
        sink.publish = dying
    ingestor.writer.policy = type(ingestor.writer.policy)(max_file_bytes=2000)
    ingestor.ingest(Path(lines_file).read_bytes().splitlines(), "t")
    ingestor.close()
    """
)


@pytest.mark.parametrize("when", ["before-commit", "mid-publish"])
def test_killed_process_loses_and_doubles_nothing(
    generated_dir: Path, index: ManifestIndex, tmp_path: Path, when: str, state_store: str
) -> None:
    lines = _lines(index, 25, 3)
    source = tmp_path / "in.ndjson"
    source.write_bytes(b"\n".join(lines) + b"\n")
    folders = [str(generated_dir), str(tmp_path), str(source), state_store]
    script = [sys.executable, "-c", _KILL_SCRIPT, *folders]
    killed = subprocess.run([*script, when], capture_output=True, check=False)
    assert killed.returncode == 9, killed.stderr.decode()
    assert len(ndjson_lines(tmp_path / "b")) < 25  # the kill really interrupted the batch
    # The producer never got an acknowledgement, so it sends the same input again.
    replay = subprocess.run([*script, "normal"], capture_output=True, check=False)
    assert replay.returncode == 0, replay.stderr.decode()
    written = [r["meta"]["event_id"] for r in ndjson_lines(tmp_path / "b")]
    assert len(written) == 25 and len(set(written)) == 25
    state_dir = tmp_path / "b" / "_ingest"
    assert not list((state_dir / "staging").iterdir())
    stored = {store for store, (name, _) in STATE_STORES.items() if (state_dir / name).exists()}
    assert stored == {state_store}


def test_rolled_files_are_as_full_as_the_size_limit_allows(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "s.sqlite")
    writer = BatchWriter(
        {"bronze": LocalSink(tmp_path / "b")}, state, tmp_path / "st", RollPolicy(100)
    )
    lines = [b"x" * n + b"\n" for n in (10, 59, 28, 150, 1, 98, 0, 40, 58, 99)]
    writer.add_many("bronze", "p", lines)
    writer.close()
    files = sorted((tmp_path / "b" / "p").glob("part-*.ndjson"))
    assert (
        [f.read_bytes() for f in files]
        == [
            b"".join(lines[0:3]),  # 100 bytes exactly
            lines[3],  # longer than the limit: alone and whole
            lines[4],  # 2 + 99 would not fit
            b"".join(lines[5:7]),
            b"".join(lines[7:9]),
            lines[9],
        ]
    )
