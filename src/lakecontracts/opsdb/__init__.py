"""The operational database: job runs, bronze file metadata, lineage, audit and the mirror.

SQLAlchemy Core tables (:mod:`.schema`) with Alembic migrations shipped in the package
(:mod:`.migrate`); an embedded SQLite file by default, any PostgreSQL URL in production. Only
code that records or reads operational data imports this package, so commands that do not
(lint, show) never pay for SQLAlchemy's import.
"""
