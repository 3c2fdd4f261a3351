"""identity_link in the operational database mirrors the stitch's published edges (#14, #15)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from lakecontracts.opsdb.connect import open_database
from lakecontracts.opsdb.identity_links import sync_identity_links
from lakecontracts.opsdb.schema import identity_link
from lakecontracts.stitch.run import identity_link_rows
from tests.stitch.lake import Lake, node, seen


def _rows(engine: sa.Engine) -> list[sa.Row[tuple[object, ...]]]:
    with engine.connect() as connection:
        return list(connection.execute(sa.select(identity_link).order_by(identity_link.c.src_hash)))


def test_published_links_land_once_and_a_rerun_replaces_them(db_url: str, tmp_path: Path) -> None:
    lake = Lake(tmp_path)
    lake.load(seen(0, anon="aaa111", user="uuu111"), seen(1, anon="aaa111", user="uuu111"))
    lake.load(seen(2, anon="bbb222", user="uuu111"), dt="2025-03-02")
    lake.stitch()
    engine = open_database(db_url)
    try:
        rows = identity_link_rows(lake.out)
        assert sync_identity_links(engine, "analytics", rows) == 2
        assert sync_identity_links(engine, "analytics", rows) == 2  # idempotent
        stored = _rows(engine)
        assert len(stored) == 2
        hashes = {r.src_hash for r in stored} | {r.dst_hash for r in stored}
        assert node("user_id", "uuu111") in hashes
        assert "uuu111" not in str(stored)  # raw identifiers never reach the table
        sync_identity_links(engine, "analytics", rows[:1])
        assert len(_rows(engine)) == 1
    finally:
        engine.dispose()
