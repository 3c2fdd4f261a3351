"""The matcher: exact statistics pruning, identifier columns hashed only for the subjects' kinds."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lakecontracts.dsar.matcher import candidate_columns, make_target, subject_mask
from tests.stitch.lake import KEY, node, rules

ANA = node("user_id", "uuu111")


def test_statistics_prune_a_column_whose_range_holds_no_subject_hash(tmp_path: Path) -> None:
    low, high = ("0" * 64, "1" * 64) if ANA > "2" else ("e" * 64, "f" * 64)
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"hashes": [low, high], "page": ["/a", "/b"]}), path)
    target = make_target([("user_id", ANA)], [], [KEY], rules())
    assert candidate_columns(pq.ParquetFile(path).metadata, target) == []
    pq.write_table(pa.table({"hashes": [low, ANA, high]}), path)
    assert candidate_columns(pq.ParquetFile(path).metadata, target) == ["hashes"]
    pq.write_table(pa.table({"hashes": [low, high]}), path, write_statistics=False)
    assert candidate_columns(pq.ParquetFile(path).metadata, target) == ["hashes"]


def test_identifier_columns_match_by_hmac_only_for_the_subjects_kinds() -> None:
    table = pa.table({
        "user_id": ["u-uuu111", "u-bbb222", None],
        "anon_id": ["a-x", "a-aaa111", "a-aaa111"],
        "identity_id": ["i-other", "i-" + ANA[:32], None],
    })  # fmt: skip
    users = make_target([("user_id", ANA)], [], [KEY], rules())
    assert set(users.identifier_columns.values()) == {"user_id"}
    mask = subject_mask(table, users, ["user_id", "anon_id", "identity_id"])
    assert mask.to_pylist() == [True, True, False]
    anon = make_target([("anon_id", node("anon_id", "aaa111"))], [], [KEY], rules())
    mask = subject_mask(table, anon, ["user_id", "anon_id", "identity_id"])
    assert mask.to_pylist() == [False, True, True]
    assert pc.sum(mask).as_py() == 2
