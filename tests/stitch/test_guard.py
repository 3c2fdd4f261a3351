"""The over-merge guard on small graphs: which edges are cut, and that the caps hold."""

from __future__ import annotations

import numpy as np

from lakecontracts.stitch.components import label_components
from lakecontracts.stitch.guard import GuardResult, enforce_caps

USER, ANON = 0, 1


def _guard(
    kinds: list[int], edges: list[tuple[int, int, int, int]], caps: list[int | None]
) -> GuardResult:
    src = np.array([e[0] for e in edges], np.int64)
    dst = np.array([e[1] for e in edges], np.int64)
    count = np.array([e[2] for e in edges], np.int64)
    first = np.array([e[3] for e in edges], np.int64)
    kind = np.array(kinds, np.int64)
    labels = label_components(len(kinds), src, dst)
    return enforce_caps(labels, kind, caps, ["user_id", "anon_id"], None, (src, dst, count, first))


def test_two_users_through_one_anon_lose_the_weaker_link() -> None:
    # u0 - a2 (3 sightings), u1 - a2 (1 sighting): the weaker one is cut
    result = _guard([USER, USER, ANON], [(0, 2, 3, 10), (1, 2, 1, 5)], [1, None])
    assert result.cut.tolist() == [False, True]
    assert result.labels[0] == result.labels[2] != result.labels[1]
    assert result.reasons == {0: "user_id 2 > 1"}


def test_equal_sightings_cut_the_newer_link() -> None:
    result = _guard([USER, USER, ANON], [(0, 2, 2, 50), (1, 2, 2, 40)], [1, None])
    assert result.cut.tolist() == [True, False]  # first seen at 50: newer, cut


def test_a_component_within_its_caps_is_left_alone() -> None:
    result = _guard([USER, ANON, ANON], [(0, 1, 1, 1), (0, 2, 1, 2)], [1, None])
    assert not result.cut.any() and result.reasons == {}


def test_every_part_respects_the_caps_after_a_long_chain_is_cut() -> None:
    # u0 - a3 - u1 - a4 - u2 - a5: three users in a chain, cap one per identity
    kinds = [USER, USER, USER, ANON, ANON, ANON]
    edges = [(0, 3, 5, 1), (1, 3, 1, 2), (1, 4, 4, 3), (2, 4, 1, 4), (2, 5, 3, 5)]
    result = _guard(kinds, edges, [1, None])
    users_per_label: dict[int, int] = {}
    for node, kind in enumerate(kinds):
        if kind == USER:
            label = int(result.labels[node])
            users_per_label[label] = users_per_label.get(label, 0) + 1
    assert max(users_per_label.values()) == 1
    assert result.cut.tolist() == [False, True, False, True, False]
