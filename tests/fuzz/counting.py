"""How many inputs each fuzz target tried in this session (reported by ``conftest``)."""

from __future__ import annotations

from collections import Counter

TRIED: Counter[str] = Counter()


def tried(target: str) -> None:
    TRIED[target] += 1
