"""Job runs, bronze file metadata and lineage edges.

Revision ID: 0001
Revises: (base)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_job_run",
        sa.Column("run_id", sa.String(length=36), nullable=False, comment="OpenLineage run UUID"),
        sa.Column("parent_run_id", sa.String(length=36), nullable=True),
        sa.Column("job_namespace", sa.String(length=200), nullable=False),
        sa.Column("job_name", sa.String(length=200), nullable=False),
        sa.Column(
            "scheduled_at", sa.DateTime(timezone=True), nullable=True, comment="nominal time"
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rows_processed", sa.BigInteger(), nullable=True),
        sa.Column("bytes_scanned", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'failed', 'aborted')",
            name=op.f("ck_analytics_job_run_status"),
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_analytics_job_run")),
    )
    op.create_index(
        op.f("ix_analytics_job_run_job_name_started_at"),
        "analytics_job_run",
        ["job_name", "started_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_analytics_job_run_status_heartbeat_at"),
        "analytics_job_run",
        ["status", "heartbeat_at"],
        unique=False,
    )
    op.create_table(
        "bronze_event_metadata",
        sa.Column(
            "path", sa.String(length=1024), nullable=False, comment="bronze file, under the root"
        ),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("manifest_hash", sa.String(length=80), nullable=False),
        sa.Column("schema_hash", sa.String(length=80), nullable=False),
        sa.Column("record_count", sa.BigInteger(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("min_occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("max_occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("min_ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("max_ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "lag_p95_seconds", sa.Float(), nullable=True, comment="ingested_at - occurred_at"
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_bronze_event_metadata")),
    )
    op.create_index(
        op.f("ix_bronze_event_metadata_event_version_max_ingested_at"),
        "bronze_event_metadata",
        ["event", "version", "max_ingested_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_bronze_event_metadata_published_at"),
        "bronze_event_metadata",
        ["published_at"],
        unique=False,
    )
    op.create_table(
        "lineage_edge",
        sa.Column("source", sa.String(length=512), nullable=False),
        sa.Column("target", sa.String(length=512), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("origin IN ('contracts', 'dbt')", name=op.f("ck_lineage_edge_origin")),
        sa.PrimaryKeyConstraint("source", "target", "kind", name=op.f("pk_lineage_edge")),
    )
    op.create_index(op.f("ix_lineage_edge_target"), "lineage_edge", ["target"], unique=False)


def downgrade() -> None:
    op.drop_table("lineage_edge")
    op.drop_table("bronze_event_metadata")
    op.drop_table("analytics_job_run")
