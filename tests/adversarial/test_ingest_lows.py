"""Issue #10, low findings in ingest: integral floats, UUID case, quarantine replays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from lakecontracts.runtime.assemble import STATE_STORES, open_ingestor
from lakecontracts.runtime.manifest_index import ManifestIndex, load_index
from lakecontracts.runtime.pipeline import Pipeline
from lakecontracts.runtime.records import Outcome
from lakecontracts.runtime.sample import pick_route, samples
from lakecontracts.runtime.signatures import Verifier
from tests.runtime.conftest import build_generated
from tests.runtime.helpers import ndjson_lines


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def index(generated: Path) -> ManifestIndex:
    return load_index(generated)


def _envelope(index: ManifestIndex, seed: int = 1) -> dict[str, Any]:
    route = pick_route(index, "booking.leg_created")
    envelope: dict[str, Any] = orjson.loads(samples(index, route, 1, seed=seed)[0].line)
    return envelope


def _signed(envelope: dict[str, Any]) -> bytes:
    envelope["meta"]["signature"] = Verifier().sign(envelope)
    return orjson.dumps(envelope)


@pytest.mark.parametrize(
    ("spelling", "value"), [("1e2", 100), ("-0.0", 0), ("99.99999999999999999", 100)]
)
def test_an_integral_float_in_an_integer_field_is_stored_as_an_int(
    index: ManifestIndex, spelling: str, value: int
) -> None:
    envelope = _envelope(index)
    envelope["payload"]["amount_minor"] = value
    line = _signed(envelope)  # 1e2 and 100 have one RFC 8785 form: the signature still holds
    sent = line.replace(f'"amount_minor":{value}'.encode(), f'"amount_minor":{spelling}'.encode())
    assert sent != line
    (result,) = Pipeline(index).process([sent], "in")
    assert result.outcome is Outcome.BRONZE, result.errors
    stored = orjson.loads(result.line or b"")["payload"]["amount_minor"]
    assert type(stored) is int and stored == value
    assert f'"amount_minor":{value},'.encode() in (result.line or b"")


def test_the_fast_path_is_loaded_so_only_undecided_records_are_normalised(
    index: ManifestIndex,
) -> None:
    route = pick_route(index, "booking.leg_created")
    assert route.fast is not None
    envelope = _envelope(index)
    envelope["payload"]["amount_minor"] = 100.0
    assert not route.fast(envelope) and route.is_valid(envelope)


def test_a_uuid_event_id_in_another_case_is_a_duplicate(index: ManifestIndex) -> None:
    envelope = _envelope(index)
    first = _signed(envelope)
    envelope["meta"]["event_id"] = envelope["meta"]["event_id"].upper()
    shouted = _signed(envelope)
    pipeline = Pipeline(index)
    results = pipeline.process([first], "in") + pipeline.process([shouted], "in")
    assert [r.outcome for r in results] == [Outcome.BRONZE, Outcome.DUPLICATE]
    both = Pipeline(index).process([shouted, first], "in")  # within one batch too
    assert [r.outcome for r in both] == [Outcome.BRONZE, Outcome.DUPLICATE]
    # bronze keeps the ID as sent (the signature covers it)
    assert orjson.loads(both[0].line or b"")["meta"]["event_id"].isupper()


@pytest.mark.parametrize("store", sorted(STATE_STORES))
def test_replaying_invalid_lines_writes_each_quarantine_record_once(
    generated: Path, index: ManifestIndex, tmp_path: Path, store: str
) -> None:
    route = pick_route(index, "booking.leg_created")
    made = samples(index, route, 2100, seed=5, invalid=True)
    invalid = list(dict.fromkeys(s.line for s in made))[:2000]  # a few truncations coincide
    assert len(invalid) == 2000
    runs = []
    for _ in range(2):
        ingestor = open_ingestor(generated, tmp_path / "b", tmp_path / "q", state_store=store)
        runs.append([r.outcome for r in ingestor.ingest(invalid, "in.ndjson", 1)])
        ingestor.close()
    assert runs[0].count(Outcome.QUARANTINE) == 2000
    assert runs[1] == [Outcome.DUPLICATE] * 2000
    assert len(ndjson_lines(tmp_path / "q")) == 2000
    assert ndjson_lines(tmp_path / "b") == []
