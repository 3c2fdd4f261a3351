"""Lineage edges and their OpenLineage export, on the example registry."""

from __future__ import annotations

import csv
import io
import json
import shutil
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from lakecontracts.codegen.dbt.layout import build_layout
from lakecontracts.codegen.governed_tables import catalog_database, governed_tables
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.lineage.graph import EDGE_KINDS, Node, lineage_edges
from lakecontracts.codegen.lineage.openlineage import OPENLINEAGE_FILE
from lakecontracts.codegen.lineage.render import EDGES_FILE, render_lineage
from lakecontracts.codegen.schemas import render_schemas
from lakecontracts.codegen.validators import render_validators
from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.registry import Registry
from tests.conftest import EXAMPLE_REGISTRY

# The parts of the OpenLineage 2-0-2 spec (RunEvent, Run, Job, Dataset, BaseFacet) and of the
# SchemaDatasetFacet 1-2-0 that these events use, with the spec's required keys.
FACET = {
    "type": "object",
    "required": ["_producer", "_schemaURL"],
    "properties": {"_producer": {"type": "string"}, "_schemaURL": {"type": "string"}},
}
SCHEMA_FIELD = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "type": {"type": "string"},
        "description": {"type": "string"},
        "fields": {"type": "array", "items": {"$ref": "#/$defs/field"}},
    },
    "additionalProperties": False,
}
DATASET = {
    "type": "object",
    "required": ["namespace", "name"],
    "properties": {
        "namespace": {"type": "string"},
        "name": {"type": "string"},
        "facets": {
            "type": "object",
            "properties": {
                "schema": {
                    "allOf": [
                        FACET,
                        {
                            "properties": {
                                "fields": {"type": "array", "items": {"$ref": "#/$defs/field"}}
                            }
                        },
                    ]
                }
            },
            "additionalProperties": FACET,
        },
    },
}
RUN_EVENT = {
    "$defs": {"field": SCHEMA_FIELD},
    "type": "object",
    "required": ["eventTime", "producer", "schemaURL", "run", "job"],
    "properties": {
        "eventType": {"enum": ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]},
        "eventTime": {"type": "string"},
        "producer": {"type": "string"},
        "schemaURL": {"type": "string"},
        "run": {"type": "object", "required": ["runId"]},
        "job": {
            "type": "object",
            "required": ["namespace", "name"],
            "properties": {"namespace": {"type": "string"}, "name": {"type": "string"}},
        },
        "inputs": {"type": "array", "items": DATASET},
        "outputs": {"type": "array", "items": DATASET},
    },
}


def generation_input(root: Path = EXAMPLE_REGISTRY) -> GenerationInput:
    return GenerationInput.from_registry(Registry.open(root))


@pytest.fixture(scope="module")
def inp() -> GenerationInput:
    return generation_input()


@pytest.fixture(scope="module")
def rendered(inp: GenerationInput) -> dict[str, bytes]:
    return render_lineage(inp)


def test_every_version_has_the_whole_chain(inp: GenerationInput) -> None:
    edges = lineage_edges(inp)
    by_kind: dict[str, set[tuple[str, str]]] = {kind: set() for kind in EDGE_KINDS}
    for edge in edges:
        by_kind[edge.kind].add((str(edge.source), str(edge.target)))
    assert len(edges) == len(set(edges))
    assert (
        "contract:events/booking/leg_created/v2.yaml",
        "schema:schemas/booking.leg_created/v2.schema.json",
    ) in by_kind["resolves_to"]
    assert ("event:booking.leg_created@1", "table:bronze_events.booking__leg_created__v1") in (
        by_kind["lands_in"]
    )
    stages = {s for s, t in by_kind["stages"] if t == "dbt_model:stg_booking__leg_created"}
    assert stages == {
        "table:bronze_events.booking__leg_created__v1",
        "table:bronze_events.booking__leg_created__v2",
    }
    assert ("dbt_model:stg_booking__leg_created", "table:silver.fact_booking_legs") in (
        by_kind["feeds"]
    )
    for kind in ("resolves_to", "compiles_to", "validates", "lands_in"):
        assert len(by_kind[kind]) == len(inp.events), kind


def test_names_match_the_files_and_tables_other_targets_produce(inp: GenerationInput) -> None:
    nodes = {n for e in lineage_edges(inp) for n in (e.source, e.target)}
    schema_files = {n.name for n in nodes if n.kind == "schema"}
    assert schema_files == {f"schemas/{path}" for path in render_schemas(inp)}
    tables = {n.name for n in nodes if n.kind == "table"}
    governed = governed_tables(inp.registry.config, inp.events)
    fed = {m.silver_table for m in build_layout(inp.events).models}
    expected = {f"{t.database}.{t.name}" for t in governed if t.layer == "bronze" or t.name in fed}
    assert tables == expected
    contracts = {n.name for n in nodes if n.kind == "contract"}
    assert all((EXAMPLE_REGISTRY / name).is_file() for name in contracts)
    validators = {n.name for n in nodes if n.kind == "validator"}
    assert validators == {f"validators/{p}" for p in render_validators(inp) if p != "__init__.py"}


