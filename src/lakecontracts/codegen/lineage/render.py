"""Target ``lineage``: the lineage graph as ``lineage_edge`` rows and as OpenLineage events.

``lineage_edges.csv`` holds one row per edge (source, target, kind; see
:data:`~lakecontracts.codegen.lineage.graph.EDGE_KINDS`); ``openlineage.json`` holds the same
graph as OpenLineage run events (:mod:`lakecontracts.codegen.lineage.openlineage`).
"""

from __future__ import annotations

import csv
import io

from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.codegen.lineage.graph import Edge, lineage_edges
from lakecontracts.codegen.lineage.openlineage import OPENLINEAGE_FILE, render_openlineage

EDGES_FILE = "lineage_edges.csv"
EDGE_COLUMNS = ("source", "target", "kind")


def render_edges_csv(edges: list[Edge]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    writer.writerows((str(e.source), str(e.target), e.kind) for e in edges)
    return buffer.getvalue().encode()


def render_lineage(inp: GenerationInput) -> Rendered:
    edges = lineage_edges(inp)
    return {EDGES_FILE: render_edges_csv(edges), OPENLINEAGE_FILE: render_openlineage(inp, edges)}
