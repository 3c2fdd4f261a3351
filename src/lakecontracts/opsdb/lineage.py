"""``lineage_edge``: edges from the generated lineage and from dbt's manifest.json, and their
export as OpenLineage run events (the openlineage-python client's types).

Node names are the generated lineage's (``kind:name``; tables as ``table:database.table``),
so an edge dbt reports and one the contracts declare name the same nodes. dbt edges use the
kind ``dbt_depends_on``: a model's parent (model, seed, snapshot or source table) to the model,
and a model to an exposure. Loading replaces every edge of that origin in one transaction, so
a rerun is idempotent and a removed edge disappears.
"""

from __future__ import annotations

import csv
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from openlineage.client import event_v2 as ol

from lakecontracts.errors import InputFileError, Location, OpsDbError
from lakecontracts.opsdb.jobs import utcnow
from lakecontracts.opsdb.schema import NODE_NAME_LENGTH, lineage_edge

EDGES_CSV = Path("lineage") / "lineage_edges.csv"
DBT_KIND = "dbt_depends_on"
PRODUCER = "urn:lakecontracts:opsdb:lineage"
_DBT_NODE_KINDS = {
    "model": "dbt_model",
    "seed": "dbt_seed",
    "snapshot": "dbt_snapshot",
    "exposure": "dbt_exposure",
}


@dataclass(frozen=True, order=True)
class LineageEdge:
    source: str
    target: str
    kind: str


def edges_from_generated(generated: Path) -> list[LineageEdge]:
    """The edges ``contracts generate`` wrote to ``lineage/lineage_edges.csv``."""
    path = generated / EDGES_CSV
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputFileError(
            f"cannot read the generated lineage: {exc.strerror}",
            location=Location(str(path)),
            hint="run `contracts generate` (the lineage target) or pass --generated DIR",
        ) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or rows[0] != ["source", "target", "kind"]:
        raise InputFileError(
            "not a lineage edge list: the header must be source,target,kind",
            location=Location(str(path), 1, 1),
            hint="regenerate it with `contracts generate`",
        )
    edges = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 3 or not all(row):
            raise InputFileError(
                "a lineage edge needs a source, a target and a kind",
                location=Location(str(path), number, 1),
                hint="regenerate it with `contracts generate`",
            )
        edges.append(LineageEdge(*row))
    return sorted(set(edges))


def edges_from_dbt_manifest(path: Path) -> list[LineageEdge]:
    """Parent-to-child edges between models, seeds, snapshots, sources and exposures."""
    try:
        manifest = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise InputFileError(
            f"cannot read the dbt manifest: {exc.strerror}",
            location=Location(str(path)),
            hint="run `dbt parse` or `dbt build`; it writes target/manifest.json",
        ) from None
    except orjson.JSONDecodeError as exc:
        raise InputFileError(
            f"the dbt manifest is not JSON: {exc}", location=Location(str(path))
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("nodes"), dict):
        raise InputFileError(
            "not a dbt manifest: no 'nodes' object",
            location=Location(str(path)),
            hint="pass the target/manifest.json a dbt run wrote",
        )
    names = _dbt_names(manifest)
    edges = set()
    for unique_id, child in _dbt_children(manifest):
        for parent in child.get("depends_on", {}).get("nodes", []) or []:
            if parent in names and unique_id in names:
                edges.add(LineageEdge(names[parent], names[unique_id], DBT_KIND))
    return sorted(edges)


def _dbt_children(manifest: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for section in ("nodes", "exposures"):
        for unique_id, node in (manifest.get(section) or {}).items():
            if isinstance(node, dict):
                yield unique_id, node


def _dbt_names(manifest: dict[str, Any]) -> dict[str, str]:
    """unique_id -> lineage node name, for the resource types lineage follows."""
    names: dict[str, str] = {}
    for unique_id, node in _dbt_children(manifest):
        kind = _DBT_NODE_KINDS.get(str(node.get("resource_type")))
        if kind is not None and isinstance(node.get("name"), str):
            names[unique_id] = f"{kind}:{node['name']}"
    for unique_id, source in (manifest.get("sources") or {}).items():
        if isinstance(source, dict):
            table = source.get("identifier") or source.get("name")
            names[unique_id] = f"table:{source.get('schema')}.{table}"
    return names


def load_edges(engine: sa.Engine, edges: Iterable[LineageEdge], origin: str) -> int:
    """Replace the edges of ``origin`` (contracts or dbt) with ``edges``; return the count."""
    rows = [
        {"source": e.source, "target": e.target, "kind": e.kind, "origin": origin}
        for e in sorted(set(edges))
    ]
    for row in rows:
        if max(len(row["source"]), len(row["target"])) > NODE_NAME_LENGTH:
            raise OpsDbError(
                f"lineage node name longer than {NODE_NAME_LENGTH} characters: "
                f"{row['source'][:80]}... -> {row['target'][:80]}..."
            )
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(lineage_edge.delete().where(lineage_edge.c.origin == origin))
        if rows:
            connection.execute(lineage_edge.insert(), [{**r, "loaded_at": now} for r in rows])
    return len(rows)


def openlineage_events(engine: sa.Engine, registry_name: str) -> list[ol.RunEvent]:
    """One COMPLETE run event per (edge kind, target): the job that makes the target from its
    sources, named and namespaced as the generated openlineage.json names them."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(lineage_edge)).all()
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows:
        groups[(row.kind, row.target)].append(row)
    events = []
    for (kind, target), members in sorted(groups.items()):
        job_name = f"{kind}:{target}"
        sources = sorted({m.source for m in members})
        run_id = uuid.uuid5(uuid.NAMESPACE_URL, f"lakecontracts:{job_name}:{'|'.join(sources)}")
        events.append(
            ol.RunEvent(
                eventType=ol.RunState.COMPLETE,
                eventTime=max(m.loaded_at for m in members).isoformat(),
                producer=PRODUCER,
                run=ol.Run(runId=str(run_id)),
                job=ol.Job(namespace=f"lakecontracts://{registry_name}", name=job_name),
                inputs=[_dataset(ol.InputDataset, registry_name, s) for s in sources],
                outputs=[_dataset(ol.OutputDataset, registry_name, target)],
            )
        )
    return events


def _dataset(cls: Any, registry_name: str, node: str) -> Any:
    kind, _, name = node.partition(":")
    return cls(namespace=f"lakecontracts://{registry_name}/{kind}", name=name)
