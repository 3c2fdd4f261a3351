"""confidence_score: the written formula's edge cases."""

from __future__ import annotations

import numpy as np

from lakecontracts.stitch.confidence import edge_strength, node_confidence

DAY = 86_400_000_000


def _strength(weight: float, count: int, age_days: float) -> float:
    out = edge_strength(
        np.array([weight]), np.array([count]), np.array([0], np.int64), int(age_days * DAY)
    )
    return float(out[0])


def test_sightings_recency_and_weight() -> None:
    assert _strength(1.0, 1, 0) == 0.5
    assert _strength(1.0, 2, 0) == 0.75
    assert _strength(1.0, 40, 0) == 1.0 - 2.0**-40
    assert _strength(1.0, 1, 90) == 0.25  # one half-life
    assert _strength(0.7, 1, 0) == 0.35
    assert _strength(1.0, 1, -5) == 0.5  # a sighting after as-of never counts above fresh


def test_a_lone_node_is_certain_and_the_strongest_edge_decides() -> None:
    src, dst = np.array([0, 0]), np.array([1, 2])
    strength = np.array([0.5, 0.9])
    size = np.array([3, 3, 3, 1])
    scores = node_confidence(4, src, dst, strength, size)
    assert scores.tolist() == [0.9, 0.5, 0.9, 1.0]


def test_large_components_are_discounted() -> None:
    n = 200
    src, dst = np.zeros(n - 1, np.int64), np.arange(1, n)
    scores = node_confidence(n, src, dst, np.ones(n - 1), np.full(n, n))
    assert set(scores.tolist()) == {0.25}  # 50 / 200
    assert all(0.0 <= s <= 1.0 for s in scores)
