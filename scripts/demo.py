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


def _curate_demo() -> subprocess.CompletedProcess[str]:
    """The demo's bronze curated: dbt-duckdb (from .venv-dbt) builds staging and Silver, writes
    Silver Parquet under .lakehouse/demo/silver/<table>/dt=..., and runs the data tests.

    The sampled legs name users no sampled signup created, so the relationships tests would
    only report that; the demo leaves them out (tests/curate runs them on matching data)."""
    lake = REPO / ".lakehouse" / "demo"
    title = "Silver and Gold from the contracts on DuckDB (dbt run, dbt test)"
    return _run(title, "curate", "--bronze",
                str(lake / "bronze"), "--silver", str(lake / "silver"), "--work",
                str(lake / "curate"), "--exclude", "test_name:relationships")  # fmt: skip


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


def _dsar_demo() -> tuple[subprocess.CompletedProcess[str], str]:
    """Erase one demo user: a lake of the stitched bronze, a Silver table built from it, the
    stitch outputs; request, purge, verify (a signed receipt), check the receipt, status."""
    import duckdb
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    demo = REPO / ".lakehouse" / "demo"
    lake = demo / "privacy"
    shutil.rmtree(lake, ignore_errors=True)
    shutil.copytree(demo / "identity-bronze", lake / "bronze", ignore=shutil.ignore_patterns("_*"))
    silver = lake / "silver" / "fct_logins"
    silver.mkdir(parents=True)
    con = duckdb.connect()
    glob = str(lake / "bronze" / "**" / "*.ndjson")
    con.execute(
        f"""COPY (SELECT meta.event_id AS event_id, context.user_id AS user_id,
                         context.anon_id AS anon_id, context.session_id AS session_id,
                         meta.occurred_at AS occurred_at,
                         strftime(meta.occurred_at, '%Y-%m-%d') AS dt
                  FROM read_json('{glob}', format='newline_delimited', union_by_name=true))
            TO '{silver}' (FORMAT parquet, PARTITION_BY (dt), OVERWRITE)"""
    )
    user = con.execute(
        f"SELECT user_id FROM read_parquet('{silver}/**/*.parquet') WHERE user_id IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchall()[0][0]
    signing = Ed25519PrivateKey.generate()
    private_pem = lake / "dsar-signing.pem"
    private_pem.write_bytes(signing.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))  # fmt: skip
    private_pem.chmod(0o600)
    public_pem = lake / "dsar-signing.pub.pem"
    public_pem.write_bytes(signing.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))  # fmt: skip
    where = ("--lake", str(lake), "--identity", str(demo / "identity"),
             "--key-file", str(demo / "stitch.key"))  # fmt: skip
    request = _run(f"erase demo user {user}", "dsar", "request", "--user-id", str(user), *where)
    if request.returncode != 0:
        return request, ""
    request_id = request.stdout.strip()
    purge = _run("every layer, only the files holding the subject", "dsar", "purge",
                 "--bronze-grace-days", "0", *where)  # fmt: skip
    verify = _run("zero residue in every layer: a signed receipt", "dsar", "verify", request_id,
                  "--signing-key", str(private_pem), *where)  # fmt: skip
    if purge.returncode != 0 or verify.returncode != 0:
        return purge if purge.returncode else verify, ""
    receipt = Path(verify.stdout.strip())
    body = json.loads(receipt.read_text(encoding="utf-8"))
    print(f"\n  receipt {receipt.relative_to(REPO)}:")
    for location in body["locations"]:
        print(f"    {location['layer']:<15}{len(location['files_rewritten'])} file(s) rewritten, "
              f"{location['rows_removed']} row(s) removed, residue "
              f"{location['verification']['count']}")  # fmt: skip
    print(f"    physically gone by {body['physically_gone_by']}, signed "
          f"{body['signature']['algorithm']}")  # fmt: skip
    checked = _run("check the receipt's signature", "dsar", "verify-receipt", str(receipt),
                   "--public-key", str(public_pem))  # fmt: skip
    if checked.returncode != 0:
        return checked, ""
    status = _run("this request's counts per layer, from the purge journal", "dsar", "status",
                  request_id, "--lake", str(lake))  # fmt: skip
    return status, request_id


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
    curate = _curate_demo()
    stitch, largest = _stitch_demo(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S%z"))
    dsar, request_id = _dsar_demo()
    steps = (lint, manifest, generate, ingest, curate, stitch, dsar)
    failed = [p for p in steps if p.returncode != 0]
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
    silver = [line for line in curate.stdout.splitlines() if line.startswith(("silver ", "gold "))]
    print(f"  curate         {'; '.join(' '.join(line.split()[1:]) for line in silver)}")
    figures = dict(line.rsplit(None, 1) for line in stitch.stdout.splitlines() if line.strip())
    print(
        f"  stitch         {figures['nodes']} nodes, {figures['live edges']} live edges, "
        f"{figures['components']} identities (largest {figures['largest component']}: "
        f"{largest}), {figures['quarantined components']} quarantined"
    )
    print(f"  dsar           request {request_id}: purged, verified, receipt signed and checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
