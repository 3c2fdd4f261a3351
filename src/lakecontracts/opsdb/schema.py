"""The operational tables, declared once; the migrations create exactly these (a test compares).

Names follow the lakehouse's operational schema (issue #14). Closed sets of codes are tuples
here and CHECK constraints in the database, so a writer cannot invent a status or a reason.
"""

from __future__ import annotations

import sqlalchemy as sa

from lakecontracts.opsdb.types import BigId, Document, UtcDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

#: OpenLineage run states as this project names them (RUNNING, COMPLETE, FAIL, ABORT).
RUN_STATUSES = ("running", "completed", "failed", "aborted")
#: Longest lineage node name (``kind:name``).
NODE_NAME_LENGTH = 512
#: Where a lineage edge came from.
LINEAGE_ORIGINS = ("contracts", "dbt")
#: What a privacy transformation did to the data (issue #17).
MASK_TRANSFORMATIONS = (
    "rows_deleted",
    "column_masked",
    "nodes_removed",
    "edges_removed",
    "tombstoned",
    "excluded_on_read",
    "dropped_on_ingest",
)
#: Why personal data was transformed (issue #17: `contracts dsar request --reason CODE`).
MASK_REASONS = (
    "dsar_erasure",
    "consent_withdrawn",
    "account_closed",
    "retention_expired",
    "legal_request",
    "pii_leak_remediation",
)
#: Layers a transformation can touch.
LAYERS = ("bronze", "quarantine", "silver", "gold", "identity_graph", "mirror")
#: Identity graphs (issue #15): fraud-only identifiers link only in the fraud graph.
GRAPHS = ("analytics", "fraud")
#: Lifecycle of an identity edge and why it left the graph (issue #15).
LINK_STATUSES = ("active", "expired", "cut", "deleted")
LINK_REASONS = ("lifetime_expired", "over_merge_cap", "blocked_value", "dsar_erasure")


def _one_of(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    quoted = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({quoted})", name=name)


job_run = sa.Table(
    "analytics_job_run",
    metadata,
    sa.Column("run_id", sa.String(36), primary_key=True, comment="OpenLineage run UUID"),
    sa.Column("parent_run_id", sa.String(36), nullable=True),
    sa.Column("job_namespace", sa.String(200), nullable=False),
    sa.Column("job_name", sa.String(200), nullable=False),
    sa.Column("scheduled_at", UtcDateTime, nullable=True, comment="nominal time"),
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("completed_at", UtcDateTime, nullable=True),
    sa.Column("heartbeat_at", UtcDateTime, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("rows_processed", sa.BigInteger, nullable=True),
    sa.Column("bytes_scanned", sa.BigInteger, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("host", sa.String(255), nullable=True),
    sa.Column("pid", sa.Integer, nullable=True),
    sa.Column("rows_rejected", sa.BigInteger, nullable=True, comment="ingest: quarantined"),
    _one_of("status", RUN_STATUSES, "status"),
    sa.Index(None, "job_name", "started_at"),
    sa.Index(None, "status", "heartbeat_at"),
)

bronze_event_metadata = sa.Table(
    "bronze_event_metadata",
    metadata,
    sa.Column("path", sa.String(1024), primary_key=True, comment="bronze file, under the root"),
    sa.Column("event", sa.String(200), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("manifest_hash", sa.String(80), nullable=False),
    sa.Column("schema_hash", sa.String(80), nullable=False),
    sa.Column("record_count", sa.BigInteger, nullable=False),
    sa.Column("bytes", sa.BigInteger, nullable=False),
    sa.Column("min_occurred_at", UtcDateTime, nullable=True),
    sa.Column("max_occurred_at", UtcDateTime, nullable=True),
    sa.Column("min_ingested_at", UtcDateTime, nullable=False),
    sa.Column("max_ingested_at", UtcDateTime, nullable=False),
    sa.Column("lag_p95_seconds", sa.Float, nullable=True, comment="ingested_at - occurred_at"),
    sa.Column("published_at", UtcDateTime, nullable=False),
    sa.Column("run_id", sa.String(36), nullable=True),
    sa.Index(None, "event", "version", "max_ingested_at"),
    sa.Index(None, "published_at"),
)

lineage_edge = sa.Table(
    "lineage_edge",
    metadata,
    sa.Column("source", sa.String(NODE_NAME_LENGTH), primary_key=True),
    sa.Column("target", sa.String(NODE_NAME_LENGTH), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("loaded_at", UtcDateTime, nullable=False),
    _one_of("origin", LINEAGE_ORIGINS, "origin"),
    sa.Index(None, "target"),
)

event_bronze = sa.Table(
    "analytics_event_bronze",
    metadata,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("event", sa.String(200), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("occurred_at", UtcDateTime, nullable=True),
    sa.Column("ingested_at", UtcDateTime, nullable=False),
    sa.Column("source", sa.String(32), nullable=True),
    sa.Column("record", Document, nullable=False, comment="the bronze record as written"),
    sa.Index(None, "ingested_at"),
    sa.Index(None, "event", "version", "occurred_at"),
)

pii_mask_audit = sa.Table(
    "pii_mask_audit",
    metadata,
    sa.Column("audit_id", BigId, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.String(64), nullable=True, comment="DSAR request, if any"),
    sa.Column("subject_hash", sa.String(64), nullable=True, comment="HMAC-SHA256, never raw"),
    sa.Column("key_version", sa.Integer, nullable=True),
    sa.Column("layer", sa.String(16), nullable=False),
    sa.Column("location", sa.String(1024), nullable=False, comment="file, table or prefix"),
    sa.Column("transformation", sa.String(32), nullable=False),
    sa.Column("reason_code", sa.String(32), nullable=False),
    sa.Column("rows_affected", sa.BigInteger, nullable=False),
    sa.Column("hash_before", sa.String(80), nullable=True),
    sa.Column("hash_after", sa.String(80), nullable=True),
    sa.Column("performed_at", UtcDateTime, nullable=False),
    sa.Column("run_id", sa.String(36), nullable=True),
    _one_of("layer", LAYERS, "layer"),
    _one_of("transformation", MASK_TRANSFORMATIONS, "transformation"),
    _one_of("reason_code", MASK_REASONS, "reason_code"),
    sa.Index(None, "request_id"),
    sa.Index(None, "subject_hash"),
)

identity_link = sa.Table(
    "identity_link",
    metadata,
    sa.Column("graph", sa.String(16), primary_key=True),
    sa.Column("src_hash", sa.String(64), primary_key=True, comment="HMAC-SHA256 of a node"),
    sa.Column("dst_hash", sa.String(64), primary_key=True, comment="src_hash < dst_hash"),
    sa.Column("src_kind", sa.String(64), nullable=False, comment="identifier name"),
    sa.Column("dst_kind", sa.String(64), nullable=False),
    sa.Column("key_version", sa.Integer, nullable=False),
    sa.Column("first_seen", UtcDateTime, nullable=False),
    sa.Column("last_seen", UtcDateTime, nullable=False),
    sa.Column("sightings", sa.BigInteger, nullable=False),
    sa.Column("first_event_id", sa.String(36), nullable=False, comment="bridging event"),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reason_code", sa.String(32), nullable=True, comment="why it left the graph"),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    _one_of("graph", GRAPHS, "graph"),
    _one_of("status", LINK_STATUSES, "status"),
    _one_of("reason_code", LINK_REASONS, "reason_code"),
    sa.CheckConstraint("src_hash < dst_hash", name="ordered"),
    sa.Index(None, "dst_hash"),
)
