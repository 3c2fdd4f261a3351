"""Build small bronze lakes for stitch tests and read the stitch's outputs back.

Envelopes are written in the exact bronze layout `contracts ingest` produces
(``event=/v=/dt=/hour=/part-*.ndjson``), carrying only what the stitch reads plus a payload.
"""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from lakecontracts.stitch.keys import StitchKey, hash_identifier
from lakecontracts.stitch.rules import StitchRules, load_rules
from lakecontracts.stitch.run import Progress, StitchRequest, StitchSummary, run_stitch
from tests.conftest import REPO_ROOT

SECRET = "stitch-test-key-0123456789abcdef"
KEY = StitchKey(1, SECRET.encode())
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
_PREFIX = {"user_id": "u-", "anon_id": "a-", "session_id": "s-", "device.ua_hash": "d-"}


def rules() -> StitchRules:
    return load_rules(REPO_ROOT / "generated")


@dataclass
class Lake:
    """A bronze folder, an output folder and a counter for event IDs and batch names."""

    root: Path
    batches: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def bronze(self) -> Path:
        return self.root / "bronze"

    @property
    def out(self) -> Path:
        return self.root / "identity"

    def load(self, *events: dict[str, object], dt: str = "2025-03-01") -> Path:
        """Write one bronze file holding ``events``."""
        n = next(self.batches)
        folder = self.bronze / "event=test.seen" / "v=1" / f"dt={dt}" / "hour=00"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"part-{n:05d}.ndjson"
        path.write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in events))
        return path

    def stitch(
        self, out: Path | None = None, progress: Progress | None = None, **options: object
    ) -> StitchSummary:
        request = StitchRequest(
            bronze=self.bronze,
            out=out or self.out,
            rules=rules(),
            key=KEY,
            **options,  # type: ignore[arg-type]
        )
        return run_stitch(request) if progress is None else run_stitch(request, progress)


def seen(
    hours: float = 0, *, user: str | None = None, anon: str | None = None,
    session: str | None = None, device: str | None = None, event_id: str | None = None,
) -> dict[str, object]:  # fmt: skip
    """An envelope seen ``hours`` after T0 carrying the given identifiers (raw, unprefixed)."""
    context: dict[str, object] = {}
    for kind, value in (("user_id", user), ("anon_id", anon), ("session_id", session)):
        if value is not None:
            context[kind] = _PREFIX[kind] + value
    if device is not None:
        context["device"] = {"ua_hash": "d-" + device}
    when = (T0 + timedelta(hours=hours)).isoformat().replace("+00:00", "Z")
    return {
        "meta": {"event": "test.seen", "v": 1, "event_id": event_id or str(uuid.uuid4()),
                 "occurred_at": when, "sent_at": when, "source": "web", "signature": "0" * 64},
        "context": context,
        "payload": {},
    }  # fmt: skip


def node(kind: str, raw: str) -> str:
    return hash_identifier(KEY, kind, _PREFIX[kind] + raw)


def identity(out: Path, kind: str, raw: str) -> str | None:
    """The current identity of one raw identifier (None: not a node)."""
    return identities(out).get(node(kind, raw))


def identities(out: Path) -> dict[str, str]:
    rows = pq.read_table(out / "identity_graph_snapshot.parquet").to_pylist()
    return {r["node"]: r["identity_id"] for r in rows}


def table(out: Path, name: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = pq.read_table(out / f"{name}.parquet").to_pylist()
    return rows


def everything_written(out: Path) -> bytes:
    """Every output file's bytes, and every Parquet table's values as text (the files are
    compressed, so a byte search alone could miss a stored string)."""
    parts: list[bytes] = []
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        parts.append(path.read_bytes())
        if path.suffix == ".parquet":
            parts.append(repr(pq.read_table(path).to_pylist()).encode())
    return b"\n".join(parts)
