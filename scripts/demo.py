"""``make demo`` (scripts/demo.py, not part of the library): the main job end to end on the
example registry, with a short summary.

Runs the real commands the way a user would: lint every contract, show one resolved schema,
build the manifest. Later capabilities add their steps here.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REGISTRY = REPO / "contracts"


def _run(title: str, *args: str, show_lines: int | None = None) -> subprocess.CompletedProcess[str]:
    print(f"\n$ contracts {' '.join(args)}    # {title}")
    proc = subprocess.run(
        [sys.executable, "-m", "lakecontracts", "--registry", str(REGISTRY), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    lines = proc.stdout.splitlines()
    shown = lines if show_lines is None else lines[:show_lines]
    print("\n".join("  " + line for line in shown))
    if show_lines is not None and len(lines) > show_lines:
        print(f"  ... ({len(lines) - show_lines} more lines)")
    if proc.stderr.strip():
        print("\n".join("  " + line for line in proc.stderr.splitlines()))
    return proc


def _sample(path: Path, *args: str) -> Path:
    """Run `contracts sample` and keep its NDJSON in ``path``."""
    print(f"\n$ contracts sample {' '.join(args)} > {path.relative_to(REPO)}")
    proc = subprocess.run(
        [sys.executable, "-m", "lakecontracts", "--registry", str(REGISTRY), "sample", *args],
        capture_output=True,
        check=True,
        cwd=REPO,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(proc.stdout)
    print(f"  {len(proc.stdout.splitlines())} envelopes")
    return path


def _ingest_demo() -> subprocess.CompletedProcess[str]:
    """Sample valid and broken events, ingest them (the valid file twice: duplicates)."""
    lake = REPO / ".lakehouse" / "demo"
    shutil.rmtree(lake, ignore_errors=True)
    # Seeded for the same values every run, anchored at now so the lag the summary reports is real.
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S%z")
    seeded = ("--seed", "1", "--anchor", now)
    valid = _sample(lake / "valid.ndjson", "booking.leg_created", "-n", "200", *seeded)
    broken = _sample(
        lake / "broken.ndjson",
        "booking.leg_created",
        "-n",
        "20",
        "--invalid",
        "--seed",
        "2",
        "--anchor",
        now,
    )
    return _run(
        "route, verify, validate, dedupe: bronze, quarantine or duplicate",
        "ingest",
        str(valid),
        str(broken),
        str(valid),
        "--bronze",
        str(lake / "bronze"),
        "--quarantine",
        str(lake / "quarantine"),
    )


def _stitch_demo(now: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """A sampled population of 80 people, ingested and stitched; the largest identity explained.

    The hash key is random per demo run and lives in a key file beside the lake: the stitch
    never falls back to a default key."""
    lake = REPO / ".lakehouse" / "demo"
    people = _sample(
        lake / "people.ndjson",
        "identity.user_logged_in",
        "-n",
        "1000",
        "--users",
        "80",
        "--days",
        "2",
        "--seed",
        "3",
        "--anchor",
        now,
    )
    bronze = lake / "identity-bronze"
    _run("the population into bronze", "ingest", str(people), "--bronze", str(bronze),
         "--quarantine", str(lake / "identity-quarantine"), show_lines=4)  # fmt: skip
    key = lake / "stitch.key"
    key.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    key.chmod(0o600)
    out = lake / "identity"
    stitch = _run("identity edges, components, stable identity IDs", "stitch", "--bronze",
                  str(bronze), "--out", str(out), "--key-file", str(key))  # fmt: skip
    if stitch.returncode != 0:
        return stitch, ""
    import pyarrow.parquet as pq

    rows = pq.read_table(out / "identity_graph_snapshot.parquet").to_pylist()
    largest = max(rows, key=lambda r: (r["component_size"], r["identity_id"]))["identity_id"]
    _run("why this identity holds its nodes", "stitch", "explain", largest, "--out", str(out),
         show_lines=14)  # fmt: skip
    return stitch, largest


def main() -> int:
    lint = _run("pre-commit check of every contract", "lint")
    _run("the one intermediate form", "show", "booking.leg_created", "--payload", show_lines=18)
    manifest = _run("content-addressed manifest", "manifest", "--format", "json")
    generate = _run("validators, DDL, dbt, Lake Formation, catalog, lineage", "generate")
    diff = _run(
        "semantic compatibility with witnesses",
        "diff",
        "generated/schemas/booking.leg_created/v1.schema.json",
        "generated/schemas/booking.leg_created/v2.schema.json",
        "--mode",
        "BACKWARD",
        show_lines=8,
    )
    ingest = _ingest_demo()
    stitch, largest = _stitch_demo(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S%z"))
    failed = [p for p in (lint, manifest, generate, ingest, stitch) if p.returncode != 0]
    if failed or diff.returncode not in (0, 1):
        print("\ndemo failed: see the output above")
        return 1
    facts = json.loads(manifest.stdout)
    body = json.loads(Path(facts["path"]).read_text(encoding="utf-8"))
    events = body["events"]
    print("\nSummary")
    print(f"  registry       {body['registry']} ({REGISTRY.relative_to(REPO)}/)")
    print(f"  contracts      {len(events)} versions of {len({e['event'] for e in events})} events")
    print(f"  lint           {lint.stdout.strip().splitlines()[-1]}")
    print(f"  manifest       {Path(facts['path']).relative_to(REPO)}")
    print(f"  manifest hash  {body['manifest_hash']}")
    print(f"  git commit     {facts['git_commit'] or '(not a git work tree)'}")
    print(f"  generated      {generate.stdout.strip().splitlines()[-1]}")
    print("  catalog        generated/catalog/index.html")
    print(f"  v1 -> v2       {diff.stdout.splitlines()[0]} (a breaking change, hence v2)")
    print("  ingest         .lakehouse/demo/ (bronze, quarantine, valid and broken samples)")
    figures = dict(line.rsplit(None, 1) for line in stitch.stdout.splitlines() if line.strip())
    print(
        f"  stitch         {figures['nodes']} nodes, {figures['live edges']} live edges, "
        f"{figures['components']} identities (largest {figures['largest component']}: "
        f"{largest}), {figures['quarantined components']} quarantined"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
