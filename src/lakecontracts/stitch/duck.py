"""One typed way to run a DuckDB query into an Arrow table."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa


def query(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> pa.Table:
    relation = con.sql(sql, params=params)
    if relation is None:  # only for statements that return nothing
        raise RuntimeError("query returned no result set")
    table = relation.to_arrow_table()
    return table.combine_chunks() if table.num_columns else table