def test_staging_edges_follow_the_dbt_layout(inp: GenerationInput) -> None:
    edges = lineage_edges(inp)
    layout = build_layout(inp.events)
    stages = {(e.source.name, e.target.name) for e in edges if e.kind == "stages"}
    bronze = catalog_database(inp.registry.config, "bronze")
    assert stages == {
        (f"{bronze}.{table.name}", model.name) for model in layout.models for table in model.tables
    }
    feeds = {(e.source.name, e.target.name) for e in edges if e.kind == "feeds"}
    assert feeds == {(m.name, f"silver.{m.silver_table}") for m in layout.models}
    # A draft version lands in bronze but is not staged.
    drafts = [e for e in inp.events if e.contract.status == "draft"]
    assert drafts
    for draft in drafts:
        assert not any(e.kind == "stages" and draft.event in e.source.name for e in edges)


def test_csv_has_one_row_per_edge(inp: GenerationInput, rendered: dict[str, bytes]) -> None:
    rows = list(csv.reader(io.StringIO(rendered[EDGES_FILE].decode())))
    assert rows[0] == ["source", "target", "kind"]
    edges = lineage_edges(inp)
    assert rows[1:] == [[str(e.source), str(e.target), e.kind] for e in edges]


def test_openlineage_events_follow_the_spec(
    inp: GenerationInput, rendered: dict[str, bytes]
) -> None:
    events = json.loads(rendered[OPENLINEAGE_FILE])
    validator = jsonschema.Draft202012Validator(RUN_EVENT)
    for event in events:
        errors = [e.message for e in validator.iter_errors(event)]
        assert not errors, (event["job"]["name"], errors)
        assert uuid.UUID(event["run"]["runId"]).version == 5
        assert datetime.fromisoformat(event["eventTime"]).tzinfo is not None
        assert event["schemaURL"].startswith("https://openlineage.io/spec/2-0-2/OpenLineage.json")
    run_ids = [e["run"]["runId"] for e in events]
    assert len(set(run_ids)) == len(run_ids)
    # One job per (edge kind, target); its inputs are exactly the edge sources.
    jobs = {e["job"]["name"]: e for e in events}
    staging = jobs["stages:dbt_model:stg_booking__leg_created"]
    assert [d["name"] for d in staging["inputs"]] == [
        "bronze_events.booking__leg_created__v1",
        "bronze_events.booking__leg_created__v2",
    ]
    assert len(jobs) == len({(e.kind, e.target) for e in lineage_edges(inp)})


def test_schema_facets_describe_tables_with_nested_fields(rendered: dict[str, bytes]) -> None:
    events = json.loads(rendered[OPENLINEAGE_FILE])
    outputs = {
        (d["namespace"].rsplit("/", 1)[1], d["name"]): d for e in events for d in e["outputs"]
    }
    bronze = outputs[("table", "bronze_events.booking__leg_created__v2")]["facets"]["schema"]
    columns = {f["name"]: f for f in bronze["fields"]}
    assert list(columns) == ["meta", "context", "payload", "ingest", "dt", "hour"]
    payload = {f["name"]: f["type"] for f in columns["payload"]["fields"]}
    assert payload["amount_minor"] == "int" and payload["starts_on"] == "date"
    silver = outputs[("table", "silver.fact_booking_legs")]["facets"]["schema"]["fields"]
    assert {f["name"]: f["type"] for f in silver}["occurred_at"] == "timestamp"
    assert "facets" not in events[0]["inputs"][0]


def test_output_is_deterministic_and_run_ids_follow_the_manifest(tmp_path: Path) -> None:
    first, again = render_lineage(generation_input()), render_lineage(generation_input())
    assert first == again
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    contract = root / "events" / "booking" / "leg_created" / "v2.yaml"
    contract.write_text(contract.read_text().replace("maximum: 20", "maximum: 21"))
    changed = render_lineage(generation_input(root))
    assert changed[EDGES_FILE] == first[EDGES_FILE]
    old_ids = {e["run"]["runId"] for e in json.loads(first[OPENLINEAGE_FILE])}
    new_ids = {e["run"]["runId"] for e in json.loads(changed[OPENLINEAGE_FILE])}
    assert not old_ids & new_ids


def test_missing_catalog_database_is_a_clear_error(inp: GenerationInput) -> None:
    config = inp.registry.config
    no_catalog = replace(config.catalog, settings={})
    broken = replace(
        inp, registry=replace(inp.registry, config=replace(config, catalog=no_catalog))
    )
    with pytest.raises(RegistryConfigError, match=r"catalog\.bronze_database"):
        lineage_edges(broken)


def test_node_strings_are_kind_and_name() -> None:
    assert str(Node("table", "silver.fact_x")) == "table:silver.fact_x"
