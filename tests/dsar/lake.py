"""A small lake for DSAR tests: bronze stitched into identities, Silver and Gold Parquet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lakecontracts.dsar.lake import Lake
from lakecontracts.dsar.request import RequestInput, create_request
from tests.conftest import REPO_ROOT
from tests.stitch.lake import KEY, rules, seen
from tests.stitch.lake import Lake as StitchLake

# Ana (user uuu111) browsed anonymously (aaa111) in a session (sss111); Bob is someone else.
ANA = {"user": "u-uuu111", "anon": "a-aaa111", "session": "s-sss111"}
BOB = {"user": "u-bbb222", "anon": "a-bbb222", "session": "s-bbb222"}
ANON_ONLY = "a-ccc333"  # a subject the stitch knows only by an anon_id


@dataclass
class DsarLake:
    root: Path

    @property
    def lake(self) -> Lake:
        return Lake(root=self.root, rules=rules(), keys={1: KEY})

    def request(self, kind: str, value: str) -> dict[str, object]:
        lake = self.lake
        return create_request(
            RequestInput(
                kind=kind,
                value=value,
                reason="dsar_erasure",
                generated=REPO_ROOT / "generated",
                identity=lake.identity_dir,
                folder=lake.folder,
                keys=(KEY,),
            )
        )


def build(root: Path) -> DsarLake:
    stitch = StitchLake(root)
    stitch.load(
        seen(0, anon="aaa111", session="sss111"),
        seen(1, anon="aaa111", user="uuu111"),
        seen(2, anon="bbb222", user="bbb222", session="bbb222"),
        seen(3, anon="ccc333"),
    )
    stitch.stitch()
    _silver(root)
    return DsarLake(root)


def _silver(root: Path) -> None:
    """Three Silver files per day: Ana's rows in two, Bob's in all; a Gold file by user."""
    people: list[Mapping[str, str | None]] = [
        ANA,
        BOB,
        {"user": None, "anon": ANON_ONLY, "session": "s-ccc333"},
    ]
    for day in ("2025-03-01", "2025-03-02", "2025-03-03"):
        folder = root / "silver" / "fct_page_views" / f"dt={day}"
        folder.mkdir(parents=True, exist_ok=True)
        rows: list[dict[str, object]] = []
        for n in range(30):
            person = people[n % 3] if day != "2025-03-03" else BOB
            rows.append(
                {
                    "event_id": f"{day}-{n:04d}",
                    "user_id": person["user"],
                    "anon_id": person["anon"],
                    "session_id": person["session"],
                    "page": f"/p/{n % 7}",
                    "ms": n * 10,
                }
            )
        pq.write_table(pa.Table.from_pylist(rows), folder / "part-0.parquet")
    gold = root / "gold" / "user_daily"
    gold.mkdir(parents=True)
    pq.write_table(
        pa.Table.from_pylist(
            [
                {"user_id": ANA["user"], "views": 20},
                {"user_id": BOB["user"], "views": 50},
            ]
        ),
        gold / "part-0.parquet",
    )
