"""Lineage: the edge graph (CSV) and OpenLineage run events, over the governed table names."""
