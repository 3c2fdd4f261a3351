"""Names that would become code, paths or SQL are refused, whatever lint suppressions say.

Issue #10 item 1 (an event name with ``\"\"\"`` ran code from the validator module after one
suppression), item 10 (colliding artifact names) and the lows (NUL and 300-character names).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakecontracts.cli.main import cli
from tests.conftest import EXAMPLE_REGISTRY

VIEWED = Path("events/funnel/listing_viewed/v1.yaml")
SUPPRESS = "  # contracts-lint: disable=EVENT_NAME_FORMAT,PATH_MATCHES_EVENT reason: legacy"
#: Ends the validator module's docstring and runs code at import, on the code before the fix.
PAYLOAD_NAME = 'funnel.listing_viewed\\"\\"\\"\\nimport os; os.system(\'touch PWNED\')\\n\\"\\"\\"'


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def registry_with(tmp_path: Path, relative: Path, old: str, new: str) -> Path:
    root = tmp_path / "contracts"
    if not root.exists():
        shutil.copytree(EXAMPLE_REGISTRY, root)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_suppressed_code_in_an_event_name_is_refused_by_lint_and_generate(
    tmp_path: Path,
) -> None:
    root = registry_with(
        tmp_path, VIEWED, "event: funnel.listing_viewed", f'event: "{PAYLOAD_NAME}"{SUPPRESS}'
    )
    code, out = run("--registry", str(root), "lint")
    assert code == 1
    assert "SUPPRESSION_ALLOWED" in out and "EVENT_NAME_FORMAT" in out
    code, out = run("--registry", str(root), "generate")
    assert code == 2, out
    assert "listing_viewed/v1.yaml:1:8" in out and "EVENT_NAME_FORMAT" in out
    assert "hint:" in out and "Traceback" not in out
    assert not (tmp_path / "generated").exists(), "generate wrote before refusing"
    assert not list(tmp_path.rglob("PWNED"))
    code, out = run("--registry", str(root), "manifest")
    assert code == 2 and "EVENT_NAME_FORMAT" in out


def test_every_unsafe_name_is_listed_in_one_run(tmp_path: Path) -> None:
    registry_with(tmp_path, VIEWED, "event: funnel.listing_viewed", 'event: "funnel.x\\0y"')
    registry_with(
        tmp_path,
        VIEWED,
        "    listing_id: {",
        '    "listing_id\\"\\"\\" + __import__(\'os\')": {type: string, description: x.}\n'
        "    listing_id: {",
    )
    root = registry_with(
        tmp_path,
        Path("events/booking/leg_created/v2.yaml"),
        "  table: fact_booking_legs",
        '  table: "fact_booking_legs; DROP TABLE x"',
    )
    code, out = run("--registry", str(root), "generate", "--check")
    assert code == 2, out
    assert out.count("[EVENT_NAME_FORMAT]") == 1 and "'funnel.x\\x00y'" in out
    assert "[FIELD_NAME_SNAKE_CASE]" in out and "[SILVER_TABLE_NAME]" in out
    assert "3 name problem(s)" in out


@pytest.mark.parametrize(
    "name",
    ['"funnel.listing_viewed\\0"', "funnel.listing_" + "v" * 300],
    ids=["nul", "300-chars"],
)
def test_nul_and_long_event_names_exit_2_with_a_hint(tmp_path: Path, name: str) -> None:
    root = registry_with(tmp_path, VIEWED, "event: funnel.listing_viewed", f"event: {name}")
    for command in (["generate"], ["manifest"], ["lint"]):
        code, out = run("--registry", str(root), *command)
        assert code in (1, 2) and "Traceback" not in out, out
        assert "EVENT_NAME_FORMAT" in out
        assert len(max(out.splitlines(), key=len)) < 400  # long names are shortened


def test_colliding_artifact_names_are_refused_naming_both_files(tmp_path: Path) -> None:
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    folder = root / "events" / "funnel" / "listing_viewed"
    shutil.copy(folder / "v1.yaml", folder / "v1.yml")
    code, out = run("--registry", str(root), "generate")
    assert code == 2, out
    assert "v1.yaml" in out and "v1.yml" in out and "funnel__listing_viewed__v1" in out
    assert not (tmp_path / "generated").exists()


def test_double_underscore_event_colliding_with_a_dotted_one_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "contracts"
    shutil.copytree(EXAMPLE_REGISTRY, root)
    twin = root / "events" / "booking" / "leg_created_twin" / "v1.yaml"
    twin.parent.mkdir()
    text = (root / "events/booking/leg_created/v1.yaml").read_text(encoding="utf-8")
    twin.write_text(
        text.replace("event: booking.leg_created", f"event: booking__leg_created{SUPPRESS}"),
        encoding="utf-8",
    )
    code, out = run("--registry", str(root), "generate")
    assert code == 2, out
    assert "both generate artifacts named 'booking__leg_created__v1'" in out
    assert "leg_created_twin/v1.yaml" in out and "leg_created/v1.yaml" in out
