"""``confidence_score``: how sure we are that a node belongs to its identity.

The formula, per node n of an identity with N nodes::

    s(e)  = min(w_a, w_b) * (1 - 2^-count(e)) * 2^(-age_days(e) / 90)     for an edge e = (a, b)
    c(n)  = max s(e) over n's live edges (expired and cut edges do not count); 1 for a lone node
    f(N)  = min(1, 50 / N)
    confidence_score(n) = round(c(n) * f(N), 4)

``w`` is the identifier's declared ``weight`` (user_id 1.0, anon_id 0.9, session_id 0.7:
a login is stronger evidence than a shared session), ``count`` the sightings of the edge (one
sighting gives 0.5, two 0.75, ten 0.999), ``age_days`` the time from the edge's last sighting
to the run's as-of time (a link unseen for 90 days counts half), and ``f`` discounts identities
far larger than a person's usual footprint. Scores lie in [0, 1].
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
HALF_LIFE_DAYS = 90.0
SIZE_SCALE = 50.0
_US_PER_DAY = 86_400_000_000


def edge_strength(
    weight: FloatArray, count: IntArray, last_seen_us: IntArray, as_of_us: int
) -> FloatArray:
    age_days = np.maximum(as_of_us - last_seen_us, 0) / _US_PER_DAY
    return weight * (1.0 - np.exp2(-count.astype(np.float64))) * np.exp2(-age_days / HALF_LIFE_DAYS)


def node_confidence(
    n_nodes: int,
    src: IntArray,
    dst: IntArray,
    strength: FloatArray,
    component_size: IntArray,
) -> FloatArray:
    """Per node, from its live edges (``src``/``dst``/``strength`` already filtered)."""
    best = np.full(n_nodes, -1.0)
    np.maximum.at(best, src, strength)
    np.maximum.at(best, dst, strength)
    best[best < 0] = 1.0  # a node with no live edge is an identity of its own
    factor = np.minimum(1.0, SIZE_SCALE / np.maximum(component_size, 1))
    return np.round(best * factor, 4)
