"""``contracts compat``: compare the working tree's registry with a git ref.

Only changed contract files are compared (a file whose git blob differs from the ref's, or
every file when the envelope in registry.yaml changed). A changed file is compared with its
content at the ref, and in transitive modes with every earlier revision of the same path;
a new ``v<N>`` file is checked against the version it supersedes (Silver continuity,
governance, the supersedes chain). Schemas are resolved once per blob and compared only in
the directions the contract's mode needs.

Earlier revisions are resolved with the ref's registry.yaml: the history compared is the
contract's own; envelope changes are compared when registry.yaml itself changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lakecontracts.compat.engine import Engine
from lakecontracts.compat.model import CompatResult, Direction
from lakecontracts.compat.modes import directions, is_transitive, mode_verdict
from lakecontracts.compat.root import SchemaRoot
from lakecontracts.compat.table import RULE_TABLE
from lakecontracts.contentcache import ContentCache, cache_key, cache_root, code_version
from lakecontracts.errors import ContractsError, Location
from lakecontracts.gate.deletions import Deletion, deletion_message, live_at_ref
from lakecontracts.gate.history import SHALLOW_FIX, GitHistory, Revision, Snapshot, blob_sha
from lakecontracts.gate.pair import REVISION, SUCCESSOR, Comparison, Problem, VersionPair, mode_of
from lakecontracts.gate.report import CompatReport, ContractResult, Suggestion
from lakecontracts.gate.table import POLICY_RULES, WARNING
from lakecontracts.gate.waivers import apply_waivers
from lakecontracts.registry.config import REGISTRY_FILE, RegistryConfig
from lakecontracts.registry.contract import Contract
from lakecontracts.registry.outputs import repository_root
from lakecontracts.registry.registry import Registry, display_path
from lakecontracts.registry.resolve import resolve_schema
from lakecontracts.reporting.finding import Finding, Waiver
from lakecontracts.reporting.vocabulary import Severity, Verdict

VERSION_FILE = re.compile(r"^v([0-9]+)\.ya?ml$")
#: Categories whose failures mean the change needs a new major version.
BUMP_CATEGORIES = frozenset({"version", "silver", "warehouse"})
DELETED_RULE = "VERSION_DELETED_WHILE_ACTIVE"


@dataclass(frozen=True)
class CompatOptions:
    against: str | None = None  # a git ref; None: merge base with the main branch
    waivers: tuple[Waiver, ...] = ()
    today: date = field(default_factory=date.today)
    strict_keywords: bool = False  # keywords no draft defines make verdicts unknown
    use_cache: bool = True  # earlier revisions' resolved schemas in .contracts-cache/compat


@dataclass
class _Resolved:
    schema: dict[str, Any]
    root: SchemaRoot | None = None

    def schema_root(self, label: str) -> SchemaRoot:
        if self.root is None:
            # resolve_schema meta-validated it (or did, for a cached revision's schema)
            self.root = SchemaRoot(self.schema, label, draft7_checked=True)
        return self.root


@dataclass
class Checker:
    registry: Registry
    history: GitHistory
    options: CompatOptions
    snapshot: Snapshot
    report: CompatReport
    _resolved: dict[tuple[str, str], _Resolved] = field(default_factory=dict)
    _revisions: dict[str, list[Revision]] | None = None
    _shallow: bool | None = None
    #: resolved schemas of earlier revisions between runs (.contracts-cache/compat/)
    cache: ContentCache = field(default_factory=lambda: ContentCache(None))

    # -- entry --------------------------------------------------------------------------

    def run(self) -> CompatReport:
        files = {
            path.relative_to(self.registry.root).as_posix(): path
            for path in self.registry.contract_files()
        }
        blobs = {rel: blob_sha(path.read_bytes()) for rel, path in files.items()}
        everything = self._envelope_changed()
        for rel in sorted(files):
            if everything or self.snapshot.files.get(rel) != blobs[rel]:
                self._check_file(rel, files[rel], blobs[rel])
        self._check_deletions(files, blobs)
        findings = apply_waivers(
            self.report.findings, list(self.options.waivers), self.options.today
        )
        self.report.findings = sorted(findings, key=_order)
        return self.report

    def _envelope_changed(self) -> bool:
        old = self.snapshot.config
        new = self.registry.config
        if old is None:
            return False  # no registry at the ref: every file is new anyway
        return (old.envelope, old.schema_base_uri) != (new.envelope, new.schema_base_uri)

    # -- files gone since the ref -------------------------------------------------------

    def _check_deletions(self, files: dict[str, Path], blobs: dict[str, str]) -> None:
        gone = [
            rel
            for rel in self.snapshot.contract_paths()
            if rel not in files and VERSION_FILE.match(rel.rsplit("/", 1)[-1])
        ]
        if not gone:
            return
        by_blob = {blob: rel for rel, blob in blobs.items()}
        by_key = self._new_files_by_key(files)
        for rel in gone:
            old = self._load_at_ref(rel)
            if old is None:
                continue
            state = live_at_ref(old, self.options.today)
            if state is None:
                continue
            moved = by_blob.get(self.snapshot.files[rel]) or by_key.get(old.key)
            message, fix = deletion_message(Deletion(rel, old, moved), state)
            location = Location(display_path(self.registry.root / rel), 1, 1)
            self.report.findings.append(
                Finding(
                    rule=DELETED_RULE,
                    severity=Severity.ERROR,
                    event=old.event,
                    v=old.v,
                    message=message,
                    location=location,
                    path="/status",
                    fix=fix,
                    against=self.snapshot.short,
                )
            )

    def _new_files_by_key(self, files: dict[str, Path]) -> dict[str, str]:
        """``event@v`` of each working-tree contract file the ref did not have."""
        found = {}
        for rel, path in files.items():
            if rel not in self.snapshot.files:
                try:
                    found[self.registry.load_contract(path).key] = rel
                except ContractsError:
                    continue  # lint reports unreadable files; here it only names a rename
        return found

    def _load_at_ref(self, rel: str) -> Contract | None:
        try:
            return self.history.contract(self.snapshot.commit, rel, self.snapshot.files[rel])
        except ContractsError as exc:
            self.report.findings.append(
                Finding(
                    rule="REVISION_UNREADABLE",
                    severity=WARNING,
                    event="",
                    v=0,
                    message=f"{rel} at {self.snapshot.short} was deleted and cannot be "
                    f"loaded, so whether it was live is not known: {exc}",
                    location=Location(display_path(self.registry.root / rel), 1, 1),
                )
            )
            return None

    # -- one file -----------------------------------------------------------------------

    def _check_file(self, rel: str, path: Path, blob: str) -> None:
        new = self.registry.load_contract(path)
        config = self.registry.config
        mode = mode_of(new, config.default_compatibility)
        result = ContractResult(new.event, new.v, display_path(path), "changed", mode)
        self.report.contracts.append(result)
        new_resolved = self._resolve(("work", blob), new, config)
        old_blob = self.snapshot.files.get(rel)
        if old_blob is not None and self.snapshot.config is not None:
            self._check_revision(result, rel, new, new_resolved, old_blob, mode)
        else:
            self._check_successor(result, rel, new, new_resolved, mode)

    def _pair(
        self,
        kind: str,
        old: Contract,
        new: Contract,
        old_resolved: _Resolved,
        new_resolved: _Resolved,
        old_config: RegistryConfig,
        mode: str,
        **extra: Any,
    ) -> VersionPair:
        """The old and new contract with everything the policy rules read."""
        return VersionPair(
            kind=kind,
            old=old,
            new=new,
            old_schema=old_resolved.schema,
            new_schema=new_resolved.schema,
            old_config=old_config,
            new_config=self.registry.config,
            mode=mode,
            old_mode=mode_of(old, old_config.default_compatibility),
            today=self.options.today,
            **extra,
        )

    def _check_revision(
        self,
        result: ContractResult,
        rel: str,
        new: Contract,
        new_resolved: _Resolved,
        old_blob: str,
        mode: str,
    ) -> None:
        old_config = self.snapshot.config
        assert old_config is not None
        ref = Revision(self.snapshot.commit, old_blob)
        old = self._load_revision(new, rel, ref)
        if old is None:
            return
        old_resolved = self._resolve((self.snapshot.commit, old_blob), old, old_config)
        revisions = [ref]
        if is_transitive(mode):
            revisions += [r for r in self._history().get(rel, []) if r.blob != old_blob]
            self._warn_if_shallow(new, path=result.file)
        pair = self._pair(REVISION, old, new, old_resolved, new_resolved, old_config, mode)
        for revision in revisions:
            earlier = (
                old_resolved if revision is ref else self._earlier(new, rel, revision, old_config)
            )
            if earlier is None:
                continue
            outcome = self._compare(earlier, new_resolved, mode, new.key)
            pair.comparisons.append(Comparison(revision.short, outcome))
            result.against.append(revision.short)
        found = self._apply_rules(pair, result.file)
        unchanged = old_resolved.schema == new_resolved.schema
        result.suggestion = _revision_suggestion(pair, found, unchanged)

    def _check_successor(
        self, result: ContractResult, rel: str, new: Contract, new_resolved: _Resolved, mode: str
    ) -> None:
        folder = rel.rsplit("/", 1)[0]
        at_ref = _versions(p for p in self.snapshot.files if p.rsplit("/", 1)[0] == folder)
        previous = self._previous_version(new, folder, at_ref)
        if previous is None:
            result.kind = "new-event"
            result.suggestion = Suggestion("none", f"new event {new.event}: no earlier version")
            return
        old, old_config, old_resolved = previous
        result.kind = "new-version"
        result.against.append(f"v{old.v}")
        pair = self._pair(
            SUCCESSOR,
            old,
            new,
            old_resolved,
            new_resolved,
            old_config,
            mode,
            versions_at_ref=tuple(sorted(at_ref)),
        )
        outcome = self._compare(old_resolved, new_resolved, mode, new.key)
        pair.comparisons.append(Comparison(f"v{old.v}", outcome))
        self._apply_rules(pair, result.file)
        result.suggestion = _successor_suggestion(pair, mode_verdict(outcome, mode))

    def _previous_version(
        self, new: Contract, folder: str, at_ref: dict[int, str]
    ) -> tuple[Contract, RegistryConfig, _Resolved] | None:
        """The version ``new`` supersedes (else the newest lower one): the working tree's
        file, or the ref's when the file is gone."""
        lower = sorted(v for v in (*at_ref, *self._work_versions(new)) if v < new.v)
        if not lower:
            return None
        target = new.supersedes if new.supersedes in lower else lower[-1]
        for suffix in (".yaml", ".yml"):
            path = self.registry.root / folder / f"v{target}{suffix}"
            if path.is_file():
                old = self.registry.load_contract(path)
                key = ("work", blob_sha(path.read_bytes()))
                return old, self.registry.config, self._resolve(key, old, self.registry.config)
        rel = at_ref[target]
        config = self.snapshot.config
        old_ref = self._load_revision(
            new, rel, Revision(self.snapshot.commit, self.snapshot.files[rel])
        )
        if old_ref is None or config is None:
            return None
        key = (self.snapshot.commit, self.snapshot.files[rel])
        return old_ref, config, self._resolve(key, old_ref, config)

    def _work_versions(self, new: Contract) -> list[int]:
        return list(_versions(p.name for p in new.path.parent.iterdir()))

    # -- helpers ------------------------------------------------------------------------

    def _resolve(
        self, key: tuple[str, str], contract: Contract, config: RegistryConfig
    ) -> _Resolved:
        cached = self._resolved.get(key)
        if cached is None:
            cached = _Resolved(resolve_schema(contract, config))
            self._resolved[key] = cached
        return cached

    def _earlier(
        self, new: Contract, rel: str, revision: Revision, config: RegistryConfig
    ) -> _Resolved | None:
        """An earlier revision's resolved schema: from the resolved-schema cache when this
        blob was resolved under the same registry.yaml and code before, else loaded from git
        and resolved (and stored). Only the schema of such a revision is compared."""
        memo = (self.snapshot.commit, revision.blob)
        if memo in self._resolved:
            return self._resolved[memo]
        key = cache_key(
            b"compat-resolved",
            code_version(),
            rel,
            revision.blob,
            self.snapshot.files.get(REGISTRY_FILE, ""),
        )
        stored = self.cache.get(key)
        if stored is not None:
            self._resolved[memo] = _Resolved(json.loads(stored))
            return self._resolved[memo]
        earlier = self._load_revision(new, rel, revision)
        if earlier is None:
            return None
        resolved = self._resolve(memo, earlier, config)
        self.cache.put(key, json.dumps(resolved.schema, ensure_ascii=False).encode())
        return resolved

    def _compare(self, old: _Resolved, new: _Resolved, mode: str, label: str) -> CompatResult:
        """Only the directions the mode needs (the others are reported as not checked)."""
        verdicts: dict[Direction, Any] = {}
        changes = []
        old_root, new_root = old.schema_root(f"{label} (old)"), new.schema_root(label)
        for direction in directions(mode):
            writer, reader = (
                (old_root, new_root) if direction is Direction.BACKWARD else (new_root, old_root)
            )
            engine = Engine(
                writer, reader, direction, RULE_TABLE, strict_keywords=self.options.strict_keywords
            )
            verdicts[direction] = engine.run()
            changes += engine.changes
        return CompatResult(
            verdicts.get(Direction.BACKWARD, True), verdicts.get(Direction.FORWARD, True), changes
        )

    def _load_revision(self, new: Contract, rel: str, revision: Revision) -> Contract | None:
        try:
            return self.history.contract(revision.commit, rel, revision.blob)
        except ContractsError as exc:
            self._add(
                new,
                display_path(new.path),
                "REVISION_UNREADABLE",
                WARNING,
                Problem(
                    f"revision {revision.short} of {rel} cannot be loaded and is skipped: {exc}",
                    against=revision.short,
                ),
            )
            return None

    def _history(self) -> dict[str, list[Revision]]:
        if self._revisions is None:
            self._revisions = self.history.revisions(self.snapshot.commit)
        return self._revisions

    def _warn_if_shallow(self, new: Contract, path: str) -> None:
        if self._shallow is None:
            self._shallow = self.history.shallow
        if self._shallow:
            boundary = ", ".join(c[:10] for c in self.history.shallow_boundary()) or "unknown"
            self._add(
                new,
                path,
                "HISTORY_INCOMPLETE",
                WARNING,
                Problem(
                    f"{new.compatibility or 'the registry default'} is transitive but this is a "
                    f"shallow clone: revisions older than {boundary} are missing, so "
                    f"{new.key} was compared with the revisions present only",
                    fix=SHALLOW_FIX,
                ),
            )

    def _apply_rules(self, pair: VersionPair, file: str) -> list[tuple[str, Problem]]:
        found = []
        for rule in POLICY_RULES:
            if pair.kind in rule.kinds:
                for problem in rule.check(pair):
                    self._add(pair.new, file, rule.id, rule.severity, problem)
                    found.append((rule.category, problem))
        return found

    def _add(
        self, new: Contract, file: str, rule: str, severity: Severity, problem: Problem
    ) -> None:
        mark: Location | None
        if problem.in_registry:
            mark = self.registry.config.document.location(problem.doc_path)
            file = display_path(self.registry.root / REGISTRY_FILE)
        else:
            mark = new.document.location(problem.doc_path) if problem.doc_path else None
        location = Location(file, mark.line, mark.col) if mark else Location(file, 1, 1)
        self.report.findings.append(
            Finding(
                rule=rule,
                severity=severity,
                event=new.event,
                v=new.v,
                message=problem.message,
                location=location,
                path=problem.path,
                fix=problem.fix,
                against=problem.against,
                changes=problem.changes,
            )
        )


