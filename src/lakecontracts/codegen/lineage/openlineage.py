"""The lineage graph as OpenLineage run events (spec 2-0-2), one per step that makes a dataset.

Every target node of the graph is the output of one job named ``<edge kind>:<target>``
whose inputs are the sources of its edges (a staging model's job reads every bronze table
of its event). A dataset's schema facet is written once, where it is an output; inputs name
the dataset only (OpenLineage consumers merge facets by dataset). Events are ``COMPLETE`` run
events so a consumer such as Marquez records the datasets, their schemas and the edges.

Determinism: the file must be byte-identical across runs, so nothing in it may depend on
the clock. ``eventTime`` is the Unix epoch (:data:`EVENT_TIME`): it marks "generated, not
observed"; a pipeline that emits these events for real sets its own time. ``runId`` is a
UUID5 of the manifest hash and the job name, so it changes exactly when the contracts do.
Dataset namespaces are ``lakecontracts://<registry>/<node kind>``; names are the node
names of ``lineage_edges.csv`` (tables as ``database.table``).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from lakecontracts.codegen.catalog.fields import display_type
from lakecontracts.codegen.governed_tables import run_tables
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.lineage.graph import Edge, Node, version_datasets
from lakecontracts.codegen.types import Column, ColumnType, TypeMapper
from lakecontracts.jsonout import json_file_bytes

OPENLINEAGE_FILE = "openlineage.json"
EVENT_TIME = "1970-01-01T00:00:00.000Z"
PRODUCER = "urn:lakecontracts:codegen:lineage"
RUN_EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
SCHEMA_FACET_SCHEMA = (
    "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
)

#: OpenLineage field dicts keyed by node: what each dataset's schema facet lists.
Fields = dict[Node, list[dict[str, Any]]]


def render_openlineage(inp: GenerationInput, edges: list[Edge]) -> bytes:
    events = run_events(inp, edges)
    return json_file_bytes(events, sort_keys=True)


def run_events(inp: GenerationInput, edges: list[Edge]) -> list[dict[str, Any]]:
    """One COMPLETE run event per (edge kind, target), sorted by job name."""
    registry_name = inp.registry.config.name
    fields = dataset_fields(inp)
    sources: dict[tuple[str, Node], set[Node]] = defaultdict(set)
    for edge in edges:
        sources[(edge.kind, edge.target)].add(edge.source)
    run_base = uuid.uuid5(uuid.NAMESPACE_URL, f"lakecontracts:{inp.manifest.hash}")
    events = []
    for (kind, target), inputs in sorted(sources.items()):
        job_name = f"{kind}:{target}"
        events.append(
            {
                "eventType": "COMPLETE",
                "eventTime": EVENT_TIME,
                "producer": PRODUCER,
                "schemaURL": RUN_EVENT_SCHEMA,
                "run": {"runId": str(uuid.uuid5(run_base, job_name))},
                "job": {"namespace": f"lakecontracts://{registry_name}", "name": job_name},
                "inputs": [_dataset(registry_name, n, {}) for n in sorted(inputs)],
                "outputs": [_dataset(registry_name, target, fields)],
            }
        )
    return events


def dataset_fields(inp: GenerationInput) -> Fields:
    """Schema facet fields: the envelope for event streams, the catalog columns for bronze and
    Silver tables (as the table targets define them), the Silver columns for staging models."""
    config = inp.registry.config
    tables = {
        Node("table", f"{table.database}.{table.name}"): [_field(c.column) for c in table.columns]
        for table in run_tables(inp)
    }
    fields: Fields = {}
    for event in inp.events:
        names = version_datasets(event, config)
        mapper = TypeMapper(event.schema, event.event)
        fields[names.stream] = [_field(c) for c in mapper.columns(event.schema)]
        fields[names.bronze_table] = tables[names.bronze_table]
        if names.silver_table is not None:
            fields[names.silver_table] = tables[names.silver_table]
            if names.staging_model is not None:
                fields[names.staging_model] = tables[names.silver_table]
    return fields


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": display_type(column.type)}
    if column.description:
        field["description"] = column.description
    members = _struct_members(column.type)
    if members:
        field["fields"] = [_field(member) for member in members]
    return field


def _struct_members(column_type: ColumnType) -> tuple[Column, ...]:
    """Members of a struct, also one inside arrays or maps (OpenLineage nests them)."""
    while column_type.element is not None:
        column_type = column_type.element
    return column_type.fields


def _dataset(registry_name: str, node: Node, fields: Fields) -> dict[str, Any]:
    dataset: dict[str, Any] = {
        "namespace": f"lakecontracts://{registry_name}/{node.kind}",
        "name": node.name,
    }
    if node in fields:
        dataset["facets"] = {
            "schema": {
                "_producer": PRODUCER,
                "_schemaURL": SCHEMA_FACET_SCHEMA,
                "fields": fields[node],
            }
        }
    return dataset
