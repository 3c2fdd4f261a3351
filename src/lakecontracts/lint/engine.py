"""Run the rule table over contract files, attaching rule, severity and place centrally."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lakecontracts.errors import ContractsError, Location
from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Rule, json_pointer
from lakecontracts.lint.suppress import Suppression, parse_suppressions
from lakecontracts.lint.table import ALL_RULES, REGISTRY_RULES, RULES, SUPPRESSION_RULES
from lakecontracts.registry.config import REGISTRY_FILE
from lakecontracts.registry.registry import (
    CONTRACT_SUFFIXES,
    Registry,
    check_inside,
    display_path,
)
from lakecontracts.registry.yamlsource import load_yaml_file
from lakecontracts.reporting.finding import Finding
from lakecontracts.reporting.vocabulary import RuleInfo, Severity

LOAD_ERROR_ID = "FILE_LOADS"
#: What reports say about a file that cannot be loaded (not a rule a document runs).
LOAD_ERROR_RULE = RuleInfo(
    LOAD_ERROR_ID, "", Severity.ERROR, "The file can be read and parsed as YAML."
)
_TOP = PurePosixPath(".")


@dataclass
class LintReport:
    """Findings for a set of files, plus the files that could not be loaded."""

    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    load_errors: list[Finding] = field(default_factory=list)

    @property
    def all(self) -> list[Finding]:
        return sorted([*self.load_errors, *self.findings], key=Finding.sort_key)

    def count(self, severity: Severity) -> int:
        """Findings of a severity; files that failed to load count as errors."""
        return sum(1 for f in self.all if f.severity is severity)


def lint_paths(
    registry: Registry,
    paths: Sequence[Path] = (),
    rules: Sequence[Rule] = RULES,
) -> LintReport:
    """Lint the given files and folders (default, or when registry.yaml is among them: every
    contract and registry.yaml)."""
    root = registry.root.resolve()
    # registry.yaml shapes every contract (envelope, tiers, identifiers): when it is among the
    # paths (a pre-commit run after it changed), its rules run and every contract is linted.
    registry_named = any(
        p.name == REGISTRY_FILE and _relative(root, p).parent == _TOP for p in paths
    )
    files = (
        expand_paths(registry, paths) if paths and not registry_named else registry.contract_files()
    )
    known = frozenset(map(PurePosixPath, registry.contract_relpaths()))
    report = LintReport()
    if not paths or registry_named:
        config = registry.config
        ctx = LintContext(config.document, config, PurePosixPath(REGISTRY_FILE), known)
        report.findings.extend(lint_document(ctx, REGISTRY_RULES))
    for path in files:
        report.files.append(display_path(path))
        try:
            check_inside(root, path)
            doc = load_yaml_file(path, display_path(path))
        except ContractsError as exc:
            report.load_errors.append(
                Finding(
                    LOAD_ERROR_ID,
                    Severity.ERROR,
                    exc.message + (f" (hint: {exc.hint})" if exc.hint else ""),
                    exc.location or Location(display_path(path)),
                )
            )
            continue
        ctx = LintContext(doc, registry.config, _relative(root, path), known)
        report.findings.extend(lint_document(ctx, rules))
    report.findings.sort(key=Finding.sort_key)
    return report


def lint_document(ctx: LintContext, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding for one loaded document, after suppressions."""
    raw: list[Finding] = []
    for rule in rules:
        for problem in rule.check(ctx):
            raw.append(
                Finding(
                    rule.id,
                    rule.severity,
                    problem.message,
                    ctx.doc.location(problem.path, key=problem.at_key),
                    json_pointer(problem.path),
                )
            )
    return _apply_suppressions(ctx, raw)


def _apply_suppressions(ctx: LintContext, raw: list[Finding]) -> list[Finding]:
    suppressions = parse_suppressions(ctx.doc.text)
    if not suppressions:
        return raw
    known_ids = {rule.id for rule in ALL_RULES}
    fixed_ids = {rule.id for rule in ALL_RULES if not rule.suppressible}
    valid: list[Suppression] = []
    extra: list[Finding] = []
    for sup in suppressions:
        where = Location(ctx.doc.file, sup.line, sup.col)
        unknown = [r for r in sup.rule_ids if r not in known_ids]
        fixed = [r for r in sup.rule_ids if r in fixed_ids]
        if not sup.reason:
            rule = SUPPRESSION_RULES["SUPPRESSION_HAS_REASON"]
            extra.append(
                Finding(
                    rule.id,
                    rule.severity,
                    "suppression without a reason is ignored; "
                    "add 'reason: <why>' after the rule IDs",
                    where,
                )
            )
        elif unknown or not sup.rule_ids:
            rule = SUPPRESSION_RULES["SUPPRESSION_KNOWN_RULE"]
            extra.append(
                Finding(
                    rule.id,
                    rule.severity,
                    f"suppression names unknown rule(s): {', '.join(unknown) or '(none)'}; "
                    "see `contracts lint --list-rules`",
                    where,
                )
            )
        elif fixed:
            rule = SUPPRESSION_RULES["SUPPRESSION_ALLOWED"]
            extra.append(
                Finding(
                    rule.id,
                    rule.severity,
                    f"{', '.join(fixed)} cannot be suppressed: these names become files, "
                    "modules, tables and SQL identifiers; rename instead (this suppression "
                    "silences nothing)",
                    where,
                )
            )
        else:
            valid.append(sup)
    kept = [f for f in raw if not any(_covers(s, f) for s in valid)]
    return kept + extra


def _covers(sup: Suppression, finding: Finding) -> bool:
    if finding.rule not in sup.rule_ids:
        return False
    return sup.target_line is None or sup.target_line == finding.location.line


def expand_paths(registry: Registry, paths: Sequence[Path]) -> list[Path]:
    """Files and folders given on the command line, as a sorted list of contract files.

    registry.yaml is not a contract: its own rules run in :func:`lint_paths`.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(
                p
                for p in path.rglob("*")
                if p.suffix in CONTRACT_SUFFIXES and p.name != REGISTRY_FILE and not p.is_dir()
            )
        elif path.name != "registry.yaml":
            found.add(path)
    return sorted(found)


def _relative(root: Path, path: Path) -> PurePosixPath:
    """``path`` relative to the (resolved) registry root; resolving only when needed."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    if absolute.is_relative_to(root):
        return PurePosixPath(absolute.relative_to(root).as_posix())
    resolved = absolute.resolve()  # a symlink or '..' on the way: one realpath, only then
    if resolved.is_relative_to(root):
        return PurePosixPath(resolved.relative_to(root).as_posix())
    return PurePosixPath(path.as_posix())
