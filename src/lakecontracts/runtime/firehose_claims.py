"""The Firehose handler's dedupe: each event key remembers the ``recordId`` that delivered it.

Firehose retries a whole batch, with the same record IDs, when an invocation fails or its
response is lost (a response over Lambda's limit is one way to lose it). A dedupe window that
only knows "seen" would answer the retry ``Dropped`` for every record, and Firehose counts
``Dropped`` as delivered: the batch would be lost (issue #10). Here an event ID (or a rejected
record's hash) is a duplicate only when a record *outside* the current batch claimed it, so
the same batch in gives the same results out, while a producer's retry arriving as a new
record is still dropped.

Claims are recorded (:meth:`RecordClaims.claim`) only for records the response delivers;
:meth:`stage` and :meth:`stage_many` do nothing because the pipeline does not know record IDs.
Memory only: a Lambda instance's claims end with it (Firehose's own retries reach the same
instance or, after a cold start, a fresh one that accepts them again: at least once, never
lost).
"""

from __future__ import annotations

from collections.abc import Iterable

from lakecontracts.runtime.state import DEFAULT_WINDOW_SECONDS, StagedFile


class RecordClaims:
    """An :class:`~lakecontracts.runtime.state.IngestState` keyed by record ID, in memory."""

    def __init__(
        self, window_seconds: float = DEFAULT_WINDOW_SECONDS, max_ids: int = 1_000_000
    ) -> None:
        self.window_seconds = window_seconds
        self._max_ids = max_ids
        self._claims: dict[str, tuple[str, float]] = {}  # insertion order is time order
        self._batch: frozenset[str] = frozenset()

    def begin(self, record_ids: Iterable[str]) -> None:
        """The record IDs of the batch being decided: their own claims are not duplicates."""
        self._batch = frozenset(record_ids)

    def known(self, event_ids: Iterable[str], now: float) -> set[str]:
        horizon = now - self.window_seconds
        claims, batch = self._claims, self._batch
        found = set()
        for key in event_ids:
            claim = claims.get(key)
            if claim is not None and claim[1] >= horizon and claim[0] not in batch:
                found.add(key)
        return found

    def stage(self, event_id: str, now: float) -> None:
        return None  # claimed with its record ID once the response is built

    def stage_many(self, event_ids: Iterable[str], now: float) -> None:
        return None

    def claim(self, pairs: Iterable[tuple[str, str]], now: float) -> None:
        """Record (key, recordId) for every record the response delivers."""
        claims = self._claims
        for key, record_id in pairs:
            claims.pop(key, None)  # re-inserted at the end: the dict stays in time order
            claims[key] = (record_id, now)

    def commit(self, files: list[StagedFile], now: float) -> None:
        """Forget claims older than the window, and the oldest beyond ``max_ids``."""
        horizon = now - self.window_seconds
        claims = self._claims
        while claims:
            oldest = next(iter(claims))
            if claims[oldest][1] >= horizon and len(claims) <= self._max_ids:
                break
            del claims[oldest]
        self._batch = frozenset()

    def published(self, files: list[StagedFile]) -> None:
        return None

    def pending_files(self) -> list[StagedFile]:
        return []

    def close(self) -> None:
        return None
