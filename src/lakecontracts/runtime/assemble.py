"""Put a pipeline and its writer together from folders or URLs (what the CLI and tests use)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lakecontracts.errors import UsageError
from lakecontracts.runtime.manifest_index import load_index
from lakecontracts.runtime.pipeline import DEFAULT_MAX_RECORD_BYTES, Ingestor, Pipeline
from lakecontracts.runtime.signatures import Verifier
from lakecontracts.runtime.state import DEFAULT_WINDOW_SECONDS, SqliteState
from lakecontracts.runtime.writers import (
    BRONZE,
    QUARANTINE,
    STATE_FOLDER,
    BatchWriter,
    LocalSink,
    RollPolicy,
    open_sink,
)


def open_ingestor(
    generated: Path,
    bronze: str | Path,
    quarantine: str | Path,
    *,
    state_dir: Path | None = None,
    verifier: Verifier | None = None,
    policy: RollPolicy | None = None,
    window_seconds: float = DEFAULT_WINDOW_SECONDS,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    storage_options: dict[str, Any] | None = None,
    clock: Callable[[], float] = time.time,
    native: bool = True,
) -> Ingestor:
    """An :class:`Ingestor` writing to ``bronze`` and ``quarantine`` (folders or fsspec URLs).

    Its state (dedupe IDs, publish journal, staged files) lives in ``state_dir``, by default
    ``<bronze>/_ingest`` when bronze is a local folder. Opening it finishes any publish a crash
    interrupted. ``native``: use compiled validators where fresh (``runtime.native``).
    """
    sinks = {
        BRONZE: open_sink(bronze, storage_options),
        QUARANTINE: open_sink(quarantine, storage_options),
    }
    if state_dir is None:
        local = sinks[BRONZE]
        if not isinstance(local, LocalSink):
            raise UsageError(
                f"bronze is {bronze}: the ingest state needs a local folder",
                hint="pass --state DIR (it holds the dedupe window and the publish journal)",
            )
        state_dir = local.root / STATE_FOLDER
    state = SqliteState(state_dir / "state.sqlite", window_seconds)
    writer = BatchWriter(sinks, state, state_dir / "staging", policy, clock)
    pipeline = Pipeline(
        load_index(generated, native),
        verifier=verifier,
        state=state,
        clock=clock,
        max_record_bytes=max_record_bytes,
    )
    return Ingestor(pipeline, writer)
