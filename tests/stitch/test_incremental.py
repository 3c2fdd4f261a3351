"""Incremental runs equal a full recompute over the same bronze (property test)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stitch.lake import Lake, seen, table

USERS = [f"user{i:02d}" for i in range(4)]
ANONS = [f"anon{i:02d}" for i in range(8)]
SESSIONS = [f"sess{i:02d}" for i in range(6)]

events = st.builds(
    lambda hours, user, anon, session: seen(hours, user=user, anon=anon, session=session),
    st.integers(0, 72),
    st.none() | st.sampled_from(USERS),
    st.none() | st.sampled_from(ANONS),
    st.none() | st.sampled_from(SESSIONS),
)
batches = st.lists(st.lists(events, min_size=1, max_size=8), min_size=1, max_size=4)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches)
def test_incremental_runs_equal_a_full_recompute(loads: list[list[dict[str, object]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lake = Lake(Path(tmp))
        for batch in loads:
            lake.load(*batch)
            lake.stitch()
        full = Path(tmp) / "full"
        lake.stitch(out=full)
        for name in ("identity_nodes", "identity_link", "identity_graph_snapshot"):
            assert (lake.out / f"{name}.parquet").read_bytes() == (
                full / f"{name}.parquet"
            ).read_bytes(), name
        assert _current(lake.out) == _current(full)


def _current(out: Path) -> list[tuple[object, ...]]:
    rows = table(out, "identity_resolution")
    return sorted(
        (r["node"], r["identity_id"], r["confidence_score"]) for r in rows if r["valid_to"] is None
    )
