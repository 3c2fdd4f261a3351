"""The stitch end to end over bronze files: outputs, idempotence, blocking, expiry, the key."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.stitch.lake import (
    SECRET,
    Lake,
    everything_written,
    identities,
    identity,
    node,
    seen,
    table,
)


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_identifiers_seen_together_share_an_identity(lake: Lake) -> None:
    lake.load(seen(0, anon="aaa111", session="sss111"), seen(1, anon="aaa111", user="uuu111"))
    lake.load(seen(2, anon="bbb222"))
    summary = lake.stitch()
    one = identity(lake.out, "user_id", "uuu111")
    assert one is not None
    assert identity(lake.out, "anon_id", "aaa111") == one
    assert identity(lake.out, "session_id", "sss111") == one
    assert identity(lake.out, "anon_id", "bbb222") not in (None, one)
    assert (summary.nodes, summary.components, summary.largest) == (4, 2, 3)
    # The oldest node survives: the anon_id seen first names the identity.
    assert one == "i-" + node("anon_id", "aaa111")[:32]


def test_a_rerun_with_nothing_new_changes_no_byte(lake: Lake) -> None:
    lake.load(seen(0, anon="aaa111", user="uuu111"), seen(1, anon="ccc333", session="sss333"))
    lake.stitch()
    before = _digests(lake.out)
    summary = lake.stitch()
    assert summary.files == 0
    assert _digests(lake.out) == before


def test_two_fresh_runs_write_identical_bytes(lake: Lake, tmp_path: Path) -> None:
    lake.load(seen(0, anon="aaa111", user="uuu111"), seen(1, anon="ccc333", session="sss333"))
    lake.stitch(out=tmp_path / "one")
    lake.stitch(out=tmp_path / "two")
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")


def test_blocked_values_never_become_nodes(lake: Lake) -> None:
    lake.load(
        seen(0, anon="000000", user="uuu111"),
        seen(1, anon="anonymous", user="uuu222"),
        seen(2, anon="qatest42", user="uuu333"),
    )
    summary = lake.stitch()
    assert summary.blocked == 3
    assert identity(lake.out, "anon_id", "000000") is None
    assert len({identity(lake.out, "user_id", u) for u in ("uuu111", "uuu222", "uuu333")}) == 3


def test_fraud_only_identifiers_link_only_in_the_fraud_graph(lake: Lake, tmp_path: Path) -> None:
    lake.load(
        seen(0, anon="aaa111", device="d1d1d1d1d1d1d1d1"),
        seen(1, anon="bbb222", device="d1d1d1d1d1d1d1d1"),
    )
    lake.stitch()
    assert identity(lake.out, "anon_id", "aaa111") != identity(lake.out, "anon_id", "bbb222")
    fraud = tmp_path / "fraud"
    lake.stitch(out=fraud, graph="fraud")
    assert identity(fraud, "anon_id", "aaa111") == identity(fraud, "anon_id", "bbb222")


def test_a_session_edge_expires_24_hours_after_its_last_sighting(lake: Lake) -> None:
    lake.load(seen(0, anon="aaa111", session="sss111"), seen(0.5, user="uuu111", session="sss111"))
    lake.stitch()
    assert identity(lake.out, "anon_id", "aaa111") == identity(lake.out, "user_id", "uuu111")
    lake.load(seen(30, anon="zzz999"))  # the data moves on 30 hours
    summary = lake.stitch()
    assert identity(lake.out, "anon_id", "aaa111") != identity(lake.out, "user_id", "uuu111")
    assert summary.splits >= 1
    links = table(lake.out, "identity_link")
    assert all(
        link["expired"] for link in links if "session_id" in (link["src_kind"], link["dst_kind"])
    )


def test_the_key_appears_in_no_output(lake: Lake, capfd: pytest.CaptureFixture[str]) -> None:
    lake.load(seen(0, anon="aaa111", user="uuu111"))
    lake.stitch()
    captured = capfd.readouterr()
    written = everything_written(lake.out)
    assert SECRET.encode() not in written and SECRET.encode().hex().encode() not in written
    assert SECRET not in captured.out + captured.err


def test_raw_identifiers_appear_in_no_output(lake: Lake) -> None:
    lake.load(seen(0, anon="rawanon77", user="rawuser77"))
    lake.stitch()
    written = everything_written(lake.out)
    assert b"rawanon77" not in written and b"rawuser77" not in written
    assert len(identities(lake.out)) == 2


def test_identity_link_rows_for_the_operational_database(lake: Lake) -> None:
    from lakecontracts.stitch.run import identity_link_rows

    lake.load(seen(0, anon="aaa111", user="uuu111"), seen(1, anon="aaa111", user="uuu111"))
    lake.stitch()
    (row,) = identity_link_rows(lake.out)
    pair = {node("anon_id", "aaa111"), node("user_id", "uuu111")}
    assert {row["src_hash"], row["dst_hash"]} == pair
    assert (row["graph"], row["sightings"], row["key_version"]) == ("analytics", 2, 1)
    assert (row["status"], row["reason_code"]) == ("active", None)
    assert row["first_seen"] < row["last_seen"]  # type: ignore[operator]
