"""analytics_event_bronze: accepted events mirrored once each, retention by ingested_at."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from lakecontracts.opsdb.bronze_files import BronzeRecorder
from lakecontracts.opsdb.connect import open_database
from lakecontracts.opsdb.mirror import purge
from lakecontracts.opsdb.schema import bronze_event_metadata, event_bronze
from lakecontracts.runtime.assemble import open_ingestor
from lakecontracts.runtime.state import StagedFile
from lakecontracts.runtime.writers import PublishedFile
from tests.opsdb.test_bronze_files import SPECS, events, generated  # noqa: F401 (fixtures)


def _count(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _bronze(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.ndjson") if "_ingest" not in p.parts)


def test_accepted_events_are_mirrored_once(
    generated: Path,  # noqa: F811
    events: Path,  # noqa: F811
    tmp_path: Path,
    engine: sa.Engine,
) -> None:
    recorder = BronzeRecorder(engine, None, mirror=True)
    ingestor = open_ingestor(generated, tmp_path / "b", tmp_path / "q", native=False,
                             observer=recorder)  # fmt: skip
    lines = events.read_bytes().splitlines()
    ingestor.ingest(lines + lines[:10], str(events))  # the 10 repeats are duplicates
    ingestor.close()
    assert _count(engine, event_bronze) == len(lines)
    files = _bronze(tmp_path / "b")
    # A restart republishing a journalled file mirrors it again: nothing doubles.
    replay = [PublishedFile(StagedFile("bronze", str(f.relative_to(tmp_path / "b")), f, 0),
                            f.read_bytes()) for f in files]  # fmt: skip
    recorder.published(replay)
    assert _count(engine, event_bronze) == len(lines)
    assert _count(engine, bronze_event_metadata) == len(files)
    with engine.connect() as connection:
        row = connection.execute(sa.select(event_bronze).limit(1)).one()
    assert row.record["meta"]["event_id"].lower() == row.event_id
    assert row.ingested_at.tzinfo is not None and row.record["ingest"]["ingested_at"]


def test_retention_deletes_by_ingested_at(engine: sa.Engine) -> None:
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            event_bronze.insert(),
            [
                {
                    "event_id": f"00000000-0000-4000-8000-00000000000{i}",
                    "event": "e",
                    "version": 1,
                    "ingested_at": now - timedelta(days=i),
                    "record": {"i": i},
                }
                for i in range(5)
            ],
        )
    assert purge(engine, now - timedelta(days=2, hours=1)) == 2
    assert _count(engine, event_bronze) == 3


def test_ingest_mirror_option(
    generated: Path,  # noqa: F811
    events: Path,  # noqa: F811
    tmp_path: Path,
    db_url: str,
) -> None:
    args = ["ingest", str(events), "--bronze", str(tmp_path / "b"), "--quarantine"]
    args += [str(tmp_path / "q"), "--generated", str(generated), "--no-native", "--mirror"]
    result = CliRunner().invoke(cli, [*args, "--db", db_url])
    assert result.exit_code == 0, result.output
    engine = open_database(db_url)
    assert _count(engine, event_bronze) == len(events.read_bytes().splitlines())
    engine.dispose()
    refused = CliRunner().invoke(cli, [*args, "--db", "off"])
    assert refused.exit_code == 2 and "--mirror needs" in refused.output
    purged = CliRunner().invoke(
        cli, ["db", "purge-mirror", "--older-than-days", "0", "--db", db_url]
    )
    assert (
        purged.exit_code == 0
        and f"{len(events.read_bytes().splitlines())} mirrored" in purged.output
    )


def test_event_ids_are_unique_keys(engine: sa.Engine) -> None:
    row = {
        "event_id": "x",
        "event": "e",
        "version": 1,
        "ingested_at": datetime.now(UTC),
        "record": {},
    }
    with engine.begin() as connection:
        connection.execute(event_bronze.insert(), [row])
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(event_bronze.insert(), [row])
