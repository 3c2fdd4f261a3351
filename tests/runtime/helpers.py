"""Small helpers the runtime tests share: counting written lines, a controllable clock."""

from __future__ import annotations

from pathlib import Path

import orjson


def ndjson_lines(root: Path) -> list[dict[str, object]]:
    """Every record in every published NDJSON file below ``root`` (state folder excluded)."""
    records = []
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
