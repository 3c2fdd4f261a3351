"""The bronze mirror, the PII mask audit and identity links.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_event_bronze",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=True),
        sa.Column(
            "record",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
            comment="the bronze record as written",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_analytics_event_bronze")),
    )
    op.create_index(
        op.f("ix_analytics_event_bronze_event_version_occurred_at"),
        "analytics_event_bronze",
        ["event", "version", "occurred_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_analytics_event_bronze_ingested_at"),
        "analytics_event_bronze",
        ["ingested_at"],
        unique=False,
    )
    op.create_table(
        "pii_mask_audit",
        sa.Column(
            "audit_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "request_id", sa.String(length=64), nullable=True, comment="DSAR request, if any"
        ),
        sa.Column(
            "subject_hash", sa.String(length=64), nullable=True, comment="HMAC-SHA256, never raw"
        ),
        sa.Column("key_version", sa.Integer(), nullable=True),
        sa.Column("layer", sa.String(length=16), nullable=False),
        sa.Column(
            "location", sa.String(length=1024), nullable=False, comment="file, table or prefix"
        ),
        sa.Column("transformation", sa.String(length=32), nullable=False),
        sa.Column("reason_code", sa.String(length=32), nullable=False),
        sa.Column("rows_affected", sa.BigInteger(), nullable=False),
        sa.Column("hash_before", sa.String(length=80), nullable=True),
        sa.Column("hash_after", sa.String(length=80), nullable=True),
        sa.Column("performed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint(
            "layer IN ('bronze', 'quarantine', 'silver', 'gold', 'identity_graph', 'mirror')",
            name=op.f("ck_pii_mask_audit_layer"),
        ),
        sa.CheckConstraint(
            "reason_code IN ('dsar_erasure', 'consent_withdrawn', 'account_closed', 'retention_expired', 'legal_request', 'pii_leak_remediation')",
            name=op.f("ck_pii_mask_audit_reason_code"),
        ),
        sa.CheckConstraint(
            "transformation IN ('rows_deleted', 'column_masked', 'nodes_removed', 'edges_removed', 'tombstoned', 'excluded_on_read', 'dropped_on_ingest')",
            name=op.f("ck_pii_mask_audit_transformation"),
        ),
        sa.PrimaryKeyConstraint("audit_id", name=op.f("pk_pii_mask_audit")),
    )
    op.create_index(
        op.f("ix_pii_mask_audit_request_id"), "pii_mask_audit", ["request_id"], unique=False
    )
    op.create_index(
        op.f("ix_pii_mask_audit_subject_hash"), "pii_mask_audit", ["subject_hash"], unique=False
    )
    op.create_table(
        "identity_link",
        sa.Column("graph", sa.String(length=16), nullable=False),
        sa.Column(
            "src_hash", sa.String(length=64), nullable=False, comment="HMAC-SHA256 of a node"
        ),
        sa.Column("dst_hash", sa.String(length=64), nullable=False, comment="src_hash < dst_hash"),
        sa.Column("src_kind", sa.String(length=64), nullable=False, comment="identifier name"),
        sa.Column("dst_kind", sa.String(length=64), nullable=False),
        sa.Column("key_version", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sightings", sa.BigInteger(), nullable=False),
        sa.Column("first_event_id", sa.String(length=36), nullable=False, comment="bridging event"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "reason_code", sa.String(length=32), nullable=True, comment="why it left the graph"
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("graph IN ('analytics', 'fraud')", name=op.f("ck_identity_link_graph")),
        sa.CheckConstraint(
            "reason_code IN ('lifetime_expired', 'over_merge_cap', 'blocked_value', 'dsar_erasure')",
            name=op.f("ck_identity_link_reason_code"),
        ),
        sa.CheckConstraint(
            "status IN ('active', 'expired', 'cut', 'deleted')",
            name=op.f("ck_identity_link_status"),
        ),
        sa.CheckConstraint("src_hash < dst_hash", name=op.f("ck_identity_link_ordered")),
        sa.PrimaryKeyConstraint("graph", "src_hash", "dst_hash", name=op.f("pk_identity_link")),
    )
    op.create_index(op.f("ix_identity_link_dst_hash"), "identity_link", ["dst_hash"], unique=False)


def downgrade() -> None:
    op.drop_table("identity_link")
    op.drop_table("pii_mask_audit")
    op.drop_table("analytics_event_bronze")
