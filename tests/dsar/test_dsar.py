"""The DSAR tool end to end: request, purge of every layer, verification, signed receipt."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lakecontracts.dsar import receipt, state
from lakecontracts.dsar.purge import table_sha256
from lakecontracts.dsar.run import purge
from lakecontracts.dsar.verify import build_receipt, verify
from lakecontracts.errors import DsarError
from tests.dsar.lake import ANA, ANON_ONLY, BOB, DsarLake, build
from tests.stitch.lake import identities, node, table

SILVER = "silver/fct_page_views"


@pytest.fixture
def lake(tmp_path: Path) -> DsarLake:
    return build(tmp_path)


def _rows(root: Path, relpath: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = pq.read_table(root / relpath).to_pylist()
    return rows


def _digests(root: Path, layer: str) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / layer).rglob("*.parquet"))
    }


def test_a_request_expands_the_subject_and_stores_only_hashes(lake: DsarLake) -> None:
    record = lake.request("user_id", ANA["user"])
    kinds = sorted(n["kind"] for n in record["nodes"])  # type: ignore[attr-defined]
    assert kinds == ["anon_id", "session_id", "user_id"]
    assert node("anon_id", "aaa111") in {n["hash"] for n in record["nodes"]}  # type: ignore[attr-defined]
    written = b"".join(p.read_bytes() for p in (lake.root / "dsar").rglob("*") if p.is_file())
    for raw in ANA.values():
        assert raw.encode() not in written
    event = orjson.loads(next((lake.root / "dsar" / "outbox").glob("*.ndjson")).read_bytes())
    assert event["meta"]["event"] == "privacy.dsar_tombstone_created"
    assert event["payload"]["subject_user_id_sha256"] == node("user_id", "uuu111")
    assert event["payload"]["subject_anon_id_count"] == 1
    exclusions = state.read_exclusions(lake.root / "dsar")
    assert {e["hash"] for e in exclusions} == {n["hash"] for n in record["nodes"]}  # type: ignore[attr-defined]
    published = pq.read_table(lake.root / "dsar" / "exclusions.parquet").to_pylist()
    assert published == [{"hash": e["hash"], "key_version": e["key_version"]} for e in exclusions]


def test_an_anon_only_subject_works(lake: DsarLake) -> None:
    record = lake.request("anon_id", ANON_ONLY)
    assert [n["kind"] for n in record["nodes"]] == ["anon_id"]  # type: ignore[attr-defined]


def test_purge_rewrites_only_files_holding_the_subject_and_conserves_the_rest(
    lake: DsarLake,
) -> None:
    before = _digests(lake.root, "silver")
    untouched = f"{SILVER}/dt=2025-03-03/part-0.parquet"
    kept_before = {
        path: [r for r in _rows(lake.root, path) if r["user_id"] != ANA["user"]] for path in before
    }
    lake.request("user_id", ANA["user"])
    summary = purge(lake.lake)
    silver = next(p for p in summary.layers if p.layer == "silver")
    assert sorted(r.path for r in silver.files_rewritten) == sorted(
        p for p in before if p != untouched
    )
    assert all(r.rows_removed == 10 for r in silver.files_rewritten)
    after = _digests(lake.root, "silver")
    assert after[untouched] == before[untouched]
    for path, kept in kept_before.items():
        assert _rows(lake.root, path) == kept
    for rewrite in silver.files_rewritten:
        assert table_sha256(pq.read_table(lake.root / rewrite.path)) == rewrite.kept_rows_sha256
        assert after[rewrite.path] == rewrite.sha256_after != rewrite.sha256_before
    gold = _rows(lake.root, "gold/user_daily/part-0.parquet")
    assert gold == [{"user_id": BOB["user"], "views": 50}]
    again = purge(lake.lake)
    assert all(not p.files_rewritten for p in again.layers)
    assert _digests(lake.root, "silver") == after


def test_a_rewrite_that_does_not_read_back_as_the_kept_rows_never_replaces_the_file(
    lake: DsarLake, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lakecontracts.dsar import purge as purge_module

    real = purge_module._write_like

    def lossy(kept: pa.Table, target: Path, metadata: pq.FileMetaData) -> None:
        real(kept.slice(1), target, metadata)  # a writer that drops a conserved row

    before = _digests(lake.root, "silver")
    lake.request("user_id", ANA["user"])
    monkeypatch.setattr(purge_module, "_write_like", lossy)
    with pytest.raises(DsarError, match="does not read back as the kept rows"):
        purge(lake.lake)
    assert _digests(lake.root, "silver") == before
    assert not list((lake.root / "silver").rglob("*.dsar-new"))


def test_rows_are_counted_per_request_when_one_purge_covers_several(lake: DsarLake) -> None:
    from lakecontracts.dsar.run import mask_rows, request_counts

    ana = str(lake.request("user_id", ANA["user"])["request_id"])
    bob = str(lake.request("user_id", BOB["user"])["request_id"])
    summary = purge(lake.lake, bronze_grace_days=0)
    silver = next(p for p in summary.layers if p.layer == "silver")
    assert len(silver.files_rewritten) == 3
    for rewrite in silver.files_rewritten:
        expected = {ana: 10, bob: 10} if "2025-03-03" not in rewrite.path else {bob: 30}
        assert rewrite.rows_by_request == expected, rewrite.path
    assert request_counts(lake.lake.folder, ana)["silver"] == {
        "files_rewritten": 2,
        "rows_removed": 20,
    }
    assert request_counts(lake.lake.folder, bob)["silver"] == {
        "files_rewritten": 3,
        "rows_removed": 50,
    }
    assert request_counts(lake.lake.folder, ana)["bronze"]["rows_removed"] == 2
    audit = mask_rows(summary)
    silver_rows = {
        r.request_id: sum(m.rows_affected for m in audit if m.request_id == r.request_id
                          and m.layer == "silver")
        for r in audit
    }  # fmt: skip
    assert silver_rows == {ana: 20, bob: 50}
    body = build_receipt(lake.lake, verify(lake.lake, ana), Ed25519PrivateKey.generate())
    located = {loc["layer"]: loc for loc in body["locations"]}
    assert located["silver"]["rows_removed"] == 20
    assert len(located["silver"]["files_rewritten"]) == 2
    assert bob not in orjson.dumps(body).decode()


def test_purge_removes_the_subject_from_the_identity_graph(lake: DsarLake) -> None:
    record = lake.request("user_id", ANA["user"])
    out = lake.lake.identity_dir
    bob = identities(out)[node("user_id", "bbb222")]
    purge(lake.lake)
    hashes = {n["hash"] for n in record["nodes"]}  # type: ignore[attr-defined]
    assert not hashes & set(identities(out))
    for name in ("identity_nodes", "identity_link", "identity_resolution", "identity_changes"):
        text = repr(table(out, name))
        assert not any(h in text or h[:32] in text for h in hashes), name
    assert identities(out)[node("user_id", "bbb222")] == bob


def test_verify_finds_residue_before_the_purge_and_none_after(lake: DsarLake) -> None:
    record = lake.request("user_id", ANA["user"])
    request_id = str(record["request_id"])
    before = verify(lake.lake, request_id)
    counts = {c.layer: c.count for c in before.checks}
    assert counts["silver"] == 20 and counts["gold"] == 1 and counts["identity_graph"] > 0
    assert counts["bronze"] == 2
    purge(lake.lake, bronze_grace_days=0)
    after = verify(lake.lake, request_id)
    assert after.residue == 0, after.checks


def test_bronze_waits_for_its_grace_period(lake: DsarLake) -> None:
    record = lake.request("user_id", ANA["user"])
    summary = purge(lake.lake)
    assert summary.bronze_due == [record["request_id"]]
    result = verify(lake.lake, str(record["request_id"]))
    counts = {c.layer: c.count for c in result.checks}
    assert counts["bronze"] == 2 and counts["silver"] == 0
    requested = str(record["requested_at"])[:10]
    assert result.pending and result.bronze_due_on > requested
    key = Ed25519PrivateKey.generate()
    with pytest.raises(DsarError, match="2 row"):
        build_receipt(lake.lake, result, key)
    purge(lake.lake, bronze_grace_days=0)
    done = verify(lake.lake, str(record["request_id"]))
    assert not done.pending and done.residue == 0
    assert build_receipt(lake.lake, done, key)["bronze_purged_at"] == done.bronze_purged_at


def test_no_final_receipt_before_bronze_is_purged_even_without_bronze_rows(
    lake: DsarLake,
) -> None:
    record = lake.request("user_id", "u-never-seen")
    purge(lake.lake)
    result = verify(lake.lake, str(record["request_id"]))
    assert result.residue == 0 and result.pending
    with pytest.raises(DsarError, match=f"grace period, on {result.bronze_due_on}"):
        build_receipt(lake.lake, result, Ed25519PrivateKey.generate())


def test_the_receipt_is_signed_and_tampering_is_caught(lake: DsarLake) -> None:
    record = lake.request("user_id", ANA["user"])
    purge(lake.lake, bronze_grace_days=0)
    key = Ed25519PrivateKey.generate()
    body = build_receipt(lake.lake, verify(lake.lake, str(record["request_id"])), key)
    silver = next(loc for loc in body["locations"] if loc["layer"] == "silver")
    assert silver["rows_removed"] == 20 and len(silver["files_rewritten"]) == 2
    assert silver["verification"]["count"] == 0
    receipt.check(body, key.public_key(), "receipt.json")
    tampered = orjson.loads(orjson.dumps(body))
    tampered["residue"] = 0 if body["residue"] else 1
    tampered["locations"][0]["rows_removed"] += 1
    with pytest.raises(DsarError, match="does not verify"):
        receipt.check(tampered, key.public_key(), "receipt.json")
    with pytest.raises(DsarError, match="does not verify"):
        receipt.check(body, Ed25519PrivateKey.generate().public_key(), "receipt.json")


def test_a_missing_signing_key_is_an_error() -> None:
    with pytest.raises(DsarError, match="CONTRACTS_DSAR_SIGNING_KEY"):
        receipt.load_signing_key(environ={})
