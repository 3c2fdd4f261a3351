"""Target ``dbt``: bronze sources and per-event staging models in the Silver shape.

Writes a dbt project fragment: ``models/sources.yml`` (one source per bronze database, one
table per non-draft event version, with freshness, meta and data tests),
``models/staging/stg_<domain>__<name>.sql`` (every version unioned into the Silver columns),
``models/staging/schema.yml`` and ``macros/lakecontracts.sql`` (per-adapter type table).
"""

from lakecontracts.codegen.dbt.render import render_dbt

__all__ = ["render_dbt"]
