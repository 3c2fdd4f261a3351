"""Job runs count the records they rejected (ingest: quarantined), for the failure-rate monitor.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analytics_job_run") as batch:
        batch.add_column(
            sa.Column(
                "rows_rejected", sa.BigInteger(), nullable=True, comment="ingest: quarantined"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("analytics_job_run") as batch:
        batch.drop_column("rows_rejected")
