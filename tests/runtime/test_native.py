"""Compiled validators: built by mypyc, loaded only while fresh, agreeing with the source.

The builds are real: ``python -m mypyc`` and the machine's C compiler (slow tests).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, FormatChecker

from lakecontracts.cli.main import cli
from lakecontracts.errors import ContractNotFoundError
from lakecontracts.runtime.manifest_index import VALIDATORS_DIR, ManifestIndex, load_index
from lakecontracts.validator import native_build
from lakecontracts.validator.native_build import NativeBuildError, compile_module
from lakecontracts.validator.stamp import NATIVE_DIR, STAMP_SUFFIX, fresh_compiled
from tests.codegen.schema_strategies import mutate, mutation_sites, values
from tests.codegen.validator_loading import import_file

COMPILED = [("booking.leg_created", 2), ("funnel.search_performed", 1)]
NAMES = ["booking__leg_created__v2", "funnel__search_performed__v1"]


@pytest.fixture(scope="module")
def native_generated(generated_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of generated/ with two validators compiled (a full build takes minutes)."""
    copy = tmp_path_factory.mktemp("native") / "generated"
    shutil.copytree(generated_dir, copy)
    for name in NAMES:
        compile_module(copy / VALIDATORS_DIR / f"{name}.py")
    return copy


@pytest.fixture(scope="module")
def native_index(native_generated: Path) -> ManifestIndex:
    return load_index(native_generated)


@pytest.mark.slow
def test_fresh_builds_are_loaded_and_only_those(
    native_generated: Path, native_index: ManifestIndex
) -> None:
    native = {key for key, route in native_index.routes.items() if route.native}
    assert native == set(COMPILED)
    route = native_index.routes[COMPILED[0]]
    assert type(route.is_valid).__name__ == "builtin_function_or_method"  # C, not a Python def
    python_only = load_index(native_generated, native=False)
    assert not any(route.native for route in python_only.routes.values())


def _source_module(generated: Path, name: str) -> ModuleType:
    return import_file(generated / VALIDATORS_DIR / f"{name}.py", f"_test_source_{name}")


@pytest.mark.slow
@pytest.mark.parametrize("key", COMPILED, ids=NAMES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_validators_agree_with_source_and_reference(
    key: tuple[str, int],
    native_generated: Path,
    native_index: ManifestIndex,
    data: st.DataObject,
) -> None:
    route = native_index.routes[key]
    source = _source_module(native_generated, NAMES[COMPILED.index(key)])
    schema = orjson.loads(native_index.schema_path(*key).read_bytes())
    reference = Draft7Validator(schema, format_checker=FormatChecker())
    envelope = data.draw(values(schema, schema), label="envelope")
    path, kind = data.draw(st.sampled_from(mutation_sites(schema, envelope, schema)))
    for instance in (envelope, mutate(envelope, path, kind, data.draw)):
        expected = reference.is_valid(instance)
        assert route.is_valid(instance) is expected is source.is_valid(instance), instance
        assert route.validate(instance) == source.validate(instance)


@pytest.mark.slow
def test_a_changed_source_is_used_instead_of_its_stale_build(native_generated: Path) -> None:
    source = native_generated / VALIDATORS_DIR / f"{NAMES[1]}.py"
    assert fresh_compiled(source) is not None
    original = source.read_bytes()
    try:
        source.write_bytes(original + b"# edited by hand\n")
        assert fresh_compiled(source) is None
        index = load_index(native_generated)
        assert not index.routes[COMPILED[1]].native
    finally:
        source.write_bytes(original)


def _validators_folder(generated_dir: Path, root: Path, names: list[str]) -> Path:
    folder = root / "gen" / VALIDATORS_DIR
    folder.mkdir(parents=True)
    for name in ["__init__", *names]:
        shutil.copyfile(generated_dir / VALIDATORS_DIR / f"{name}.py", folder / f"{name}.py")
    return folder


def _compile_cli(root: Path, *args: str) -> Any:
    result = CliRunner().invoke(
        cli, ["compile-validators", "--generated", str(root / "gen"), *args]
    )
    return result


@pytest.mark.slow
def test_cli_builds_skips_fresh_and_removes_orphans(generated_dir: Path, tmp_path: Path) -> None:
    folder = _validators_folder(generated_dir, tmp_path, [NAMES[0]])
    first = _compile_cli(tmp_path, "--format", "json")
    assert first.exit_code == 0, first.output
    assert orjson.loads(first.stdout)["built"] == [NAMES[0]]
    again = _compile_cli(tmp_path, "--format", "json")
    assert orjson.loads(again.stdout)["fresh"] == [NAMES[0]]
    (folder / f"{NAMES[0]}.py").unlink()
    gone = _compile_cli(tmp_path, "--format", "json")
    assert len(orjson.loads(gone.stdout)["removed"]) == 2  # the library and its stamp
    assert not list((folder / NATIVE_DIR).iterdir())


@pytest.mark.slow
def test_a_module_mypyc_refuses_is_reported_with_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "gen" / VALIDATORS_DIR
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "broken.py").write_text("count: int = 'not a number'\n")
    result = _compile_cli(tmp_path)
    assert result.exit_code == 2
    assert "broken.py" in result.output and "mypyc could not compile" in result.output
    assert "Incompatible types" in result.output
    assert not list((folder / NATIVE_DIR).glob(f"*{STAMP_SUFFIX}"))


