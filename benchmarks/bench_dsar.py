"""DSAR purge on a hive-partitioned Parquet lake: time beside the read+write floor.

A Silver table ``fct_events`` partitioned by ``dt`` (``--days`` partitions, ``--files-per-day``
files each) is generated once with DuckDB into ``--data`` (cached): event rows of a population
of ``--people`` users, each row carrying user_id, anon_id and session_id in the registry's
shapes, an event name, a page, a country, an amount and a timestamp; zstd like the curated
layers. 1,000 subjects get erasure requests (records written directly, as `contracts dsar
request` leaves them, with their user_id hashes). Two scenarios:

  every  the subjects' rows are spread over every file (every file must be rewritten)
  few    the subjects' rows sit only in the first ``--few-days`` partitions

Per scenario, each on a fresh copy of the lake and in its own process:
  floor  read every file with pyarrow and write it back unchanged (same codec; 4 threads,
         like the purge): the read+write floor when every file is affected
  purge  ``contracts dsar purge`` (statistics, scan, rewrite of the files holding a subject)

Prints wall time, CPU time (user+sys), peak RSS, files holding a subject (counted with
DuckDB, independently) and files rewritten, and the purge/floor ratios (wall and CPU).
Asserts that no file without a subject row was rewritten and that zero subject rows remain;
nothing about time.

Run: ``.venv/bin/python benchmarks/bench_dsar.py`` (about 200 MB); ``--rows 60000000`` for a
multi-GB lake.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH_KEY = "bench-dsar-key-0123456789abcdef"
SUBJECTS = 1000


def generate(lake: Path, rows: int, days: int, files_per_day: int, people: int, few: int) -> None:
    """The Silver table; subjects are users 0..999 (in ``few`` mode, only in early days)."""
    import duckdb

    con = duckdb.connect()
    per_file = rows // (days * files_per_day)
    for day in range(days):
        folder = lake / "silver" / "fct_events" / f"dt=2025-03-{day + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for part in range(files_per_day):
            seed = (day * files_per_day + part) * per_file
            low = 0 if few == 0 or day < few else SUBJECTS
            con.execute(
                f"""COPY (
                  SELECT
                    md5(CAST(i AS VARCHAR)) AS event_id,
                    'u-' || lpad(CAST(u AS VARCHAR), 8, '0') AS user_id,
                    'a-' || lpad(CAST(u * 3 + i % 3 AS VARCHAR), 9, '0') AS anon_id,
                    's-' || lpad(CAST(u * 97 + (i // 50) % 97 AS VARCHAR), 10, '0') AS session_id,
                    (['page_view', 'search', 'booking', 'payment', 'signup'])[1 + i % 5]
                      AS event_name,
                    '/p/' || CAST(hash(i) % 500 AS VARCHAR) AS page,
                    (['DE', 'FR', 'GB', 'US', 'ES', 'IT'])[CAST(1 + hash(i, 1) % 6 AS BIGINT)]
                      AS country,
                    round((hash(i, 2) % 100000) / 100.0, 2) AS amount,
                    TIMESTAMP '2025-03-01'
                      + to_seconds(CAST({day * 86400} + i % 86400 AS BIGINT)) AS ts
                  FROM (SELECT range AS i,
                               {low} + CAST(hash(range, 7) % {people - low} AS BIGINT) AS u
                        FROM range({seed}, {seed + per_file}))
                ) TO '{folder / f"part-{part:03d}.parquet"}' (FORMAT parquet, COMPRESSION zstd)"""
            )


def write_requests(lake: Path) -> None:
    """1,000 request records and the exclusion list, as `contracts dsar request` writes them."""
    folder = lake / "dsar"
    (folder / "requests").mkdir(parents=True, exist_ok=True)
    entries = []
    for user in range(SUBJECTS):
        raw = f"u-{user:08d}"
        digest = hmac.new(
            BENCH_KEY.encode(), b"user_id\x1f" + raw.encode(), hashlib.sha256
        ).hexdigest()
        request_id = str(uuid.UUID(int=user + 1))
        node = {"kind": "user_id", "key_version": 1, "hash": digest}
        record = {
            "format": "lakecontracts.dsar.request/1",
            "request_id": request_id,
            "reason": "dsar_erasure",
            "requested_at": "2025-03-01T00:00:00Z",
            "deadline_on": "2025-03-31",
            "subject": {"kind": "user_id", "hash": digest},
            "key_versions": [1],
            "nodes": [node],
            "identity_ids": [],
            "tombstone_event_id": str(uuid.UUID(int=10**6 + user)),
        }
        (folder / "requests" / f"{request_id}.json").write_text(json.dumps(record))
        entries.append({**node, "request_id": request_id})
    body = {"format": "lakecontracts.dsar.exclusions/1", "entries": entries}
    (folder / "exclusions.json").write_text(json.dumps(body))


def holding_files(lake: Path) -> set[str]:
    import duckdb

    glob = lake / "silver" / "fct_events" / "*" / "*.parquet"
    rows = (
        duckdb.connect()
        .execute(
            f"SELECT DISTINCT filename FROM read_parquet('{glob}', filename=true) "
            f"WHERE user_id < 'u-{SUBJECTS:08d}'"
        )
        .fetchall()
    )
    return {str(Path(r[0]).relative_to(lake)) for r in rows}


def subject_rows(lake: Path) -> int:
    import duckdb

    glob = lake / "silver" / "fct_events" / "*" / "*.parquet"
    con = duckdb.connect()
    sql = f"SELECT count(*) FROM read_parquet('{glob}') WHERE user_id < 'u-{SUBJECTS:08d}'"
    return int(con.execute(sql).fetchall()[0][0])


def child_floor(lake: Path) -> None:
    """Read every file and write it back unchanged, like a purge that affects every file."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.parquet as pq

    def rewrite(path: Path) -> None:
        table = pq.ParquetFile(path).read()
        staged = path.with_name(f".{path.name}.floor")
        pq.write_table(table, staged, compression="zstd")
        os.replace(staged, path)

    files = sorted((lake / "silver").rglob("*.parquet"))
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(pool.map(rewrite, files))


def run_scenario(source: Path, work: Path, name: str, repeat: int) -> None:
    """Floor and purge alternately, ``repeat`` pairs (on a shared machine the load moves: the
    median of the pairs' ratios is steadier than one pair)."""
    env = dict(os.environ, CONTRACTS_STITCH_KEY_V1=BENCH_KEY)
    lake = work / name
    holding = holding_files(source)
    files = len(list((source / "silver").rglob("*.parquet")))
    ratios = []
    for _ in range(repeat):
        figures = {}
        for step in ("floor", "purge"):
            shutil.rmtree(lake, ignore_errors=True)
            shutil.copytree(source, lake)
            if step == "floor":
                argv = [sys.executable, __file__, "--child-floor", str(lake)]
            else:
                argv = [
                    sys.executable, "-m", "lakecontracts", "--registry", str(REPO / "contracts"),
                    "dsar", "purge", "--lake", str(lake), "--identity", str(lake / "identity"),
                    "--format", "json",
                ]  # fmt: skip
            figures[step] = _peak_measure(argv, env)
        summary = json.loads(figures["purge"][2])
        rewritten = summary["layers"]["silver"]["files_rewritten"]
        remaining = subject_rows(lake)
        assert rewritten == len(holding), (rewritten, len(holding))
        assert remaining == 0, remaining
        floor, purge = figures["floor"], figures["purge"]
        ratios.append(purge[0] / floor[0])
        print(
            f"{name:<6} files {files:>4}  holding a subject {len(holding):>4}  rewritten "
            f"{rewritten:>4}  rows removed {summary['layers']['silver']['rows_removed']:>8}\n"
            f"       floor (read+write all, pyarrow) {floor[0]:7.2f} s  cpu {floor[3]:7.2f} s"
            f"  peak {floor[1]:5.0f} MB\n"
            f"       contracts dsar purge            {purge[0]:7.2f} s  cpu {purge[3]:7.2f} s"
            f"  peak {purge[1]:5.0f} MB\n"
            f"       ratio wall {ratios[-1]:.2f}  cpu {purge[3] / floor[3]:.2f}"
            " (cpu: user+sys, steadier than wall on a shared machine)"
        )
    if repeat > 1:
        print(f"{name:<6} median ratio of {repeat} pairs: {statistics.median(ratios):.2f}")


def _peak_measure(argv: list[str], env: dict[str, str]) -> tuple[float, float, str, float]:
    """Time the command and read its own peak RSS through a wrapper whose only child it is."""
    wrapper = [sys.executable, __file__, "--measure", "--", *argv]
    out = subprocess.run(wrapper, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(out.returncode)
    lines = out.stdout.splitlines()
    figures = json.loads(lines[-1])
    return figures["seconds"], figures["peak_mb"], "\n".join(lines[:-1]), figures["cpu"]


def _measure_self(argv: list[str]) -> None:
    import resource

    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(proc.returncode)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    sys.stdout.write(proc.stdout.rstrip("\n") + "\n")
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "cpu": cpu}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "benchmarks" / ".work" / "dsar")
    parser.add_argument("--rows", type=int, default=6_000_000)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--files-per-day", type=int, default=2)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--few-days", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=1, help="floor/purge pairs per scenario")
    parser.add_argument("--child-floor", type=Path)
    parser.add_argument("--measure", action="store_true")
    parser.add_argument("argv", nargs="*")
    args = parser.parse_args()
    if args.measure:
        _measure_self(args.argv)
        return
    if args.child_floor:
        child_floor(args.child_floor)
        return
    for name, few in (("every", 0), ("few", args.few_days)):
        source = args.data / f"{name}-{args.rows}-{args.days}x{args.files_per_day}"
        if not (source / "dsar" / "exclusions.json").is_file():
            shutil.rmtree(source, ignore_errors=True)
            started = time.perf_counter()
            generate(source, args.rows, args.days, args.files_per_day, args.people, few)
            write_requests(source)
            size = sum(p.stat().st_size for p in source.rglob("*.parquet")) / 1e6
            print(f"generated {name}: {size:.0f} MB in {time.perf_counter() - started:.1f} s")
        size = sum(p.stat().st_size for p in (source / "silver").rglob("*.parquet")) / 1e6
        print(f"lake {name}: {size:.0f} MB, {args.rows:,} rows, {SUBJECTS} subjects")
        run_scenario(source, args.data / "work", name, args.repeat)


if __name__ == "__main__":
    main()
