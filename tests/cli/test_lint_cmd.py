"""``contracts lint`` through the CLI: output formats, exit codes, suppressions, hostile input.

Every test works on a throwaway registry (tests/lint/fixtures/registry.yaml copied into
tmp_path) and runs with the registry root as the working directory, so findings name files as
``events/booking/leg_created/v1.yaml``.

The hostile-input tests start the real command in a subprocess with a timeout: a loader that
hangs, recurses or reads a huge file fails by timing out instead of hanging the suite.
"""

from __future__ import annotations

import builtins
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lakecontracts.cli.main import cli
from lakecontracts.lint.table import ALL_RULES, RULES
from lakecontracts.reporting.vocabulary import Severity
from tests.lint.samples import BAD, BAD_FINDINGS, CONTRACT_PATH, FIXTURE_REGISTRY, GOOD

CONTRACT = CONTRACT_PATH
#: Generous bound for one subprocess run; a healthy run takes well under a second.
HOSTILE_TIMEOUT_S = 60


#: A contract whose only finding is the PATTERN_ANCHORED warning, on line 12.
WARNING_ONLY = GOOD + '    code: {type: string, pattern: "[A-Z]+", description: A code.}\n'
WARNING_LINE = 12
WARNING_RULE = "PATTERN_ANCHORED"

TEXT_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z][A-Z0-9_]*) "
    r"\[(?P<severity>error|warning)\] (?P<message>.+)$"
)
SUMMARY_LINE = re.compile(
    r"^(?P<files>\d+) file\(s\) checked: (?P<errors>\d+) error\(s\), (?P<warnings>\d+) warning\(s\)"
    r"(, (?P<load_errors>\d+) file\(s\) could not be loaded)?$"
)
GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<rule>[A-Z][A-Z0-9_]*)::(?P<message>.+)$"
)


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A registry root with the fixture registry.yaml and no contracts; also the cwd."""
    root = tmp_path / "registry"
    root.mkdir()
    shutil.copy(FIXTURE_REGISTRY, root / "registry.yaml")
    monkeypatch.chdir(root)
    return root


def write_contract(root: Path, content: str | bytes, rel: str = CONTRACT) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def lint(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--registry", str(root), "lint", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"lint crashed: {result.exception!r}\n{result.output}")
    return result


def text_findings(stdout: str) -> set[tuple[str, str, int, int]]:
    found = set()
    for line in stdout.splitlines():
        match = TEXT_LINE.match(line)
        if match:
            found.add((match["rule"], match["severity"], int(match["line"]), int(match["col"])))
    return found


def run_subprocess(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh interpreter, bounded by a timeout."""
    return subprocess.run(
        [sys.executable, "-m", "lakecontracts", "--registry", str(root), "lint", *args],
        cwd=root,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=HOSTILE_TIMEOUT_S,
        check=False,
    )


# --------------------------------------------------------------------------- formats


def test_text_format_lists_findings_and_summary(registry: Path) -> None:
    write_contract(registry, BAD)
    result = lint(registry)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    finding_lines = lines[:-1]
    assert finding_lines, result.stdout
    for line in finding_lines:
        match = TEXT_LINE.match(line)
        assert match, f"not FILE:LINE:COL: RULE [severity] message: {line!r}"
        assert match["file"] == CONTRACT
    assert text_findings(result.stdout) == BAD_FINDINGS
    assert lines[-1] == "1 file(s) checked: 3 error(s), 1 warning(s)"


def test_text_format_is_sorted_by_place(registry: Path) -> None:
    write_contract(registry, BAD)
    lines = lint(registry).stdout.splitlines()[:-1]
    places = [(int(m["line"]), int(m["col"])) for m in map(TEXT_LINE.match, lines) if m]
    assert places == sorted(places)