def run_compat(registry: Registry, history: GitHistory, options: CompatOptions) -> CompatReport:
    """Compare the registry in the working tree with ``options.against`` (or the merge base
    with the main branch)."""
    if options.against:
        commit, label = history.commit_of(options.against), f"--against {options.against}"
    else:
        commit, label = history.default_against(registry.config.main_branch)
    snapshot = history.snapshot(commit)
    report = CompatReport(commit, label)
    folder = cache_root(repository_root(registry.config)) if options.use_cache else None
    cache = ContentCache(folder / "compat" / "resolved.bin" if folder is not None else None)
    result = Checker(registry, history, options, snapshot, report, cache=cache).run()
    cache.save()
    return result


def _versions(names: Any) -> dict[int, str]:
    found = {}
    for name in names:
        match = VERSION_FILE.match(str(name).rsplit("/", 1)[-1])
        if match:
            found[int(match.group(1))] = str(name)
    return found


def _order(finding: Finding) -> tuple[str, int, int, str, str]:
    loc = finding.location
    return (loc.file, loc.line, loc.col, finding.rule, finding.path)


def _revision_suggestion(
    pair: VersionPair, found: list[tuple[str, Problem]], unchanged: bool
) -> Suggestion:
    bumps = [problem for category, problem in found if category in BUMP_CATEGORIES]
    if bumps and all(problem.in_registry for problem in bumps):
        return Suggestion(
            "envelope",
            "the break is in the envelope (registry.yaml), shared by every event: fix the "
            "envelope; a new version of this event would not help",
        )
    if bumps:
        return Suggestion("new-version", f"needs a new major version: {pair.next_version_fix}")
    if unchanged:
        return Suggestion("none", "no schema change: no version bump")
    return Suggestion(
        "same-version", f"compatible under {pair.mode}: the change can stay in v{pair.new.v}"
    )


def _successor_suggestion(pair: VersionPair, verdict: Verdict) -> Suggestion:
    if verdict is Verdict.COMPATIBLE:
        return Suggestion(
            "same-version",
            f"v{pair.new.v} is compatible with v{pair.old.v} under {pair.mode}: a new major "
            f"version is not required (the change could stay in v{pair.old.v})",
        )
    return Suggestion(
        "new-version",
        f"v{pair.new.v} breaks {pair.mode} against v{pair.old.v}: a new major version is right",
    )
