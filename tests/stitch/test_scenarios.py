"""Named scenarios, each over several load batches with a stitch run after each batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.stitch.lake import Lake, identities, identity, node, seen, table


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path)


def _id_of(kind: str, raw: str) -> str:
    """The identity ID a node names when it is its component's oldest node."""
    return "i-" + node(kind, raw)[:32]


def _changes(lake: Lake, kind: str) -> list[dict[str, object]]:
    return [c for c in table(lake.out, "identity_changes") if c["change"] == kind]


def test_chain(lake: Lake) -> None:
    lake.load(seen(0, anon="a1a1a1", session="s1s1s1"))
    lake.stitch()
    lake.load(seen(1, user="u1u1u1", session="s1s1s1"))
    lake.stitch()
    lake.load(seen(2, user="u1u1u1", anon="a2a2a2"))
    lake.stitch()
    want = _id_of("anon_id", "a1a1a1")
    members = [("anon_id", "a1a1a1"), ("session_id", "s1s1s1"), ("user_id", "u1u1u1")]
    members.append(("anon_id", "a2a2a2"))
    assert {identity(lake.out, kind, raw) for kind, raw in members} == {want}


def test_fan_in(lake: Lake) -> None:
    for i in range(5):
        lake.load(seen(i, user="u1u1u1", anon=f"a{i}a{i}a{i}"))
        lake.stitch()
    want = identity(lake.out, "user_id", "u1u1u1")
    assert want == _id_of("user_id", "u1u1u1")  # seen first, ranked first among equals
    assert all(identity(lake.out, "anon_id", f"a{i}a{i}a{i}") == want for i in range(5))
    assert len(_changes(lake, "absorb")) == 4


def test_diamond(lake: Lake) -> None:
    lake.load(seen(0, user="u1u1u1", anon="a1a1a1"), seen(0, user="u1u1u1", session="s1s1s1"))
    lake.stitch()
    lake.load(seen(1, anon="a1a1a1", session="s2s2s2"), seen(1, session="s2s2s2", anon="a2a2a2"))
    lake.load(seen(2, anon="a2a2a2", session="s1s1s1"))
    summary = lake.stitch()
    assert summary.components == 1
    assert set(identities(lake.out).values()) == {_id_of("user_id", "u1u1u1")}


def test_long_chain(lake: Lake) -> None:
    # x0 - y0 - x1 - y1 - ... - x20 (21 anon_ids: within the cap of 25), newest batch first
    for start in range(10, -10, -10):
        steps = range(start, start + 10)
        lake.load(*(seen(i / 10, anon=f"x{i:05d}", session=f"y{i:05d}") for i in steps))
        lake.load(*(seen(i / 10 + 0.05, anon=f"x{i + 1:05d}", session=f"y{i:05d}") for i in steps))
        lake.stitch()
    summary = lake.stitch()
    assert (summary.components, summary.largest) == (1, 41)
    assert set(identities(lake.out).values()) == {_id_of("anon_id", "x00000")}


def test_reverse_chain(lake: Lake) -> None:
    lake.load(seen(0, user="old0ld", anon="a1a1a1"))
    lake.stitch()
    lake.load(seen(5, anon="newn3w", session="s9s9s9"))
    lake.stitch()
    lake.load(seen(6, anon="newn3w", user="old0ld"))  # a newer node links to the older identity
    lake.stitch()
    assert identity(lake.out, "anon_id", "newn3w") == _id_of("user_id", "old0ld")
    merges = _changes(lake, "merge")
    assert [(m["identity_id"], m["other_id"]) for m in merges] == [
        (_id_of("user_id", "old0ld"), _id_of("anon_id", "newn3w"))
    ]


def test_late_merge_keeps_the_older_id_and_records_the_absorbed_one(lake: Lake) -> None:
    lake.load(seen(0, user="u1u1u1", anon="a1a1a1"), seen(3, anon="a2a2a2", session="s2s2s2"))
    lake.stitch()
    lake.load(seen(4, anon="a3a3a3"))
    lake.stitch()
    bridge = "11111111-2222-4333-8444-555555555555"
    lake.load(seen(5, user="u1u1u1", anon="a2a2a2", event_id=bridge))
    summary = lake.stitch()
    older, younger = _id_of("user_id", "u1u1u1"), _id_of("anon_id", "a2a2a2")
    assert identity(lake.out, "session_id", "s2s2s2") == older
    assert summary.merges == 1
    (merge,) = _changes(lake, "merge")
    assert (merge["identity_id"], merge["other_id"], merge["event_id"]) == (older, younger, bridge)
    assert merge["rule"] in ("anon_id~user_id", "user_id~anon_id")
    moved = node("anon_id", "a2a2a2")
    history = [r for r in table(lake.out, "identity_resolution") if r["node"] == moved]
    assert [(r["identity_id"], r["valid_to"] is None) for r in history] == [
        (younger, False),
        (older, True),
    ]
    # The untouched identity kept its ID through all of it.
    assert identity(lake.out, "anon_id", "a3a3a3") == _id_of("anon_id", "a3a3a3")


def test_re_observe(lake: Lake) -> None:
    lake.load(seen(0, user="u1u1u1", anon="a1a1a1"))
    lake.stitch()
    before = identities(lake.out)
    lake.load(seen(1, user="u1u1u1", anon="a1a1a1"))
    summary = lake.stitch()
    assert identities(lake.out) == before
    assert (summary.merges, summary.splits, summary.absorbs) == (0, 0, 0)
    (link,) = table(lake.out, "identity_link")
    assert link["count"] == 2


