"""The incremental writer removes only what it wrote before: dot folders (compiled validators)
and files it never listed stay."""

from __future__ import annotations

from pathlib import Path

from lakecontracts.codegen.targets import Target
from lakecontracts.codegen.writer import apply, outputs_bytes, plan
from tests.lakehouse_fixtures import generation_input


def test_dot_folders_in_an_owned_folder_are_never_removed(tmp_path: Path) -> None:
    owned = tmp_path / "out" / "validators"
    (owned / ".native").mkdir(parents=True)
    build = owned / ".native" / "m.cpython-311-x86_64-linux-gnu.so"
    build.write_bytes(b"\x7fELF")
    (owned / "stale.py").write_text("x = 1\n")
    (owned / "hand_written.py").write_text("x = 2\n")
    listed = {"validators": ["out/validators/stale.py", "out/validators/.native"]}
    (tmp_path / "out" / "outputs.json").write_bytes(outputs_bytes(listed))
    target = Target("validators", "validators", "renders one module", lambda _i: {"m.py": b""})
    result = plan(tmp_path / "out", [target], generation_input())
    assert result.removed == [owned / "stale.py"]  # listed before, not produced now
    apply(result)
    assert build.read_bytes() == b"\x7fELF" and (owned / "m.py").is_file()
    assert (owned / "hand_written.py").is_file()  # never written by generate: never removed
