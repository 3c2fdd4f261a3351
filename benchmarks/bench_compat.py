"""`contracts compat` on a real git repository: 1,000 contracts with 10 revisions each.

The history is written with one `git fast-import` stream: a first commit with every contract,
then 9 rounds in which each contract gets a new revision (commits of 10 contracts each, 901
commits on main). Every revision is BACKWARD compatible with all earlier ones (a bound
widened, an optional field added) and every contract is BACKWARD_TRANSITIVE, so compat must
compare each changed contract with all 10 earlier revisions. Two branches off main:

* ``pr``: a pull request touching 20 contracts (target: under 3 s, interpreter start included);
* ``pr-all``: touching all 1,000 contracts, i.e. the whole history compared transitively.

Each measurement is a fresh process, side by side with the floor (`python -c pass`) in the
same run. Prints medians and ratios; asserts nothing.

    python benchmarks/bench_compat.py [--contracts 1000] [--revisions 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from synthetic import write_registry

WORK = Path(__file__).resolve().parent / ".work"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
BATCH = 10  # contracts per commit in the history rounds


def revision(text: str, rev: int) -> str:
    """Revision ``rev`` of a synthetic contract: compatible with every earlier one."""
    text = text.replace("status: active\n", "status: active\ncompatibility: BACKWARD_TRANSITIVE\n")
    text = text.replace("maximum: 1000, description", f"maximum: {1000 + 10 * rev}, description")
    extra = "".join(
        f"    extra_{k}: {{type: string, maxLength: 32, description: Optional note {k}.}}\n"
        for k in range(1, rev + 1)
    )
    return text.replace("    tags:\n", extra + "    tags:\n")


def _blob_cmd(path: str, data: bytes) -> bytes:
    return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)


def _commit(ref: str, mark: int, parent: int | None, message: str, files: list[bytes]) -> bytes:
    msg = message.encode()
    head = b"commit %s\nmark :%d\ncommitter Bench <bench@example.com> %d +0000\n" % (
        ref.encode(),
        mark,
        1_700_000_000 + mark,
    )
    body = head + b"data %d\n%s\n" % (len(msg), msg)
    if parent is not None:
        body += b"from :%d\n" % parent
    return body + b"".join(files) + b"\n"


def build_repo(top: Path, contracts: int, revisions: int) -> None:
    if top.exists():
        shutil.rmtree(top)
    paths = write_registry(top / "contracts", contracts)
    texts = {p.relative_to(top).as_posix(): p.read_text(encoding="utf-8") for p in paths}
    registry = (top / "contracts" / "registry.yaml").read_bytes()
    subprocess.run(["git", "init", "-q", "-b", "main", str(top)], check=True, env=GIT_ENV)
    names = sorted(texts)
    stream: list[bytes] = []
    mark = 1
    first = [_blob_cmd("contracts/registry.yaml", registry)]
    first += [_blob_cmd(n, revision(texts[n], 0).encode()) for n in names]
    stream.append(_commit("refs/heads/main", mark, None, "registry", first))
    for rev in range(1, revisions):
        for start in range(0, len(names), BATCH):
            batch = names[start : start + BATCH]
            files = [_blob_cmd(n, revision(texts[n], rev).encode()) for n in batch]
            stream.append(_commit("refs/heads/main", mark + 1, mark, f"rev {rev}", files))
            mark += 1
    main = mark
    pr = [
        _blob_cmd(n, revision(texts[n], revisions).encode())
        for n in names[:: len(names) // 20][:20]
    ]
    stream.append(_commit("refs/heads/pr", main + 1, main, "pull request: 20 contracts", pr))
    every = [_blob_cmd(n, revision(texts[n], revisions).encode()) for n in names]
    stream.append(_commit("refs/heads/pr-all", main + 2, main, "pull request: all", every))
    subprocess.run(
        ["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=top, check=True, env=GIT_ENV
    )
    print(f"  history: {main} commits on main, {contracts} contracts x {revisions} revisions")


def checkout(top: Path, branch: str) -> None:
    subprocess.run(["git", "checkout", "-q", "-f", branch], cwd=top, check=True, env=GIT_ENV)


#: wall seconds of a measurement -> the median CPU seconds (user + system) of its runs; on a
#: shared machine CPU time moves far less than wall time
CPU: dict[float, float] = {}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(cmd: list[str], cwd: Path, repeat: int, expect: int = 0) -> float:
    samples = []
    cpu = []
    for _ in range(repeat):
        before = _cpu()
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
        cpu.append(_cpu() - before)
        if proc.returncode != expect:
            raise SystemExit(f"{cmd} exited {proc.returncode}: {proc.stdout[-800:]!r}")
    wall = statistics.median(samples)
    CPU[wall] = statistics.median(cpu)
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=1000)
    parser.add_argument("--revisions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    top = WORK / "compat-repo"
    print(f"contracts compat benchmark (median of {args.repeat})")
    start = time.perf_counter()
    build_repo(top, args.contracts, args.revisions)
    print(f"  building the repository with git fast-import: {time.perf_counter() - start:.1f} s")
    compat = [sys.executable, "-m", "lakecontracts", "--registry", "contracts", "compat"]
    floor = _time([sys.executable, "-c", "pass"], top, args.repeat)
    checkout(top, "pr")
    pull = _time(compat, top, args.repeat)
    checkout(top, "pr-all")
    shutil.rmtree(top / ".contracts-cache", ignore_errors=True)
    uncached = _time([*compat, "--no-cache"], top, 1)
    whole = _time(compat, top, 1)  # fills the cache of earlier revisions' resolved schemas
    warm = _time(compat, top, 1)
    comparisons = args.contracts * args.revisions
    print(f"  python -c pass (floor)               {floor * 1000:9.1f} ms")
    print(
        f"  pull request, 20 contracts, transitive {pull * 1000:7.1f} ms   "
        f"{pull / floor:6.1f}x floor   target < 3000 ms"
    )
    print(
        f"  whole history, {args.contracts} contracts x {args.revisions} revisions "
        f"{whole:8.1f} s   {(whole - floor) / comparisons * 1000:.2f} ms per comparison (1 run)"
    )
    print(
        f"    the same, --no-cache {uncached:8.1f} s;  again, cache warm {warm:8.1f} s   "
        f"(warm / no-cache {warm / uncached:.2f})"
    )
    print(
        f"  CPU seconds: floor {CPU[floor]:.2f}, pull request {CPU[pull]:.2f}, whole history "
        f"--no-cache {CPU[uncached]:.2f}, cold cache {CPU[whole]:.2f}, warm cache "
        f"{CPU[warm]:.2f} (warm / no-cache {CPU[warm] / CPU[uncached]:.2f})"
    )


if __name__ == "__main__":
    main()
