"""Dedupe state cost per event ID, SqliteState against RocksState, with the window already full.

For each preloaded size, both stores get the same random UUIDv4 IDs, seen evenly over the
last 24 h (the steady state of a full window; the clock starts mid-generation, so a RocksDB
state spans two generations). Then, through the real classes, as the pipeline calls them:
batches of 4,096 fresh IDs are asked (``known``) and staged (``stage_many``) with the clock
advancing at the preloaded rate, and every 20,000 IDs are committed (``commit``: synced, with
the expiry of what left the window). Figures are the median over the commits, in us per ID.

SQLite is preloaded with one bulk INSERT in key order (millions of IDs through the class take
many minutes: that cost is what this measures); RocksDB through the class.

Run: ``.venv/bin/python benchmarks/bench_dedupe_state.py [--preload 0,1000000,4000000]``
(about 75 s on 2 cores; ``--commits N`` measured commits, ``--dir`` puts the stores on a disk).
Prints figures and ratios; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import gc
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from lakecontracts.runtime.state import DEFAULT_WINDOW_SECONDS, IngestState, SqliteState
from lakecontracts.runtime.state_rocks import RocksState

WINDOW = DEFAULT_WINDOW_SECONDS
STAGE_IDS = 4096  # the pipeline's batch (contracts ingest reads 4,096 lines at a time)
COMMIT_IDS = 20_000
PRELOAD_COMMIT_IDS = 200_000
START = 20_000 * WINDOW + WINDOW / 2  # 2024-10-04T12:00Z, the middle of a generation
MIN_RATE = 1_000_000 / WINDOW  # IDs per second when nothing is preloaded


@dataclass(frozen=True)
class Store:
    name: str
    file: str
    open: Callable[[Path], IngestState]
    preload: Callable[[Path, list[str], float, float], None]


@dataclass(frozen=True)
class Figures:
    known_us: float
    commit_us: float
    disk_mb: float


def _ids(count: int, seed: int) -> list[str]:
    bits = random.Random(seed).getrandbits
    return [str(uuid.UUID(int=bits(128), version=4)) for _ in range(count)]


def _preload_sqlite(path: Path, ids: list[str], first: float, step: float) -> None:
    SqliteState(path, WINDOW).close()  # its own schema
    rows = sorted((event_id, first + n * step) for n, event_id in enumerate(ids))
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany("INSERT INTO seen (event_id, seen_at) VALUES (?, ?)", rows)


def _preload_rocks(path: Path, ids: list[str], first: float, step: float) -> None:
    state = RocksState(path, WINDOW)
    for start in range(0, len(ids), STAGE_IDS):
        now = first + start * step
        state.stage_many(ids[start : start + STAGE_IDS], now)
        if (start + STAGE_IDS) % PRELOAD_COMMIT_IDS < STAGE_IDS or start + STAGE_IDS >= len(ids):
            state.commit([], now)
    state.close()


STORES = (
    Store("sqlite", "state.sqlite", lambda path: SqliteState(path, WINDOW), _preload_sqlite),
    Store("rocksdb", "state.rocksdb", lambda path: RocksState(path, WINDOW), _preload_rocks),
)


def _measure(state: IngestState, batches: list[list[str]], start: float, step: float) -> Figures:
    """Ask, stage and commit ``batches`` as the pipeline does; median us per ID per commit."""
    known: list[float] = []
    commits: list[float] = []
    now, asked, spent = start, 0, 0.0
    for batch in batches:
        began = time.perf_counter()
        state.known(batch, now)
        spent += time.perf_counter() - began
        state.stage_many(batch, now)
        asked += len(batch)
        now += len(batch) * step
        if asked >= COMMIT_IDS:
            began = time.perf_counter()
            state.commit([], now)
            commits.append((time.perf_counter() - began) / asked * 1e6)
            known.append(spent / asked * 1e6)
            asked, spent = 0, 0.0
    return Figures(statistics.median(known), statistics.median(commits), 0.0)


def _disk_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def _run(store: Store, folder: Path, preload: list[str], fresh: list[list[str]]) -> Figures:
    path = folder / store.file
    step = 1 / max(len(preload) / WINDOW, MIN_RATE)
    store.preload(path, preload, START - len(preload) * step, step)
    state = store.open(path)
    figures = _measure(state, fresh, START, step)
    state.close()
    return Figures(figures.known_us, figures.commit_us, _disk_mb(path))


def _batches(ids: list[str]) -> list[list[str]]:
    """Commits of COMMIT_IDS, each staged in batches of at most STAGE_IDS."""
    batches = []
    for commit in range(0, len(ids), COMMIT_IDS):
        chunk = ids[commit : commit + COMMIT_IDS]
        batches += [chunk[i : i + STAGE_IDS] for i in range(0, len(chunk), STAGE_IDS)]
    return batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--preload",
        default="0,1000000,4000000",
        help="comma-separated counts of IDs already in the window (default: 0,1000000,4000000)",
    )
    parser.add_argument("--commits", type=int, default=7, help="measured commits per store")
    parser.add_argument("--dir", type=Path, default=None, help="where the stores live (a disk)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.preload.split(",")]
    fresh = _batches(_ids(COMMIT_IDS * args.commits, 2))
    print(
        f"dedupe state, 24 h window; commits of {COMMIT_IDS:,} fresh IDs asked and staged "
        f"{STAGE_IDS:,} at a time; median of {args.commits} commits; us per ID"
    )
    header = (
        f"{'preloaded IDs':>14}  {'store':<8}{'known':>8}{'commit':>8}{'both':>8}{'disk MB':>9}"
    )
    print(f"\n{header}")
    for size in sizes:
        preload = _ids(size, 1)
        gc.collect()
        results: dict[str, Figures] = {}
        for store in STORES:
            with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
                results[store.name] = _run(store, Path(tmp), preload, fresh)
        for name, fig in results.items():
            both = fig.known_us + fig.commit_us
            print(
                f"{size:>14,}  {name:<8}{fig.known_us:>8.2f}{fig.commit_us:>8.2f}"
                f"{both:>8.2f}{fig.disk_mb:>9.0f}"
            )
        sqlite, rocks = results["sqlite"], results["rocksdb"]
        print(
            f"{'':>14}  {'ratio':<8}{sqlite.known_us / rocks.known_us:>7.1f}x"
            f"{sqlite.commit_us / rocks.commit_us:>7.1f}x"
            f"{(sqlite.known_us + sqlite.commit_us) / (rocks.known_us + rocks.commit_us):>7.1f}x"
            "   (sqlite / rocksdb)"
        )
    print("\nbudget: the whole pipeline has 10 us per event; dedupe (known + commit) is part of it")


if __name__ == "__main__":
    main()
