"""The over-merge guard: a component that breaks a cap is cut, never merged silently.

Caps: ``max_per_identity`` of an identifier (one user_id per identity; at most N anon_ids,
the shared-device case) and the registry's ``max_component_size``.

**The cut rule.** Inside an offending component the edges are replayed strongest first —
most sightings, then the oldest first sighting, then the smaller (src, dst) hash pair — and
each edge joins its two sides only if the joined side still respects every cap (a greedy,
Kruskal-style maximum spanning forest under the caps). An edge left joining two different
sides is *cut*: so the links that go are the weakest ones (fewest sightings, newest) that
would break a cap. The rule depends only on the edges, so it is deterministic and the same in
full and incremental runs. Cut edges go to the quarantine table with the cap they broke.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class GuardResult:
    labels: IntArray  # component label per node after the cuts
    cut: BoolArray  # per edge: cut by the guard
    offending: IntArray  # labels (before the cuts) of the components that broke a cap
    reasons: dict[int, str]  # offending label -> what it broke, e.g. "user_id 2 > 1"


def enforce_caps(
    labels: IntArray,
    kinds: IntArray,
    caps: Sequence[int | None],
    kind_names: Sequence[str],
    max_size: int | None,
    edges: tuple[IntArray, IntArray, IntArray, IntArray],
) -> GuardResult:
    """``edges`` = (src, dst, count, first_seen) per active edge, in (src, dst) hash order."""
    src, dst, count, first_seen = edges
    n_labels = int(labels.max()) + 1 if len(labels) else 0
    reasons = _violations(labels, kinds, caps, kind_names, max_size, n_labels)
    if not reasons:
        return GuardResult(labels, np.zeros(len(src), dtype=bool), np.zeros(0, np.int64), {})
    bad = np.zeros(n_labels, dtype=bool)
    bad[list(reasons)] = True
    inside = np.nonzero(bad[labels[src]])[0]
    order = inside[np.lexsort((inside, first_seen[inside], -count[inside]))]
    limits = [cap if cap is not None else np.iinfo(np.int64).max for cap in caps]
    forest = _CappedForest(kinds, limits, max_size or np.iinfo(np.int64).max)
    for e in order.tolist():
        forest.join(int(src[e]), int(dst[e]))
    new_labels = labels.copy()
    members = np.nonzero(bad[labels])[0]
    new_labels[members] = n_labels + np.array([forest.find(int(m)) for m in members], np.int64)
    cut = np.zeros(len(src), dtype=bool)
    cut[inside] = new_labels[src[inside]] != new_labels[dst[inside]]
    return GuardResult(new_labels, cut, np.array(sorted(reasons), np.int64), reasons)


def _violations(
    labels: IntArray,
    kinds: IntArray,
    caps: Sequence[int | None],
    kind_names: Sequence[str],
    max_size: int | None,
    n_labels: int,
) -> dict[int, str]:
    reasons: dict[int, list[str]] = {}
    for code, cap in enumerate(caps):
        if cap is None:
            continue
        per = np.bincount(labels[kinds == code], minlength=n_labels)
        for label in np.nonzero(per > cap)[0].tolist():
            reasons.setdefault(label, []).append(f"{kind_names[code]} {per[label]} > {cap}")
    if max_size is not None:
        size = np.bincount(labels, minlength=n_labels)
        for label in np.nonzero(size > max_size)[0].tolist():
            reasons.setdefault(label, []).append(f"size {size[label]} > {max_size}")
    return {label: "; ".join(why) for label, why in reasons.items()}


class _CappedForest:
    """Union-find whose sets carry per-kind counts; a join that would break a cap is refused."""

    def __init__(self, kinds: IntArray, limits: Sequence[int], max_size: int) -> None:
        self.kinds = kinds
        self.limits = limits
        self.max_size = max_size
        self.parent: dict[int, int] = {}
        self.counts: dict[int, list[int]] = {}

    def find(self, node: int) -> int:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while node != root:  # path compression
            parent = self.parent.get(node, node)
            self.parent[node] = root
            node = parent
        return root

    def _counts(self, root: int) -> list[int]:
        if root not in self.counts:
            tally = [0] * (len(self.limits) + 1)
            tally[int(self.kinds[root])] = 1
            tally[-1] = 1
            self.counts[root] = tally
        return self.counts[root]

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        ca, cb = self._counts(ra), self._counts(rb)
        joined = [x + y for x, y in zip(ca, cb, strict=True)]
        if joined[-1] > self.max_size or any(
            n > limit for n, limit in zip(joined, self.limits, strict=False)
        ):
            return
        low, high = min(ra, rb), max(ra, rb)
        self.parent[high] = low
        self.counts[low] = joined
        self.counts.pop(high, None)
