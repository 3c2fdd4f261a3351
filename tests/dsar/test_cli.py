"""``contracts dsar`` as a user runs it: request, purge, verify, verify-receipt, and bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lakecontracts.cli.main import cli
from tests.conftest import REPO_ROOT
from tests.dsar.lake import ANA, BOB, build
from tests.stitch.lake import SECRET


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--registry", str(REPO_ROOT / "contracts"), "dsar", *args], env=env
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def env() -> dict[str, str]:
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return {"CONTRACTS_STITCH_KEY_V1": SECRET, "CONTRACTS_DSAR_SIGNING_KEY": seed.hex()}


def test_request_purge_verify_and_check_the_receipt(tmp_path: Path, env: dict[str, str]) -> None:
    build(tmp_path)
    lake = ["--lake", str(tmp_path)]
    code, out, err = _run("request", "--user-id", ANA["user"], *lake, env=env)
    assert code == 0, err
    request_id = out.strip()
    code, _, err = _run("verify", request_id, *lake, env=env)
    assert code == 1 and "residue 20" in err
    db = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    code, out, err = _run("purge", "--bronze-grace-days", "0", *lake, "--db", db, env=env)
    assert code == 0, err
    assert "silver     2 of 3 file(s) rewritten, 20 row(s) removed" in out
    audit = _mask_audit(db)
    assert {(r["layer"], r["transformation"]) for r in audit} == {
        ("silver", "rows_deleted"), ("gold", "rows_deleted"), ("bronze", "rows_deleted"),
        ("identity_graph", "nodes_removed"), ("identity_graph", "edges_removed"),
    }  # fmt: skip
    assert sum(r["rows_affected"] for r in audit if r["layer"] == "silver") == 20
    assert {r["request_id"] for r in audit} == {request_id}
    assert {r["reason_code"] for r in audit} == {"dsar_erasure"}
    assert all(ANA["user"] not in repr(r) for r in audit)
    code, out, err = _run("verify", request_id, *lake, env=env)
    assert code == 0, err
    receipt = Path(out.strip())
    body = orjson.loads(receipt.read_bytes())
    residual = {r["name"]: r["max_days"] for r in body["residual_locations"]}
    assert residual == {
        "athena_results": 7,
        "backups": 14,
        "bronze_versions": 7,
        "silver_versions": 7,
    }
    verified = date.fromisoformat(body["verified_at"][:10])
    assert body["physically_gone_by"] == (verified + timedelta(days=14)).isoformat()
    seed = bytes.fromhex(env["CONTRACTS_DSAR_SIGNING_KEY"])
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    pem = tmp_path / "dsar.pub.pem"
    pem.write_bytes(
        public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    code, out, err = _run("verify-receipt", str(receipt), "--public-key", str(pem))
    assert code == 0 and "signature valid" in out, err
    receipt.write_text(receipt.read_text().replace('"residue": 0', '"residue": 1'))
    code, _, err = _run("verify-receipt", str(receipt), "--public-key", str(pem))
    assert code == 2 and "does not verify" in err and "Traceback" not in err


def test_status_counts_per_request_and_verify_is_pending_before_bronze(
    tmp_path: Path, env: dict[str, str]
) -> None:
    build(tmp_path)
    lake = ["--lake", str(tmp_path)]
    request_id = _run("request", "--user-id", ANA["user"], *lake, env=env)[1].strip()
    _run("request", "--user-id", BOB["user"], *lake, env=env)
    code, out, err = _run("purge", *lake, env=env)  # within the grace period: no bronze
    assert code == 0, err
    code, out, err = _run("status", request_id, *lake, "--format", "json", env=env)
    assert code == 0, err
    body = orjson.loads(out)
    assert body["layers"]["silver"] == {"files_rewritten": 2, "rows_removed": 20}
    assert body["layers"]["gold"] == {"files_rewritten": 1, "rows_removed": 1}
    assert body["layers"]["bronze"] == {"files_rewritten": 0, "rows_removed": 0}
    assert body["bronze"]["purged_at"] is None and body["receipt"] is None
    due = body["bronze"]["due_on"]
    code, _, err = _run("verify", request_id, *lake, env=env)
    assert code == 1 and "residue 2" in err  # bronze still holds the subject
    code, out, err = _run("purge", "--bronze-grace-days", "0", *lake, env=env)
    code, out, err = _run("status", request_id, *lake, env=env)
    assert code == 0 and "bronze         purged " in out, err
    assert "silver         2 file(s) rewritten, 20 row(s) removed" in out
    assert "receipt        none yet" in out
    assert due > body["requested_at"][:10]


def test_verify_is_pending_until_bronze_is_purged(tmp_path: Path, env: dict[str, str]) -> None:
    build(tmp_path)
    lake = ["--lake", str(tmp_path)]
    request_id = _run("request", "--user-id", "u-never-seen", *lake, env=env)[1].strip()
    assert _run("purge", *lake, env=env)[0] == 0
    code, out, err = _run("verify", request_id, *lake, "--bronze-grace-days", "30", env=env)
    due = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    assert code == 1 and f"pending: bronze is purged after the grace period, on {due}" in err
    assert out == "" and not (tmp_path / "dsar" / "receipts").exists()


def _mask_audit(url: str) -> list[dict[str, Any]]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT * FROM pii_mask_audit")).mappings().all()
    engine.dispose()
    return [dict(row) for row in rows]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["request"], "exactly one of --user-id"),
        (["request", "--user-id", "u-1", "--anon-id", "a-1"], "exactly one of --user-id"),
        (["request", "--user-id", "u-\x1b[31m"], "control characters"),
        (["verify", "../../etc/passwd"], "not a DSAR request ID"),
    ],
)
def test_bad_input_is_a_clear_error(
    tmp_path: Path, env: dict[str, str], args: list[str], message: str
) -> None:
    build(tmp_path)
    code, _, err = _run(*args, "--lake", str(tmp_path), env=env)
    assert code == 2 and message in err and "Traceback" not in err


def test_missing_keys_are_errors(tmp_path: Path) -> None:
    build(tmp_path)
    code, _, err = _run(
        "request",
        "--user-id",
        ANA["user"],
        "--lake",
        str(tmp_path),
        env={"CONTRACTS_STITCH_KEY_V1": ""},
    )
    assert code == 2 and "CONTRACTS_STITCH_KEY_V1" in err
    env = {"CONTRACTS_STITCH_KEY_V1": SECRET, "CONTRACTS_DSAR_SIGNING_KEY": ""}
    code, _, err = _run(
        "verify", "0" * 8 + "-0000-0000-0000-" + "0" * 12, "--lake", str(tmp_path), env=env
    )
    assert code == 2 and "CONTRACTS_DSAR_SIGNING_KEY" in err


def test_a_request_hashes_the_subject_under_every_key_version_in_the_graph(
    tmp_path: Path,
) -> None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    build(tmp_path)
    snapshot = tmp_path / "identity" / "identity_graph_snapshot.parquet"
    table = pq.read_table(snapshot)
    index = table.schema.get_field_index("key_version")
    two = pc.add(table.column("key_version"), 1).cast(table.schema.field("key_version").type)
    pq.write_table(table.set_column(index, "key_version", two), snapshot)
    lake = ["--lake", str(tmp_path)]
    no_two = {"CONTRACTS_STITCH_KEY_V1": SECRET, "CONTRACTS_STITCH_KEY_V2": ""}
    code, _, err = _run("request", "--user-id", ANA["user"], *lake, env=no_two)
    assert code == 2 and "CONTRACTS_STITCH_KEY_V2" in err
    env = {"CONTRACTS_STITCH_KEY_V1": SECRET, "CONTRACTS_STITCH_KEY_V2": SECRET + "-two"}
    code, out, err = _run("request", "--user-id", ANA["user"], *lake, env=env)
    assert code == 0, err
    record = orjson.loads((tmp_path / "dsar" / "requests" / f"{out.strip()}.json").read_bytes())
    assert record["key_versions"] == [1, 2]
    assert len({n["hash"] for n in record["nodes"] if n["kind"] == "user_id"}) == 2
