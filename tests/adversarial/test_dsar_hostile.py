"""Hostile DSAR input: damaged lake files and state give a clear error naming the file, never a
traceback, and leave every file as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.conftest import REPO_ROOT
from tests.dsar.lake import ANA, build
from tests.stitch.lake import SECRET

ENV = {"CONTRACTS_STITCH_KEY_V1": SECRET}
_NOT_ENTRIES = b'{"format": "lakecontracts.dsar.exclusions/1", "entries": [1]}'


def _dsar(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["--registry", str(REPO_ROOT / "contracts"), "dsar", *args], env=ENV
    )
    return result.exit_code, result.stderr


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "silver").rglob("*.parquet"))
    }


def test_a_corrupt_parquet_file_is_named_and_nothing_is_rewritten_under_it(
    tmp_path: Path,
) -> None:
    build(tmp_path)
    broken = tmp_path / "silver" / "fct_page_views" / "dt=2025-03-02" / "part-0.parquet"
    broken.write_bytes(b"PAR1 not really parquet PAR1")
    code, err = _dsar("request", "--user-id", ANA["user"], "--lake", str(tmp_path))
    assert code == 0, err
    code, err = _dsar("purge", "--lake", str(tmp_path), "--db", "off")
    assert code == 2 and str(broken) in err and "Traceback" not in err
    assert broken.read_bytes() == b"PAR1 not really parquet PAR1"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("exclusions.json", b"{not json", "not valid JSON"),
        ("exclusions.json", _NOT_ENTRIES, "hash"),
        ("purge-journal.ndjson", b"{broken\n", "journal is damaged"),
    ],
)  # fmt: skip
def test_damaged_dsar_state_is_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    build(tmp_path)
    code, err = _dsar("request", "--user-id", ANA["user"], "--lake", str(tmp_path))
    assert code == 0, err
    before = _digests(tmp_path)
    (tmp_path / "dsar" / name).write_bytes(content)
    code, err = _dsar("request", "--user-id", "u-other1", "--lake", str(tmp_path))
    if name == "exclusions.json":
        assert code == 2 and message in err and "Traceback" not in err
    code, err = _dsar("purge", "--lake", str(tmp_path), "--db", "off")
    if name == "purge-journal.ndjson":
        assert code == 2 and message in err and "Traceback" not in err
        assert _digests(tmp_path) == before


def test_a_request_record_with_a_hostile_name_is_ignored_and_ids_are_checked(
    tmp_path: Path,
) -> None:
    build(tmp_path)
    code, err = _dsar("verify", "../../../etc/passwd", "--lake", str(tmp_path))
    assert code == 2 and "not a DSAR request ID" in err
