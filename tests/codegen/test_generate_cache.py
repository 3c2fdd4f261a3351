"""`generate`'s cache: same bytes with and without it, never stale, damaged entries ignored."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts import contentcache
from lakecontracts.cli.main import cli
from lakecontracts.codegen import cache as generate_cache
from lakecontracts.codegen import inputs
from lakecontracts.codegen.governed_tables import run_tables
from lakecontracts.codegen.targets import TARGETS, Renderer
from lakecontracts.contentcache import MAGIC, ContentCache, cache_key
from tests.conftest import EXAMPLE_REGISTRY
from tests.lakehouse_fixtures import generation_input

CONTRACT = Path("events/booking/leg_created/v2.yaml")


def generate(root: Path, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["--registry", str(root), "generate", *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.provenance.json"
    }


def fresh(tmp_path: Path, root: Path, name: str) -> dict[str, bytes]:
    """What a run without any cache writes for ``root`` (in a copy of the repository)."""
    repo = tmp_path / name
    shutil.copytree(root, repo / "contracts")
    generate(repo / "contracts", "--no-cache")
    assert not (repo / ".contracts-cache").exists()
    return tree(repo / "generated")


def poison(cache_dir: Path) -> int:
    """Replace every entry's value by other bytes with a valid digest: only a key that
    matches can ever bring these into an output."""
    count = 0
    for path in cache_dir.rglob("*.bin"):
        entries = list(contentcache._read_entries(path))
        body = b"".join(contentcache._entry(key, b"poisoned") for key, _ in entries)
        path.write_bytes(MAGIC + body)
        count += len(entries)
    return count


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE_REGISTRY, tmp_path / "repo" / "contracts")
    return tmp_path / "repo"


def test_cached_runs_write_what_uncached_runs_write(tmp_path: Path, repo: Path) -> None:
    root = repo / "contracts"
    generate(root)
    cache_dir = repo / ".contracts-cache" / "generate"
    assert sorted(p.name for p in cache_dir.iterdir())  # one file per target
    first = tree(repo / "generated")
    assert first == fresh(tmp_path, root, "a")
    # A rerun with nothing changed reads every target from the cache and writes nothing.
    assert "0 written, 0 removed" in generate(root)
    assert tree(repo / "generated") == first
    # One contract changed: the cached parts of the others are reused, the output is exact.
    contract = root / CONTRACT
    contract.write_text(contract.read_text().replace("maximum: 20", "maximum: 21"))
    generate(root)
    changed = tree(repo / "generated")
    assert changed != first
    assert changed == fresh(tmp_path, root, "b")


def test_a_changed_setting_or_contract_never_meets_an_old_entry(tmp_path: Path, repo: Path) -> None:
    root = repo / "contracts"
    generate(root)
    registry = root / "registry.yaml"
    text = registry.read_text()
    assert "critical: 0.005" in text
    registry.write_text(text.replace("critical: 0.005", "critical: 0.006"))
    generate(root)
    assert tree(repo / "generated") == fresh(tmp_path, root, "setting")
    # A setting the resolved schemas carry (the envelope): every validator part changes.
    registry.write_text(registry.read_text().replace("maxLength: 64", "maxLength: 65", 1))
    generate(root)
    assert tree(repo / "generated") == fresh(tmp_path, root, "envelope")
    contract = root / CONTRACT
    contract.write_text(contract.read_text().replace("maximum: 20", "maximum: 21"))
    generate(root)
    assert tree(repo / "generated") == fresh(tmp_path, root, "contract")


def test_the_cache_is_read_only_under_its_keys(repo: Path) -> None:
    """The control for the tests above: poisoned entries under the current keys are read."""
    root = repo / "contracts"
    generate(root)
    assert poison(repo / ".contracts-cache") > 20
    result = CliRunner().invoke(cli, ["--registry", str(root), "generate", "--check"])
    assert result.exit_code == 1


def test_a_new_code_version_never_meets_an_old_entry(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repo / "contracts"
    generate(root)
    expected = tree(repo / "generated")
    poison(repo / ".contracts-cache")
    monkeypatch.setattr(generate_cache, "code_version", lambda: "another version")
    monkeypatch.setattr(inputs, "code_version", lambda: "another version")
    generate(root)
    assert tree(repo / "generated") == expected


def test_a_damaged_entry_is_ignored_and_rewritten(repo: Path) -> None:
    root = repo / "contracts"
    generate(root)
    expected = tree(repo / "generated")
    store = repo / ".contracts-cache" / "generate" / "validators.bin"
    data = bytearray(store.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF  # a flipped bit inside some entry
    store.write_bytes(bytes(data))
    damaged = len(list(contentcache._read_entries(store)))
    for path in (repo / "generated").rglob("*.py"):
        path.unlink()
    generate(root)
    assert tree(repo / "generated") == expected
    repaired = list(contentcache._read_entries(store))
    assert len(repaired) > damaged  # the entry was computed again and stored
    # A truncated file and one of other bytes are ignored as a whole, not trusted.
    for broken in (store.read_bytes()[:-5], b"not a cache file"):
        store.write_bytes(broken)
        generate(root, "--check")


def test_content_cache_checks_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "c.bin"
    store = ContentCache(path)
    key = cache_key("a", "b")
    assert cache_key("a", "b") != cache_key("ab", "")
    assert store.memo(key, lambda: b"value") == b"value"
    store.save()
    assert ContentCache(path).get(key) == b"value"
    data = path.read_bytes()
    # Change the value but keep the length: the digest no longer holds, the entry is gone.
    path.write_bytes(data.replace(b"value", b"valuE"))
    assert ContentCache(path).get(key) is None
    # A digest anyone can compute (plain SHA-256, or an HMAC under another key) is not enough:
    # a pull request could commit such an entry into the checkout's .contracts-cache/.
    for forged in (
        hashlib.sha256(key + b"valuE").digest(),
        hmac.new(b"\0" * 32, key + b"valuE", hashlib.sha256).digest(),
    ):
        path.write_bytes(MAGIC + key + forged + (5).to_bytes(8, "big") + b"valuE")
        assert ContentCache(path).get(key) is None
    # Only the local secret's HMAC admits it (the control: the check is what keeps it out).
    local = contentcache._local_key()
    assert local is not None
    signed = hmac.new(local, key + b"valuE", hashlib.sha256).digest()
    path.write_bytes(MAGIC + key + signed + (5).to_bytes(8, "big") + b"valuE")
    assert ContentCache(path).get(key) == b"valuE"


def test_a_cache_committed_into_the_checkout_is_not_trusted(repo: Path) -> None:
    """Entries signed on another machine (another secret) are misses: generate --check in CI
    compares against what it renders itself."""
    root = repo / "contracts"
    generate(root)
    poison(repo / ".contracts-cache")  # poisoned under this machine's secret ...
    contentcache._local_key.cache_clear()
    other = repo / "other-home"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(other))  # ... and checked under another one
        result = CliRunner().invoke(cli, ["--registry", str(root), "generate", "--check"])
        assert result.exit_code == 0, result.output
        assert (other / "lakecontracts" / "cache.key").stat().st_mode & 0o777 == 0o600
    contentcache._local_key.cache_clear()


def test_no_secret_no_cache(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = repo / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the key cannot be created
    contentcache._local_key.cache_clear()
    try:
        generate(repo / "contracts")
        assert not (repo / ".contracts-cache").exists()
    finally:
        contentcache._local_key.cache_clear()


def test_no_cache_when_the_environment_says_so(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTS_CACHE_DIR", "")
    generate(repo / "contracts")
    assert not (repo / ".contracts-cache").exists()
    elsewhere = repo / "ci-cache"
    monkeypatch.setenv("CONTRACTS_CACHE_DIR", str(elsewhere))
    generate(repo / "contracts")
    assert (elsewhere / "generate" / "validators.bin").is_file()


def test_models_shared_by_targets_follow_their_input() -> None:
    """``GenerationInput.once``: built once per run, never for another registry or events."""
    inp = generation_input()
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert inp.once("model", build) == inp.once("model", build) == 1
    assert replace(inp, parts=inp.parts).once("model", build) == 1  # a target's copy
    fewer = replace(inp, events=inp.events[:1])
    assert fewer.once("model", build) == 2
    assert len(run_tables(fewer)) < len(run_tables(inp))


def test_every_renderer_names_a_function() -> None:
    for target in TARGETS:
        assert isinstance(target.render, Renderer), target.name
        module = importlib.import_module(target.render.module)
        assert callable(getattr(module, target.render.function)), target.name


def test_a_fully_cached_run_imports_no_renderer(repo: Path) -> None:
    root = repo / "contracts"
    generate(root)
    code = (
        "import json, sys\n"
        "from lakecontracts.cli.main import main\n"
        f"sys.argv = ['contracts', '--registry', {str(root)!r}, 'generate', '--check']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.check_output([sys.executable, "-c", code], text=True)
    loaded = set(json.loads(out.splitlines()[-1]))
    renderers = {target.render.module for target in TARGETS if isinstance(target.render, Renderer)}
    assert not renderers & loaded
    assert "jinja2" not in loaded