def test_a_missing_mypyc_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / VALIDATORS_DIR
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(NativeBuildError, match="mypyc is not installed") as caught:
        native_build.compile_validators(folder)
    assert "lakecontracts[native]" in caught.value.hint


def test_a_folder_without_validators_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NativeBuildError, match="not a generated validators folder"):
        native_build.compile_validators(tmp_path)


@pytest.mark.slow
def test_cli_compiles_only_the_events_named(generated_dir: Path, tmp_path: Path) -> None:
    folder = _validators_folder(generated_dir, tmp_path, [NAMES[0], "booking__leg_created__v1"])
    shutil.copyfile(generated_dir / "manifest.json", tmp_path / "gen" / "manifest.json")
    result = _compile_cli(tmp_path, "booking.leg_created@2", "--format", "json")
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout)["built"] == [NAMES[0]]
    assert fresh_compiled(folder / "booking__leg_created__v1.py") is None


def _manifest(index: ManifestIndex) -> dict[str, Any]:
    """The part of manifest.json ``modules_for`` reads."""
    return {"events": [{"event": event, "v": v} for event, v in index.routes]}


def test_events_name_their_modules(index: ManifestIndex) -> None:
    manifest = _manifest(index)
    assert native_build.modules_for(manifest, ["booking.leg_created"]) == {
        "booking__leg_created__v1",
        "booking__leg_created__v2",
    }
    assert native_build.modules_for(manifest, ["booking.leg_created@2"]) == {NAMES[0]}


@pytest.mark.parametrize(
    ("spec", "message", "hint"),
    [
        ("booking.leg_creatd", "booking.leg_creatd is not in", "did you mean booking.leg_created"),
        ("booking.leg_created@7", "@7 is not in", "it has booking.leg_created@1, "),
        ("booking.leg_created@x", "@x is not in", "it has booking.leg_created@1, "),
    ],
)
def test_an_unknown_event_or_version_is_refused_with_a_hint(
    index: ManifestIndex, spec: str, message: str, hint: str
) -> None:
    manifest = _manifest(index)
    with pytest.raises(ContractNotFoundError, match=message) as refused:
        native_build.modules_for(manifest, [spec])
    assert hint in refused.value.hint


def test_a_named_module_missing_from_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / VALIDATORS_DIR
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    with pytest.raises(NativeBuildError, match=r"no generated module nope\.py") as refused:
        native_build.compile_validators(folder, only={"nope"})
    assert "contracts generate" in refused.value.hint
