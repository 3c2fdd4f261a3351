"""Issue #12: the path a new team walks on day one, as processes, from `init` to bronze."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.config import load_registry_config


def contracts(
    cwd: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTRACTS_REGISTRY")}
    return subprocess.run(
        [sys.executable, "-m", "lakecontracts", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=env,
        check=False,
    )


@pytest.fixture()
def fresh(tmp_path: Path) -> Path:
    """A registry as `contracts init` writes it, committed to a new git repository."""
    proc = contracts(tmp_path, "init", "ride", "--owner", "team-rides")
    assert proc.returncode == 0, proc.stderr.decode()
    repo = tmp_path / "ride"
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True)
    return repo


def test_init_registry_works_unchanged_from_lint_to_bronze(fresh: Path) -> None:
    strict = contracts(fresh, "lint", "--strict")  # no warnings either
    assert strict.returncode == 0, strict.stdout.decode()
    generated = contracts(fresh, "generate")
    assert generated.returncode == 0, generated.stderr.decode()
    sample = contracts(fresh, "sample", "example.item_created", "-n", "25")
    assert sample.returncode == 0, sample.stderr.decode()
    (fresh / "events.ndjson").write_bytes(sample.stdout)
    ingest = contracts(fresh, "ingest", "events.ndjson", "--format", "json")
    assert ingest.returncode == 0, ingest.stderr.decode()
    summary = json.loads(ingest.stdout)
    assert summary["outcomes"]["bronze"] == 25
    assert summary["outcomes"]["quarantine"] == 0
    bronze = fresh / "contracts" / ".lakehouse" / "bronze"
    assert any(bronze.rglob("*.ndjson*")) or any(p.is_file() for p in bronze.rglob("*"))


def test_scaffolded_ci_installs_a_pinned_tool_and_runs_the_gates(fresh: Path) -> None:
    workflow = yaml.safe_load((fresh / ".github/workflows/contracts.yml").read_text())
    runs = [step["run"] for step in workflow["jobs"]["contracts"]["steps"] if "run" in step]
    install = next(r for r in runs if "pip install" in r)
    assert "lakecontracts==" in install or "git+" in install, install
    assert any(r.startswith("contracts lint") for r in runs)
    assert any(r.startswith("contracts compat") for r in runs)
    assert "contracts generate --check" in runs


def test_tool_spec_is_refused_when_it_could_inject(tmp_path: Path) -> None:
    proc = contracts(tmp_path, "init", "x", "--tool-spec", "lakecontracts'\n- run: curl evil")
    assert proc.returncode == 2
    assert b"--tool-spec" in proc.stderr
    ok = contracts(
        tmp_path, "init", "y", "--tool-spec", "lakecontracts @ git+https://g.example/a/b@v1"
    )
    assert ok.returncode == 0
    text = (tmp_path / "y/.github/workflows/contracts.yml").read_text()
    assert "'lakecontracts @ git+https://g.example/a/b@v1'" in text


def test_envelope_missing_runtime_fields_is_one_error_naming_each(fresh: Path) -> None:
    path = fresh / "contracts" / "registry.yaml"
    data = yaml.safe_load(path.read_text())
    meta = data["envelope"]["properties"]["meta"]
    del meta["properties"]["source"], meta["properties"]["sent_at"]
    meta["required"] = ["event", "v", "event_id", "occurred_at", "signature"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(RegistryConfigError) as caught:
        load_registry_config(path.parent)
    message = str(caught.value)
    assert "sent_at, source" in message
    assert "sent_at: {type: string" in caught.value.hint
    proc = contracts(fresh, "lint")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr


def test_generate_lists_every_missing_setting_at_once(fresh: Path) -> None:
    path = fresh / "contracts" / "registry.yaml"
    data = yaml.safe_load(path.read_text())
    del data["catalog"], data["storage"]
    path.write_text(yaml.safe_dump(data))
    proc = contracts(fresh, "generate")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    for setting in ("catalog.bronze_database", "storage.bronze", "catalog.silver_database"):
        assert setting in err
    assert "bronze_database: bronze" in err
    assert not (fresh / "generated").exists()


def test_samples_of_two_events_with_one_seed_share_no_event_id(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLE_REGISTRY

    ids: list[str] = []
    for event in ("booking.leg_created", "funnel.listing_viewed"):
        proc = contracts(
            EXAMPLE_REGISTRY.parent,
            "--registry",
            str(EXAMPLE_REGISTRY),
            "sample",
            event,
            "-n",
            "50",
            "--seed",
            "1",
        )
        assert proc.returncode == 0, proc.stderr.decode()
        ids += [json.loads(line)["meta"]["event_id"] for line in proc.stdout.splitlines()]
    assert len(set(ids)) == 100


def test_sample_natural_keys_are_unique_and_times_near_the_anchor() -> None:
    from datetime import UTC, datetime

    from lakecontracts.runtime.manifest_index import load_index
    from lakecontracts.runtime.sample import natural_key_fields, pick_route, samples
    from tests.conftest import EXAMPLE_REGISTRY

    index = load_index(EXAMPLE_REGISTRY.parent / "generated", native=False)
    anchor = datetime(2026, 6, 1, tzinfo=UTC)
    for event in sorted(index.events):
        route = pick_route(index, event)
        schema = json.loads(index.schema_path(route.event, route.v).read_bytes())
        fields = natural_key_fields(schema)
        lines = [json.loads(s.line) for s in samples(index, route, 40, seed=3, anchor=anchor)]
        for line in lines:
            occurred = datetime.fromisoformat(line["meta"]["occurred_at"].replace("Z", "+00:00"))
            assert 0 <= (anchor - occurred).total_seconds() <= 60
        if fields:
            keys = {json.dumps([ln["payload"].get(f) for f in fields]) for ln in lines}
            assert len(keys) == len(lines), event


def test_ingest_fail_on_exits_1_when_the_failure_rate_reaches_the_level(fresh: Path) -> None:
    assert contracts(fresh, "generate").returncode == 0
    good = contracts(fresh, "sample", "example.item_created", "-n", "20").stdout
    bad = contracts(fresh, "sample", "example.item_created", "-n", "5", "--invalid").stdout
    (fresh / "good.ndjson").write_bytes(good)
    (fresh / "mixed.ndjson").write_bytes(good + bad)
    clean = contracts(fresh, "ingest", "good.ndjson", "--fail-on", "warning")
    assert clean.returncode == 0, clean.stderr.decode()
    failed = contracts(
        fresh, "ingest", "mixed.ndjson", "--fail-on", "critical", "--state", str(fresh / "state2")
    )
    assert failed.returncode == 1
    assert b"FAILED: the schema failure rate reached --fail-on critical" in failed.stdout
    plain = contracts(fresh, "ingest", "mixed.ndjson", "--state", str(fresh / "state3"))
    assert plain.returncode == 0


def test_sample_gives_identifiers_their_declared_prefix_without_a_pattern(fresh: Path) -> None:
    path = fresh / "contracts" / "registry.yaml"
    data = yaml.safe_load(path.read_text())
    context = data["envelope"]["properties"]["context"]["properties"]
    for name in ("user_id", "anon_id", "session_id"):
        context[name].pop("pattern")
    path.write_text(yaml.safe_dump(data))
    assert contracts(fresh, "generate").returncode == 0
    proc = contracts(fresh, "sample", "example.item_created", "-n", "40", "--seed", "4")
    assert proc.returncode == 0, proc.stderr.decode()
    seen = 0
    for line in proc.stdout.splitlines():
        context_values = json.loads(line)["context"]
        for name, prefix in (("user_id", "u-"), ("anon_id", "a-"), ("session_id", "s-")):
            value = context_values.get(name)
            if isinstance(value, str):
                seen += 1
                assert value.startswith(prefix), (name, value)
    assert seen > 20
