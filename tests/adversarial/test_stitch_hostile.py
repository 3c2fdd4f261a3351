"""Hostile and broken inputs to `contracts stitch`: typed errors, never a traceback or a
half-published output."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from lakecontracts.errors import StitchInputError
from lakecontracts.stitch import store
from lakecontracts.stitch.run import StitchRequest, run_stitch
from tests.stitch.lake import KEY, Lake, identities, identity, rules, seen


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path)


def test_a_corrupt_bronze_line_is_a_typed_error_and_nothing_is_published(lake: Lake) -> None:
    path = lake.load(seen(0, anon="a1a1a1", user="u1u1u1"))
    path.write_text(path.read_text() + '{"meta": {"event_id": \n')
    with pytest.raises(StitchInputError, match="bronze cannot be read"):
        lake.stitch()
    assert not (lake.out / "identity_resolution.parquet").exists()


def test_identifiers_that_are_not_strings_are_not_identities(lake: Lake) -> None:
    event = seen(0, anon="a1a1a1")
    context = event["context"]
    assert isinstance(context, dict)
    context["user_id"] = {"nested": ["u-looks-real"]}
    context["session_id"] = 123456789
    lake.load(event)
    summary = lake.stitch()
    assert (summary.nodes, summary.edges) == (1, 0)
    assert identity(lake.out, "anon_id", "a1a1a1") is not None


def test_rules_that_stop_linking_an_identifier_are_refused(lake: Lake) -> None:
    lake.load(seen(0, anon="a1a1a1", session="s1s1s1"))
    lake.stitch()
    narrowed = rules()
    narrowed = dataclasses.replace(
        narrowed,
        identifiers=tuple(
            dataclasses.replace(r, links="none") if r.name == "session_id" else r
            for r in narrowed.identifiers
        ),
    )
    request = StitchRequest(bronze=lake.bronze, out=lake.out, rules=narrowed, key=KEY)
    with pytest.raises(StitchInputError, match="session_id, which no longer link"):
        run_stitch(request)


def test_a_second_run_on_the_same_folder_is_refused(lake: Lake) -> None:
    lake.load(seen(0, anon="a1a1a1", user="u1u1u1"))
    with store.locked(lake.out), pytest.raises(StitchInputError, match="another stitch run"):
        lake.stitch()


def test_an_interrupted_publish_is_rolled_forward_once_marked_complete(lake: Lake) -> None:
    lake.load(seen(0, anon="a1a1a1", user="u1u1u1"))
    lake.stitch()
    before = identities(lake.out)
    staging = lake.out / ".publish"
    staging.mkdir()
    state = json.loads((lake.out / store.STATE_FILE).read_text())
    state["files"]["marker"] = 1
    (staging / store.STATE_FILE).write_text(json.dumps(state))
    (staging / "COMPLETE").write_bytes(b"")
    lake.stitch()  # recovers first: the marked publish lands
    assert "marker" in json.loads((lake.out / store.STATE_FILE).read_text())["files"]
    assert identities(lake.out) == before
    assert not staging.exists()


def test_an_unmarked_publish_is_dropped(lake: Lake) -> None:
    lake.load(seen(0, anon="a1a1a1", user="u1u1u1"))
    lake.stitch()
    state = (lake.out / store.STATE_FILE).read_bytes()
    staging = lake.out / ".publish"
    staging.mkdir()
    (staging / store.STATE_FILE).write_text("{half written")
    lake.stitch()
    assert (lake.out / store.STATE_FILE).read_bytes() == state
    assert not staging.exists()


def test_a_damaged_previous_output_is_a_typed_error(lake: Lake) -> None:
    lake.load(seen(0, anon="a1a1a1", user="u1u1u1"))
    lake.stitch()
    (lake.out / "identity_link.parquet").write_bytes(b"PAR1 not really")
    lake.load(seen(1, anon="a2a2a2", user="u1u1u1"))
    with pytest.raises(StitchInputError, match="cannot be read"):
        lake.stitch()


def test_a_state_file_from_something_else_is_refused(lake: Lake) -> None:
    lake.out.mkdir(parents=True)
    (lake.out / store.STATE_FILE).write_text('{"format": "other/1"}')
    lake.load(seen(0, anon="a1a1a1"))
    with pytest.raises(StitchInputError, match="is not a stitch state"):
        lake.stitch()
