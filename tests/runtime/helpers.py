"""Small helpers the runtime tests share: counting written lines, a controllable clock, states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from lakecontracts.runtime.assemble import open_state
from lakecontracts.runtime.state import DEFAULT_WINDOW_SECONDS, IngestState


def ndjson_lines(root: Path) -> list[dict[str, Any]]:
    """Every record in every published NDJSON file below ``root`` (state folder excluded)."""
    records: list[dict[str, Any]] = []
    for path in sorted(root.rglob("*.ndjson")):
        if "_ingest" in path.parts:
            continue
        records.extend(orjson.loads(line) for line in path.read_bytes().splitlines())
    return records


class FakeClock:
    """A clock tests move by hand (no sleeping, no timing assertions)."""

    def __init__(self, at: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self.at = at

    def __call__(self) -> float:
        return self.at


def open_store(
    store: str, folder: Path, window_seconds: float = DEFAULT_WINDOW_SECONDS
) -> IngestState:
    """The ingest state ``--state-store store`` opens, in ``folder`` (as ``open_ingestor`` does)."""
    return open_state(folder, store, window_seconds)
