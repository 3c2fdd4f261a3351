"""Put a pipeline and its writer together from folders or URLs (what the CLI and tests use)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lakecontracts.errors import Location, UsageError
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.pipeline import DEFAULT_MAX_RECORD_BYTES, Ingestor, Pipeline
from lakecontracts.runtime.signatures import Verifier
from lakecontracts.runtime.state import DEFAULT_WINDOW_SECONDS, IngestState, SqliteState
from lakecontracts.runtime.state_rocks import RocksState
from lakecontracts.runtime.writers import (
    BRONZE,
    QUARANTINE,
    STATE_FOLDER,
    BatchWriter,
    LocalSink,
    PublishObserver,
    RollPolicy,
    open_sink,
)

#: ``--state-store`` choices: the name of each store's file or folder in the state folder and
#: the class opening it. RocksDB keeps commits cheap when the window is full (issue #4).
STATE_STORES: dict[str, tuple[str, Callable[[Path, float], IngestState]]] = {
    "rocksdb": ("state.rocksdb", RocksState),
    "sqlite": ("state.sqlite", SqliteState),
}
DEFAULT_STATE_STORE = "rocksdb"


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
    state_store: str = DEFAULT_STATE_STORE,
    index: ManifestIndex | None = None,
    observer: PublishObserver | None = None,
    tombstoned: Callable[[dict[str, Any]], bool] | None = None,
) -> Ingestor:
    """An :class:`Ingestor` writing to ``bronze`` and ``quarantine`` (folders or fsspec URLs).

    Its state (dedupe IDs, publish journal, staged files) lives in ``state_dir``, by default
    ``<bronze>/_ingest`` when bronze is a local folder. Opening it finishes any publish a crash
    interrupted. ``native``: use compiled validators where fresh (``validator.stamp``).
    ``state_store``: a key of :data:`STATE_STORES`. ``index``: routes already loaded from
    ``generated`` (by default :func:`load_index` loads them). ``observer``: told of every
    bronze file published (the operational database's ``bronze_event_metadata``).
    ``tombstoned``: true for the envelopes of erased subjects (``dsar.exclusion``), dropped.
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
    state = open_state(state_dir, state_store, window_seconds)
    try:  # recovery may refuse (a journalled file is missing): give the folder's lock back
        writer = BatchWriter(sinks, state, state_dir / "staging", policy, clock, observer)
    except BaseException:
        state.close()
        raise
    pipeline = Pipeline(
        load_index(generated, native) if index is None else index,
        verifier=verifier,
        state=state,
        clock=clock,
        max_record_bytes=max_record_bytes,
        tombstoned=tombstoned,
    )
    return Ingestor(pipeline, writer)


def open_state(state_dir: Path, store: str, window_seconds: float) -> IngestState:
    """The ``store``'s state in ``state_dir``; refused while another store's state is there.

    Each store keeps its own dedupe window and publish journal: opening one beside the other's
    would forget the IDs seen in the last window and delete the staged files only the other's
    journal lists (a default that changed must not do that silently).
    """
    if store not in STATE_STORES:
        raise UsageError(
            f"unknown state store {store!r}", hint=f"choose one of: {', '.join(STATE_STORES)}"
        )
    for other, (name, _) in STATE_STORES.items():
        if other != store and (state_dir / name).exists():
            raise UsageError(
                f"this state folder holds {other} state ({name}), not {store}",
                location=Location(str(state_dir)),
                hint=f"pass --state-store {other} to keep using it; to switch, let a run with "
                f"--state-store {other} end normally, then move {name} out of the folder (the "
                "new store starts with an empty dedupe window)",
            )
    name, opener = STATE_STORES[store]
    return opener(state_dir / name, window_seconds)