def test_self_bridge(lake: Lake) -> None:
    lake.load(seen(0, user="u1u1u1", anon="a1a1a1"), seen(0, user="u1u1u1", session="s1s1s1"))
    lake.stitch()
    lake.load(seen(1, anon="a1a1a1", session="s1s1s1"))  # both already in the identity
    summary = lake.stitch()
    assert (summary.merges, summary.splits, summary.absorbs, summary.components) == (0, 0, 0, 1)
    assert table(lake.out, "identity_changes") == []


def test_user_id_conflict_is_cut_not_merged(lake: Lake) -> None:
    lake.load(seen(0, user="u1u1u1", anon="a1a1a1"), seen(1, user="u1u1u1", anon="a1a1a1"))
    lake.load(seen(2, user="u2u2u2", anon="a1a1a1"))  # one sighting: the weakest link
    summary = lake.stitch()
    assert summary.quarantined == 1
    assert identity(lake.out, "user_id", "u1u1u1") == identity(lake.out, "anon_id", "a1a1a1")
    assert identity(lake.out, "user_id", "u2u2u2") == _id_of("user_id", "u2u2u2")
    (cut,) = table(lake.out, "identity_quarantine")
    assert {cut["src"], cut["dst"]} == {node("user_id", "u2u2u2"), node("anon_id", "a1a1a1")}
    assert cut["reason"] == "user_id 2 > 1"


def test_merge_then_user_id(lake: Lake) -> None:
    lake.load(seen(0, anon="a1a1a1", session="s1s1s1"), seen(1, anon="a2a2a2", session="s1s1s1"))
    lake.stitch()
    merged = identity(lake.out, "anon_id", "a2a2a2")
    assert merged == _id_of("anon_id", "a1a1a1")
    lake.load(seen(2, anon="a2a2a2", user="u1u1u1"))  # login later: the identity keeps its ID
    lake.stitch()
    assert identity(lake.out, "user_id", "u1u1u1") == merged


def test_shared_identifier_collision(lake: Lake) -> None:
    # A family computer: one anon_id used by two accounts; each keeps its own strong links.
    lake.load(*(seen(h, user="mum111", anon="mumphone") for h in range(3)))
    lake.load(*(seen(h, user="dad222", anon="dadphone") for h in range(3)))
    lake.load(seen(4, user="mum111", anon="family"), seen(5, user="dad222", anon="family"))
    lake.load(seen(6, user="dad222", anon="family"))
    summary = lake.stitch()
    assert summary.quarantined == 1
    mum, dad = identity(lake.out, "user_id", "mum111"), identity(lake.out, "user_id", "dad222")
    assert mum != dad
    assert identity(lake.out, "anon_id", "mumphone") == mum
    # dad's family link has two sightings, mum's one: mum's is the weakest and is cut.
    assert identity(lake.out, "anon_id", "family") == dad


def test_idle_runs_change_nothing(lake: Lake) -> None:
    lake.load(seen(0, user="u1u1u1", anon="a1a1a1"), seen(1, anon="a2a2a2", session="s1s1s1"))
    lake.stitch()
    snapshot = (lake.out / "identity_resolution.parquet").read_bytes()
    for _ in range(3):
        summary = lake.stitch()
        assert (summary.files, summary.merges, summary.splits, summary.absorbs) == (0, 0, 0, 0)
    assert (lake.out / "identity_resolution.parquet").read_bytes() == snapshot


def test_session_edge_expires_after_24_hours_and_the_split_is_deterministic(
    lake: Lake, tmp_path: Path
) -> None:
    lake.load(seen(0, anon="a1a1a1", session="s1s1s1"), seen(1, anon="a2a2a2", session="s1s1s1"))
    lake.stitch()
    joined = identity(lake.out, "anon_id", "a2a2a2")
    assert joined == identity(lake.out, "anon_id", "a1a1a1")
    lake.load(seen(23.5, anon="a3a3a3"))
    lake.stitch()
    assert identity(lake.out, "anon_id", "a2a2a2") == joined  # 22.5 h after: still live
    lake.load(seen(26, anon="a4a4a4"))
    summary = lake.stitch()
    assert summary.splits == 2  # both session edges expired: a1 | s1 | a2
    assert identity(lake.out, "anon_id", "a1a1a1") == joined  # the oldest node keeps the ID
    assert identity(lake.out, "anon_id", "a2a2a2") == _id_of("anon_id", "a2a2a2")
    splits = _changes(lake, "split")
    parts = {_id_of("anon_id", "a2a2a2"), _id_of("session_id", "s1s1s1")}
    assert {s["identity_id"] for s in splits} == parts
    assert all(str(s["rule"]).startswith("expired:") and s["other_id"] == joined for s in splits)
    # A full recompute over the same bronze gives the same split.
    fresh = tmp_path / "fresh"
    lake.stitch(out=fresh)
    assert identities(fresh) == identities(lake.out)


def test_shared_device_over_the_anon_cap_is_quarantined(lake: Lake) -> None:
    # 30 anon_ids through one session: more than max_per_identity (25) anon_ids.
    lake.load(*(seen(i / 10, anon=f"kiosk{i:03d}", session="kiosk0") for i in range(30)))
    summary = lake.stitch()
    assert summary.quarantined == 1
    assert summary.largest == 26  # the session and the 25 strongest (oldest) anon_ids
    assert len(table(lake.out, "identity_quarantine")) == 5
    assert {r["reason"] for r in table(lake.out, "identity_quarantine")} == {"anon_id 30 > 25"}