def test_json_format_has_documented_shape(registry: Path) -> None:
    write_contract(registry, BAD)
    result = lint(registry, "--format", "json")
    assert result.exit_code == 1, result.output
    body: dict[str, Any] = json.loads(result.stdout)
    assert set(body) == {"files", "summary", "findings"}
    assert body["files"] == [CONTRACT]
    assert body["summary"] == {"files": 1, "errors": 3, "warnings": 1, "load_errors": 0}
    keys = {"rule", "severity", "message", "file", "line", "column", "path"}
    for finding in body["findings"]:
        assert set(finding) == keys
        assert isinstance(finding["message"], str) and finding["message"]
        assert isinstance(finding["line"], int) and isinstance(finding["column"], int)
        assert finding["file"] == CONTRACT
    found = {(f["rule"], f["severity"], f["line"], f["column"]) for f in body["findings"]}
    assert found == BAD_FINDINGS
    by_rule = {f["rule"]: f for f in body["findings"]}
    assert by_rule["TYPE_KNOWN"]["path"] == "/payload/properties/amount/type"
    assert by_rule["FIELD_NAME_SNAKE_CASE"]["path"] == "/payload/properties/LegPrice"
    assert by_rule["OWNER_DECLARED"]["path"] == "/owner"


def test_json_format_counts_load_errors(registry: Path) -> None:
    write_contract(registry, BAD)
    write_contract(registry, "event: [unclosed\n", "events/booking/leg_created/v2.yaml")
    result = lint(registry, "--format", "json")
    assert result.exit_code == 2, result.output
    body = json.loads(result.stdout)
    assert body["summary"]["files"] == 2
    assert body["summary"]["load_errors"] == 1
    loads = [f for f in body["findings"] if f["rule"] == "FILE_LOADS"]
    assert len(loads) == 1
    assert loads[0]["file"] == "events/booking/leg_created/v2.yaml"
    assert loads[0]["line"] >= 1 and loads[0]["column"] >= 1


def test_github_format_is_workflow_annotations(registry: Path) -> None:
    write_contract(registry, BAD)
    result = lint(registry, "--format", "github")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    found = set()
    for line in lines:
        match = GITHUB_LINE.match(line)
        assert match, f"not a workflow command: {line!r}"
        assert match["file"] == CONTRACT
        found.add((match["rule"], match["level"], int(match["line"]), int(match["col"])))
    assert found == BAD_FINDINGS


def test_github_format_escapes_message_data(registry: Path) -> None:
    # '%' starts an escape in workflow commands; a raw one would corrupt the message.
    write_contract(
        registry, GOOD + '    code: {type: string, pattern: "[0-9]+%", description: A code.}\n'
    )
    result = lint(registry, "--format", "github")
    (line,) = result.stdout.splitlines()
    match = GITHUB_LINE.match(line)
    assert match and match["rule"] == WARNING_RULE
    assert "[0-9]+%25" in match["message"]
    assert "%'" not in match["message"]


def _junit(stdout: str) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.fromstring(stdout)
    assert root.tag == "testsuites" and root.get("name") == "contracts lint"
    (suite,) = root.findall("testsuite")
    return root, suite.findall("testcase")


def test_junit_format_has_a_case_per_file_and_a_failure_per_error(registry: Path) -> None:
    write_contract(registry, BAD)
    result = lint(registry, "--format", "junit")
    assert result.exit_code == 1, result.output
    root, (bad,) = _junit(result.stdout)
    assert bad.get("name") == CONTRACT and bad.get("file") == CONTRACT
    assert bad.get("classname") == "contracts.lint"
    errors = {(r, line, col) for r, s, line, col in BAD_FINDINGS if s == "error"}
    warnings = {(r, line, col) for r, s, line, col in BAD_FINDINGS if s == "warning"}
    failures = bad.findall("failure")
    assert {f.get("type") for f in failures} == {r for r, _, _ in errors}
    for failure in failures:
        assert failure.get("message") and (failure.text or "").startswith(f"{CONTRACT}:")
    out = bad.find("system-out")
    assert out is not None and out.text is not None
    assert {line.split(" ")[1] for line in out.text.splitlines()} == {r for r, _, _ in warnings}
    assert root.get("failures") == str(len(errors)) and root.get("tests") == "1"


