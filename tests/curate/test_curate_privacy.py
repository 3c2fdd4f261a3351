"""Silver's privacy split, identity join and DSAR exclusion, run for real: bronze -> contracts
stitch -> contracts curate -> contracts dsar request + purge -> contracts curate.

The oracles are independent of the dbt models: Metabase's columns come from the Lake Formation
evaluator over the generated policy, hashes and identities are recomputed in Python from
bronze and the stitch's identity_resolution.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as ds
import pyarrow.json as pj
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from lakecontracts.cli.main import cli
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.governance.access import AccessPolicy, workspace_view
from lakecontracts.registry.registry import Registry
from lakecontracts.stitch.keys import hash_identifier
from tests.codegen.bronze_fixtures import record, write_partition
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT
from tests.stitch.lake import KEY, SECRET

DBT = Path(os.environ.get("LAKECONTRACTS_DBT", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DBT.is_file(), reason=f"no dbt at {DBT}"),
]
ENV = {"CONTRACTS_STITCH_KEY_V1": SECRET}
ROWS = 4  # rows per event version; row i carries u-/a-/s-0000000i
SUBJECT = "u-00000001"
#: Columns the sanitized tables add to the mapped ones (keys, identity, lineage, partition).
ADDED = {"identity_id", "_event_id", "_event_v", "_ingested_at", "_occurred_at", "dt"}
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def _cli(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--registry", str(EXAMPLE_REGISTRY), *args], env=ENV)


def _curate(lake: Path) -> Result:
    return _cli("curate", "--lake", str(lake), "--dbt", str(DBT), "--db", "off")


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    root = tmp_path_factory.mktemp("lake")
    inp = GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))
    now = datetime.now(UTC)
    for event in inp.events:
        if event.contract.status != "draft":
            write_partition(root / "bronze", event, [record(event, i, now) for i in range(ROWS)])
    stitched = _cli(
        "stitch", "--bronze", str(root / "bronze"), "--out", str(root / "identity"), "--db", "off"
    )
    assert stitched.exit_code == 0, stitched.output
    return root, _curate(root)


def _table(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()
    )
    return rows


def _bronze(root: Path, event: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for file in sorted((root / "bronze").glob(f"event={event}/v=*/dt=*/hour=*/*.ndjson")):
        rows += pj.read_json(file).to_pylist()
    return rows


def test_curate_with_identity_resolution_succeeds(lake: tuple[Path, Result]) -> None:
    _, result = lake
    assert result.exit_code == 0, result.output
    assert "silver_private fact_payouts" in result.output
    assert "events with an identity_id" in result.output


def test_sanitized_tables_hold_only_what_metabase_may_read(lake: tuple[Path, Result]) -> None:
    root, _ = lake
    policy = AccessPolicy.load(REPO_ROOT / "generated" / "lakeformation")
    checked = 0
    for folder in sorted((root / "silver").iterdir()):
        table = folder.name
        mapped = set(policy.column_names("silver", table))
        visible = set(workspace_view(policy, "Metabase", "silver", table).columns)
        columns = set(pq.ParquetDataset(folder).schema.names) | {"dt"}
        sanitized = columns - ADDED - {f"{table}_sk"}
        assert sanitized <= visible, (table, sanitized - visible)
        assert sanitized == (visible & mapped) - ADDED, table  # nothing Metabase may read is lost
        private = root / "silver_private" / table
        hidden = mapped - visible
        if hidden:
            names = set(pq.ParquetDataset(private).schema.names)
            assert names == hidden | {f"{table}_sk", "_ingested_at", "dt"}, table
        else:
            assert not private.exists(), table
        checked += 1
    assert checked == 16


def test_private_values_are_sha256_of_the_raw_values(lake: tuple[Path, Result]) -> None:
    root, _ = lake
    private = _table(root / "silver_private" / "fact_payouts")
    assert len(private) == ROWS
    for row in private:
        for name, value in row.items():
            if name not in ("fact_payouts_sk", "_ingested_at", "dt"):
                assert value is None or SHA256_HEX.match(value), (name, value)
    expected = {
        hashlib.md5(r["payload"]["payout_id"].encode()).hexdigest(): (
            hashlib.sha256(str(r["payload"]["amount_minor"]).encode()).hexdigest(),
            hashlib.sha256(r["context"]["user_id"].encode()).hexdigest(),
        )
        for r in _bronze(root, "payments.payout_paid")
    }
    got = {r["fact_payouts_sk"]: (r["amount_minor"], r["host_user_id"]) for r in private}
    assert got == expected


def test_facts_carry_the_identity_of_their_identifiers(lake: tuple[Path, Result]) -> None:
    """The identity of the event's first identifier (user, anon, session) that has one; none
    for an event whose identifiers are all blocked (row 0's ``u-00000000``, ``^0+$``)."""
    root, _ = lake
    resolution = pq.read_table(root / "identity" / "identity_resolution.parquet").to_pylist()
    current = {(r["kind"], r["node"]): r["identity_id"] for r in resolution if not r["valid_to"]}
    contexts = {r["meta"]["event_id"]: r["context"] for r in _bronze(root, "booking.leg_created")}
    legs = _table(root / "silver" / "fact_booking_legs")
    assert len(legs) == ROWS
    for row in legs:
        context = contexts[row["_event_id"]]
        found = [
            current.get((kind, hash_identifier(KEY, kind, context[kind])))
            for kind in ("user_id", "anon_id", "session_id")
        ]
        assert row["identity_id"] == next((i for i in found if i), None), row
    assert sum(1 for r in legs if r["identity_id"]) == ROWS - 1


def test_purge_then_curate_leaves_the_subject_out(lake: tuple[Path, Result]) -> None:
    root, first = lake
    assert first.exit_code == 0, first.output
    before = _table(root / "silver" / "fact_booking_legs")
    payouts_before = len(_table(root / "silver_private" / "fact_payouts"))
    assert SUBJECT in {r["user_id"] for r in before}
    requested = _cli("dsar", "request", "--user-id", SUBJECT, "--lake", str(root))
    assert requested.exit_code == 0, requested.output
    purged = _cli("dsar", "purge", "--lake", str(root), "--db", "off")  # bronze kept (grace)
    assert purged.exit_code == 0, purged.output
    assert any(SUBJECT in line for f in _bronze_files(root) for line in f.read_text().split())
    again = _curate(root)
    assert again.exit_code == 0, again.output
    assert "events excluded (DSAR)" in again.output
    after = _table(root / "silver" / "fact_booking_legs")
    assert SUBJECT not in {r["user_id"] for r in after}
    assert len(after) == len(before) - 1
    assert len(_table(root / "silver_private" / "fact_payouts")) == payouts_before - 1
    subject_hash = hashlib.sha256(SUBJECT.encode()).hexdigest()
    for folder in (root / "silver_private").iterdir():
        for row in _table(folder):
            assert subject_hash not in row.values(), folder.name
    with duckdb.connect(str(root / "curate" / "curate.duckdb"), read_only=True) as con:
        kept = con.execute("select count(*) from fact_booking_legs where user_id = ?", [SUBJECT])
        assert kept.fetchone() == (0,)  # not in the engine's incremental state either
    third = _curate(root)  # an incremental rerun does not bring it back
    assert third.exit_code == 0, third.output
    assert SUBJECT not in {r["user_id"] for r in _table(root / "silver" / "fact_booking_legs")}


def _bronze_files(root: Path) -> list[Path]:
    return sorted((root / "bronze").glob("event=booking.leg_created/v=*/dt=*/hour=*/*.ndjson"))
