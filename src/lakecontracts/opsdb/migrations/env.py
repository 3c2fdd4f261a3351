"""Alembic environment: always run programmatically by :mod:`lakecontracts.opsdb.migrate`.

The caller hands over an open connection (``config.attributes["connection"]``); there is no
alembic.ini and no URL in this package. Batch mode lets SQLite alter tables by copy.
"""

from __future__ import annotations

from alembic import context

from lakecontracts.opsdb.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