def test_junit_format_clean_file_is_a_passing_case(registry: Path) -> None:
    write_contract(registry, GOOD)
    result = lint(registry, "--format", "junit")
    assert result.exit_code == 0, result.output
    root, (case,) = _junit(result.stdout)
    assert case.get("name") == CONTRACT and list(case) == []
    assert root.get("failures") == "0"


def test_junit_format_strict_fails_warnings_too(registry: Path) -> None:
    write_contract(registry, WARNING_ONLY)
    relaxed = _junit(lint(registry, "--format", "junit").stdout)[1]
    assert [c.findall("failure") for c in relaxed] == [[]]
    strict = lint(registry, "--format", "junit", "--strict")
    assert strict.exit_code == 1
    (case,) = _junit(strict.stdout)[1]
    assert [f.get("type") for f in case.findall("failure")] == [WARNING_RULE]


def test_junit_format_reports_a_file_that_does_not_load(registry: Path) -> None:
    write_contract(registry, "event: [unclosed\n")
    result = lint(registry, "--format", "junit")
    assert result.exit_code == 2, result.output
    (case,) = _junit(result.stdout)[1]
    assert [f.get("type") for f in case.findall("failure")] == ["FILE_LOADS"]


def test_output_option_writes_report_to_file(registry: Path, tmp_path: Path) -> None:
    write_contract(registry, BAD)
    target = tmp_path / "report.json"
    result = lint(registry, "--format", "json", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["errors"] == 3


# --------------------------------------------------------------------------- exit codes


def test_exit_0_on_the_example_registry(
    example_registry_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_registry_root)
    result = lint(example_registry_root)
    assert result.exit_code == 0, result.output
    summary = SUMMARY_LINE.match(result.stdout.splitlines()[-1])
    assert summary, result.stdout
    assert int(summary["files"]) > 0
    assert summary["errors"] == "0"


def test_exit_0_on_a_clean_contract(registry: Path) -> None:
    write_contract(registry, GOOD)
    result = lint(registry, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_exit_1_on_findings(registry: Path) -> None:
    write_contract(registry, BAD)
    assert lint(registry).exit_code == 1


def test_exit_2_on_yaml_syntax_error_with_place(registry: Path) -> None:
    write_contract(registry, "event: booking.leg_created\nv: 1: 2\n")
    result = lint(registry)
    assert result.exit_code == 2, result.output
    assert f"{CONTRACT}:2:5: FILE_LOADS [error] YAML syntax error" in result.stdout
    assert result.stdout.splitlines()[-1].endswith(", 1 file(s) could not be loaded")


def test_exit_2_when_registry_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "nowhere"
    result = lint(missing)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ")
    assert "registry.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_exit_2_when_a_named_file_is_missing(registry: Path) -> None:
    result = lint(registry, "events/booking/leg_created/v9.yaml")
    assert result.exit_code == 2, result.output
    assert (
        "events/booking/leg_created/v9.yaml: FILE_LOADS [error] cannot read file" in result.stdout
    )


def test_paths_limit_the_files_linted(registry: Path) -> None:
    bad = BAD.replace("booking.leg_created", "booking.leg_cancelled")
    write_contract(registry, bad, "events/booking/leg_cancelled/v1.yaml")
    good = write_contract(registry, GOOD)
    result = lint(registry, str(good.relative_to(registry)))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 file(s) checked")


# --------------------------------------------------------------------------- options


def test_list_rules_prints_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no registry needed to list rules
    result = CliRunner().invoke(cli, ["lint", "--list-rules"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(ALL_RULES)
    listed = [line.split()[0] for line in lines]
    assert listed == [rule.id for rule in ALL_RULES]
    for line, rule in zip(lines, ALL_RULES, strict=True):
        assert str(rule.severity) in line.split()
        assert rule.summary in line


def test_strict_fails_on_warnings(registry: Path) -> None:
    warning_rules = {rule.id for rule in RULES if rule.severity is Severity.WARNING}
    assert WARNING_RULE in warning_rules, f"{WARNING_RULE} is no longer a warning"
    write_contract(registry, WARNING_ONLY)
    relaxed = lint(registry)
    assert relaxed.exit_code == 0, relaxed.output
    assert text_findings(relaxed.stdout) == {(WARNING_RULE, "warning", WARNING_LINE, 35)}
    strict = lint(registry, "--strict")
    assert strict.exit_code == 1, strict.output
    assert text_findings(strict.stdout) == {(WARNING_RULE, "warning", WARNING_LINE, 35)}


# --------------------------------------------------------------------------- suppressions


def _with_comment_on_warning_line(comment: str) -> str:
    lines = WARNING_ONLY.splitlines()
    lines[WARNING_LINE - 1] += f"  {comment}"
    return "\n".join(lines) + "\n"


def test_trailing_suppression_with_reason_silences(registry: Path) -> None:
    write_contract(
        registry,
        _with_comment_on_warning_line(
            f"# contracts-lint: disable={WARNING_RULE} reason: substring match intended"
        ),
    )
    result = lint(registry, "--strict")
    assert result.exit_code == 0, result.output
    assert text_findings(result.stdout) == set()


def test_suppression_on_line_above_silences_next_line(registry: Path) -> None:
    lines = WARNING_ONLY.splitlines()
    lines.insert(
        WARNING_LINE - 1,
        f"    # contracts-lint: disable={WARNING_RULE} reason: substring match intended",
    )
    write_contract(registry, "\n".join(lines) + "\n")
    result = lint(registry, "--strict")
    assert result.exit_code == 0, result.output
    assert text_findings(result.stdout) == set()


def test_suppression_of_another_rule_does_not_silence(registry: Path) -> None:
    write_contract(
        registry,
        _with_comment_on_warning_line("# contracts-lint: disable=TYPE_KNOWN reason: unrelated"),
    )
    result = lint(registry, "--strict")
    assert result.exit_code == 1, result.output
    assert (WARNING_RULE, "warning", WARNING_LINE, 35) in text_findings(result.stdout)


def test_suppression_without_reason_is_a_finding_and_silences_nothing(registry: Path) -> None:
    comment = f"# contracts-lint: disable={WARNING_RULE}"
    content = _with_comment_on_warning_line(comment)
    write_contract(registry, content)
    result = lint(registry)
    assert result.exit_code == 1, result.output
    comment_col = content.splitlines()[WARNING_LINE - 1].index("#") + 1
    assert text_findings(result.stdout) == {
        (WARNING_RULE, "warning", WARNING_LINE, 35),
        ("SUPPRESSION_HAS_REASON", "error", WARNING_LINE, comment_col),
    }


def test_suppression_of_unknown_rule_is_a_finding(registry: Path) -> None:
    write_contract(
        registry, _with_comment_on_warning_line("# contracts-lint: disable=NO_SUCH_RULE reason: x")
    )
    result = lint(registry)
    assert result.exit_code == 1, result.output
    rules = {rule for rule, *_ in text_findings(result.stdout)}
    assert rules == {WARNING_RULE, "SUPPRESSION_KNOWN_RULE"}


def test_disable_file_silences_the_rule_everywhere(registry: Path) -> None:
    content = (
        f"# contracts-lint: disable-file={WARNING_RULE} reason: substring matches intended\n"
        + WARNING_ONLY
        + '    other: {type: string, pattern: "[a-z]+", description: Another code.}\n'
    )
    write_contract(registry, content)
    result = lint(registry, "--strict")
    assert result.exit_code == 0, result.output
    assert text_findings(result.stdout) == set()


def test_disable_file_without_reason_does_not_silence(registry: Path) -> None:
    write_contract(registry, f"# contracts-lint: disable-file={WARNING_RULE}\n" + WARNING_ONLY)
    result = lint(registry)
    assert result.exit_code == 1, result.output
    assert text_findings(result.stdout) == {
        ("SUPPRESSION_HAS_REASON", "error", 1, 1),
        (WARNING_RULE, "warning", WARNING_LINE + 1, 35),
    }


# --------------------------------------------------------------------------- hostile input


def _deep_block_mapping(depth: int) -> bytes:
    # One space of indentation per level keeps 1,000 levels under the 1 MiB size limit.
    lines = [" " * level + f"k{level}:" for level in range(depth)]
    return ("\n".join(lines) + " leaf\n").encode()


# (id, file content, expected "LINE:COL" regex of the FILE_LOADS finding, message fragment)
UNLOADABLE: list[tuple[str, bytes, str, str]] = [
    ("duplicate-key", b"event: booking.leg_created\nv: 1\nevent: other\n", "3:1", "duplicate key"),
    ("anchor", b"event: &a booking.leg_created\nv: 1\n", "1:8", "anchor"),
    ("alias", b"event: booking.leg_created\nv: *a\n", "2:4", "alias"),
    (
        "anchor-and-alias",
        b"defaults: &d {type: string}\npayload: {properties: {a: *d}}\n",
        "1:11",
        "anchor",
    ),
    ("tab-indentation", b"event: booking.leg_created\npayload:\n\ttype: object\n", "3:1", "tab"),
    ("non-utf8", b"event: booking.leg_created\ndescription: caf\xe9\n", "2:17", "UTF-8"),
    ("flow-nesting-10000", b"[" * 10_000 + b"]" * 10_000 + b"\n", r"1:\d+", "nesting"),
    ("block-nesting-10000", b"- " * 10_000 + b"x\n", r"1:\d+", "nesting"),
    ("block-mapping-nesting-1000", _deep_block_mapping(1_000), r"\d+:\d+", "nesting"),
    ("python-tag", b"event: !!python/object/apply:os.system [ls]\n", "1:8", "tag"),
    ("two-documents", b"event: a\n---\nevent: b\n", "2:1", "more than one YAML document"),
]


@pytest.mark.parametrize(
    ("content", "place", "fragment"),
    [pytest.param(content, place, frag, id=name) for name, content, place, frag in UNLOADABLE],
)
def test_hostile_file_is_refused_with_one_located_line(
    tmp_path: Path, content: bytes, place: str, fragment: str
) -> None:
    root = tmp_path / "registry"
    root.mkdir()
    shutil.copy(FIXTURE_REGISTRY, root / "registry.yaml")
    write_contract(root, content)
    proc = run_subprocess(root)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert proc.returncode == 2, output
    located = [line for line in proc.stdout.splitlines() if line.startswith(CONTRACT)]
    assert len(located) == 1, proc.stdout
    assert re.match(rf"{re.escape(CONTRACT)}:{place}: FILE_LOADS \[error\] ", located[0]), located
    assert fragment.lower() in located[0].lower()
    assert len(proc.stdout.splitlines()) == 2, "one finding line plus the summary"


def _write_sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(b"event: booking.leg_created\n")
        out.seek(size - 1)
        out.write(b"\n")


BIG_FILE_BYTES = 50 * 1024 * 1024


def test_50mb_file_is_refused_by_size(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    root.mkdir()
    shutil.copy(FIXTURE_REGISTRY, root / "registry.yaml")
    _write_sparse(root / CONTRACT, BIG_FILE_BYTES)
    proc = run_subprocess(root)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert proc.returncode == 2, output
    located = [line for line in proc.stdout.splitlines() if line.startswith(CONTRACT)]
    assert len(located) == 1, proc.stdout
    assert located[0].startswith(f"{CONTRACT}: FILE_LOADS [error] file is 52,428,800 bytes")
    assert "limit" in located[0]


class _CountingReader:
    """Wraps a file object and adds up the bytes or characters read through it."""

    def __init__(self, inner: Any, counter: list[int]) -> None:
        self._inner = inner
        self._counter = counter

    def read(self, size: int = -1) -> Any:
        data = self._inner.read(size)
        self._counter.append(len(data))
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __enter__(self) -> _CountingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()

    def __iter__(self) -> Iterator[Any]:
        for chunk in self._inner:
            self._counter.append(len(chunk))
            yield chunk


def test_50mb_file_is_not_read_into_memory(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = registry / CONTRACT
    _write_sparse(big, BIG_FILE_BYTES)
    read: list[int] = []
    real_open = io.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, *args, **kwargs)
        if isinstance(file, str | Path) and Path(file).resolve() == big.resolve():
            return _CountingReader(handle, read)
        return handle

    monkeypatch.setattr(io, "open", counting_open)  # pathlib opens files through io.open
    monkeypatch.setattr(builtins, "open", counting_open)
    result = lint(registry)
    assert sum(read) <= 2 * 1024 * 1024, f"read {sum(read):,} bytes of a 50 MB file"
    assert result.exit_code == 2, result.output
    assert "larger than" in result.stdout


def test_scalar_document_is_a_structure_finding(registry: Path) -> None:
    write_contract(registry, "just a string\n")
    result = lint(registry)
    assert result.exit_code == 1, result.output
    assert text_findings(result.stdout) == {("CONTRACT_STRUCTURE", "error", 1, 1)}


def test_scalar_payload_is_a_structure_finding_at_the_payload(registry: Path) -> None:
    content = GOOD.split("payload:")[0] + "payload: hello\n"
    write_contract(registry, content)
    line = content.splitlines().index("payload: hello") + 1
    result = lint(registry)
    assert result.exit_code == 1, result.output
    findings = text_findings(result.stdout)
    assert ("CONTRACT_STRUCTURE", "error", line, len("payload: ") + 1) in findings
    assert "Traceback" not in result.output


# Shapes that load as YAML but are wrong for a schema keyword. They must give findings, not a
# crash: an unhandled exception also exits 1 and looks like "findings" to pre-commit.
WRONG_SHAPES: list[tuple[str, str]] = [
    ("type-mapping", "    leg_id: {type: {}, description: Leg.}\n"),
    ("format-list", "    leg_id: {type: string, format: [uuid], description: Leg.}\n"),
    ("x-pii-list", "    leg_id: {type: string, x-pii: [none], description: Leg.}\n"),
    (
        "required-nested-list",
        "    leg_id: {type: string, description: Leg.}\n  required: [[leg_id]]\n",
    ),
    (
        "natural-key-nested-list",
        "    leg_id: {type: string, description: Leg.}\nsilver:\n  table: fact_booking_legs\n"
        "  natural_key: [[leg_id]]\n  columns: {leg_id: payload.leg_id}\n",
    ),
]


@pytest.mark.parametrize("properties", [pytest.param(text, id=name) for name, text in WRONG_SHAPES])
def test_wrong_value_shape_is_a_finding_not_a_crash(tmp_path: Path, properties: str) -> None:
    root = tmp_path / "registry"
    root.mkdir()
    shutil.copy(FIXTURE_REGISTRY, root / "registry.yaml")
    write_contract(root, GOOD.replace(GOOD.splitlines()[-1] + "\n", properties))
    proc = run_subprocess(root)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert proc.returncode == 1, output
    assert any(TEXT_LINE.match(line) for line in proc.stdout.splitlines()), output


def test_naming_registry_yaml_lints_every_contract_as_pre_commit_does(registry: Path) -> None:
    # A changed registry.yaml (envelope, tiers, identifiers) can break any contract.
    write_contract(registry, BAD)
    result = lint(registry, "registry.yaml")
    assert result.exit_code == 1, result.output
    assert "1 file(s) checked" in result.stdout
