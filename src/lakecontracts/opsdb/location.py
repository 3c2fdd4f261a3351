"""Which operational database to use; no SQLAlchemy here, so choosing costs no import.

``--db URL`` beats ``CONTRACTS_DB``, which beats the embedded default: a SQLite file
``ops.sqlite`` under the registry's ``storage.local_root``. ``off`` disables recording.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "CONTRACTS_DB"
OFF = "off"
DEFAULT_FILE = "ops.sqlite"


def chosen_url(explicit: str | None) -> str | None:
    """The URL the user chose (option, then environment); None means 'use the default'."""
    if explicit:
        return explicit
    return os.environ.get(DB_ENV) or None


def default_url(local_root: Path) -> str:
    """``sqlite:///<storage.local_root>/ops.sqlite``."""
    return f"sqlite:///{local_root / DEFAULT_FILE}"


def is_off(url: str) -> bool:
    return url.strip().lower() == OFF
