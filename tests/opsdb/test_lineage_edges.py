"""lineage_edge: loaded from the generated lineage and a dbt manifest, exported as OpenLineage."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import sqlalchemy as sa
from openlineage.client.serde import Serde

from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.curate.project import assemble
from lakecontracts.curate.run import parse_dbt
from lakecontracts.errors import InputFileError
from lakecontracts.opsdb.lineage import (
    DBT_KIND,
    edges_from_dbt_manifest,
    edges_from_generated,
    load_edges,
    openlineage_events,
)
from lakecontracts.opsdb.schema import lineage_edge
from lakecontracts.registry.registry import Registry
from tests.codegen.bronze_fixtures import record, write_partition
from tests.codegen.test_lineage import RUN_EVENT
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT

GENERATED = REPO_ROOT / "generated"

# The shape dbt-core 1.11 writes (manifest v12), reduced to what lineage reads.
DBT_MANIFEST = {
    "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},
    "nodes": {
        "model.lake.stg_booking__leg_created": {
            "resource_type": "model",
            "name": "stg_booking__leg_created",
            "depends_on": {"nodes": ["source.lake.bronze_events.booking__leg_created__v2"]},
        },
        "model.lake.fact_booking_legs": {
            "resource_type": "model",
            "name": "fact_booking_legs",
            "depends_on": {
                "nodes": ["model.lake.stg_booking__leg_created", "seed.lake.currencies"]
            },
        },
        "seed.lake.currencies": {"resource_type": "seed", "name": "currencies", "depends_on": {}},
        "test.lake.not_null_x": {
            "resource_type": "test",
            "name": "not_null_x",
            "depends_on": {"nodes": ["model.lake.fact_booking_legs"]},
        },
    },
    "sources": {
        "source.lake.bronze_events.booking__leg_created__v2": {
            "resource_type": "source",
            "name": "booking__leg_created__v2",
            "schema": "bronze_events",
            "identifier": "booking__leg_created__v2",
        }
    },
    "exposures": {
        "exposure.lake.bookings_dashboard": {
            "resource_type": "exposure",
            "name": "bookings_dashboard",
            "depends_on": {"nodes": ["model.lake.fact_booking_legs"]},
        }
    },
}


def _edges(engine: sa.Engine) -> set[tuple[str, str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(lineage_edge)).all()
    return {(r.source, r.target, r.kind, r.origin) for r in rows}


def test_generated_edges_load_idempotently(engine: sa.Engine) -> None:
    edges = edges_from_generated(GENERATED)
    csv_rows = (GENERATED / "lineage" / "lineage_edges.csv").read_text().splitlines()[1:]
    assert len(edges) == len(csv_rows)
    assert load_edges(engine, edges, "contracts") == len(edges)
    assert load_edges(engine, edges, "contracts") == len(edges)
    assert len(_edges(engine)) == len(edges)
    load_edges(engine, edges[1:], "contracts")
    assert len(_edges(engine)) == len(edges) - 1


def test_dbt_edges_name_the_same_nodes_as_the_contracts(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(DBT_MANIFEST))
    dbt = edges_from_dbt_manifest(path)
    assert {(e.source, e.target) for e in dbt} == {
        ("table:bronze_events.booking__leg_created__v2", "dbt_model:stg_booking__leg_created"),
        ("dbt_model:stg_booking__leg_created", "dbt_model:fact_booking_legs"),
        ("dbt_seed:currencies", "dbt_model:fact_booking_legs"),
        ("dbt_model:fact_booking_legs", "dbt_exposure:bookings_dashboard"),
    }
    assert {e.kind for e in dbt} == {DBT_KIND}
    contracts = edges_from_generated(GENERATED)
    load_edges(engine, contracts, "contracts")
    load_edges(engine, dbt, "dbt")
    declared = {(e.source, e.target) for e in contracts}
    assert (
        "table:bronze_events.booking__leg_created__v2",
        "dbt_model:stg_booking__leg_created",
    ) in declared
    assert len(_edges(engine)) == len(contracts) + len(dbt)


def test_the_export_is_openlineage_and_matches_the_generated_events(engine: sa.Engine) -> None:
    load_edges(engine, edges_from_generated(GENERATED), "contracts")
    events = [json.loads(Serde.to_json(e)) for e in openlineage_events(engine, "lakehouse-events")]
    validator = jsonschema.Draft202012Validator(RUN_EVENT)
    for event in events:
        assert not [e.message for e in validator.iter_errors(event)], event["job"]["name"]
    generated = json.loads((GENERATED / "lineage" / "openlineage.json").read_text())

    def shape(items: list[dict[str, object]]) -> dict[object, object]:
        return {
            e["job"]["name"]: (  # type: ignore[index]
                sorted((d["namespace"], d["name"]) for d in e["inputs"]),  # type: ignore[attr-defined]
                sorted((d["namespace"], d["name"]) for d in e["outputs"]),  # type: ignore[attr-defined]
            )
            for e in items
        }

    assert shape(events) == shape(generated)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not JSON"),
        (b"[]", "no 'nodes' object"),
    ],
)
def test_a_bad_dbt_manifest_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        edges_from_dbt_manifest(path)


def test_a_broken_edge_list_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "lineage").mkdir()
    (tmp_path / "lineage" / "lineage_edges.csv").write_text("source,target,kind\na,b\n")
    with pytest.raises(InputFileError) as caught:
        edges_from_generated(tmp_path)
    assert caught.value.location is not None and caught.value.location.line == 2


DBT = REPO_ROOT / ".venv-dbt" / "bin" / "dbt"


@pytest.fixture(scope="module")
def dbt_manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """target/manifest.json from the real dbt (.venv-dbt) parsing the generated project as
    ``contracts curate`` assembles it, over bronze holding booking.leg_created v1 and v2."""
    if not DBT.is_file():
        pytest.skip(f"no dbt at {DBT}: make install-dbt")
    tmp = tmp_path_factory.mktemp("dbt")
    inp = GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))
    now = datetime.now(UTC)
    legs = [e for e in inp.events if e.event == "booking.leg_created"]
    assert sorted(e.v for e in legs) == [1, 2]
    for event in legs:
        write_partition(tmp / "bronze", event, [record(event, i, now) for i in range(2)])
    project = assemble(
        GENERATED / "dbt",
        tmp / "work",
        tmp / "bronze",
        tmp / "silver",
        "bronze_events",
        [(e.event, e.v) for e in inp.events],
    )
    return parse_dbt(DBT, project)


@pytest.mark.slow
def test_a_real_dbt_manifest_loads_source_model_gold_edges(
    engine: sa.Engine, dbt_manifest: Path
) -> None:
    edges = edges_from_dbt_manifest(dbt_manifest)
    pairs = {(e.source, e.target) for e in edges}
    chain = [
        ("table:bronze_events.booking__leg_created__v1", "dbt_model:stg_booking__leg_created"),
        ("table:bronze_events.booking__leg_created__v2", "dbt_model:stg_booking__leg_created"),
        ("dbt_model:stg_booking__leg_created", "dbt_model:fact_booking_legs"),
        ("dbt_model:fact_booking_legs", "dbt_model:kpi_gmv_daily"),  # Silver -> Gold
    ]
    assert set(chain) <= pairs
    # Bronze without files is no source of its staging model (a where-false stub), as in a run.
    assert not {s for s, t in pairs if t == "dbt_model:stg_payments__payment_succeeded"}
    # The conformed Silver model feeds Gold and its privacy split (the sanitized table Metabase
    # reads; booking legs have no column above that tier, so no private table).
    assert {t for s, t in pairs if s == "dbt_model:fact_booking_legs"} == {
        "dbt_model:kpi_gmv_daily",
        "dbt_model:fact_booking_legs__sanitized",
    }
    assert load_edges(engine, edges, "dbt") == len(edges)
    assert load_edges(engine, edges, "dbt") == len(edges)  # a rerun replaces: no doubles
    stored = {(s, t) for s, t, kind, origin in _edges(engine) if origin == "dbt"}
    assert stored == pairs and {e.kind for e in edges} == {DBT_KIND}
    # The contracts' declared lineage names the same source -> staging node as dbt's.
    declared = {(e.source, e.target) for e in edges_from_generated(GENERATED)}
    assert chain[1] in declared
