"""The registry as git holds it: at a ref, and every earlier revision of a contract file.

Nothing is checked out. Trees are listed with ``git ls-tree`` and blobs read through
gitpython's object database (one long-lived ``git cat-file --batch``), so reading a thousand
contracts at a ref costs one subprocess plus the blob reads. A contract's identity is its
path (``events/<domain>/<name>/v<N>.yaml`` is ``event@v``, which lint enforces), so the
revisions of a version are the blobs its path held in the commits reachable from the ref:
one ``git log --raw`` over the registry folder lists them for every contract at once. A
renamed file is a different event version, so renames are deliberately not followed.

Shallow clones are detected: a missing ref or merge base raises :class:`GitHistoryError`
with the fix (``git fetch --unshallow`` or ``fetch-depth: 0``), and history cut at the
shallow boundary is reported by :attr:`GitHistory.shallow` so the caller can warn that
transitive modes saw only part of it.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lakecontracts.errors import ContractsError, GitHistoryError, Location
from lakecontracts.registry.config import REGISTRY_FILE, RegistryConfig, load_registry_config
from lakecontracts.registry.contract import Contract, contract_from_document
from lakecontracts.registry.registry import CONTRACT_SUFFIXES, EVENTS_DIR
from lakecontracts.registry.yamlsource import decode_utf8, parse_yaml

SHALLOW_FIX = (
    "fetch the full history: `git fetch --unshallow` (GitHub Actions: actions/checkout with "
    "`fetch-depth: 0`; GitLab: GIT_DEPTH: 0)"
)
NULL_SHA = "0" * 40


def blob_sha(data: bytes) -> str:
    """The git object ID of a blob with these bytes (what ``git hash-object`` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Revision:
    """One content of a contract file in history: the commit that wrote it and the blob."""

    commit: str
    blob: str

    @property
    def short(self) -> str:
        return self.commit[:10]


@dataclass
class Snapshot:
    """The registry at one commit: its files (registry-relative path -> blob) and config."""

    commit: str
    files: dict[str, str]
    config: RegistryConfig | None

    @property
    def short(self) -> str:
        return self.commit[:10]

    def contract_paths(self) -> list[str]:
        return sorted(p for p in self.files if p.startswith(EVENTS_DIR + "/"))


@dataclass
class GitHistory:
    """Read-only access to the git history of one registry folder."""

    repo: Any  # git.Repo (gitpython is untyped)
    prefix: str  # registry folder relative to the repository root, "" at the top
    _texts: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, registry_root: Path) -> GitHistory:
        import git

        try:
            repo = git.Repo(registry_root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitHistoryError(
                f"{registry_root} is not inside a git repository",
                location=Location(str(registry_root)),
                hint="contracts compat compares with git history; run it in a clone of the "
                "registry repository",
            ) from None
        if repo.bare or repo.working_tree_dir is None:
            raise GitHistoryError("a bare repository has no working tree to compare")
        top = Path(repo.working_tree_dir).resolve()
        try:
            relative = registry_root.resolve().relative_to(top)
        except ValueError:
            raise GitHistoryError(
                f"registry {registry_root} is outside the repository at {top}"
            ) from None
        prefix = relative.as_posix()
        return cls(repo=repo, prefix="" if prefix == "." else prefix)

    # -- refs ---------------------------------------------------------------------------

    @property
    def shallow(self) -> bool:
        return str(self.repo.git.rev_parse("--is-shallow-repository")).strip() == "true"

    def shallow_boundary(self) -> list[str]:
        """Commits whose parents this clone lacks (empty in a full clone)."""
        path = Path(self.repo.git_dir) / "shallow"
        return path.read_text(encoding="ascii").split() if path.is_file() else []

    def commit_of(self, ref: str) -> str:
        """The commit a ref names, or a clear error (with the shallow-clone fix when that is
        the likely cause)."""
        import git

        if ref.startswith("-"):
            raise GitHistoryError(f"invalid git ref {ref!r}", hint="pass a branch, tag or commit")
        try:
            return str(self.repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")).strip()
        except git.GitCommandError:
            hint = (
                f"this is a shallow clone, so the ref may simply not be fetched; {SHALLOW_FIX}"
                if self.shallow
                else "pass a branch, tag or commit that exists (`git branch -a`, `git log`)"
            )
            raise GitHistoryError(f"git ref {ref!r} does not name a commit", hint=hint) from None

    def default_against(self, main_branch: str) -> tuple[str, str]:
        """(commit, description): the merge base of HEAD with ``main_branch`` or
        ``origin/<main_branch>``."""
        import git

        head = self.commit_of("HEAD")
        tried = []
        for candidate in (main_branch, f"origin/{main_branch}"):
            tried.append(candidate)
            try:
                branch = self.commit_of(candidate)
            except GitHistoryError:
                continue
            try:
                base = str(self.repo.git.merge_base(head, branch)).strip()
            except git.GitCommandError:
                raise GitHistoryError(
                    f"HEAD and {candidate} have no common ancestor in this clone",
                    hint=SHALLOW_FIX if self.shallow else "pass --against REF explicitly",
                ) from None
            return base, f"merge base of HEAD and {candidate}"
        hint = (
            f"this is a shallow clone without the main branch; {SHALLOW_FIX}, or "
            f"`git fetch origin {main_branch}`"
            if self.shallow
            else f"pass --against REF, or fetch the main branch (`git fetch origin {main_branch}`)"
        )
        raise GitHistoryError(
            f"cannot find the main branch: tried {', '.join(tried)} "
            "(registry.main_branch in registry.yaml)",
            hint=hint,
        )

    # -- reading at a commit ------------------------------------------------------------

    def _repo_path(self, relative: str) -> str:
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def snapshot(self, commit: str) -> Snapshot:
        """registry.yaml and every contract file at ``commit`` (blob IDs; contents lazily)."""
        root = self.prefix or "."
        listing = str(self.repo.git.ls_tree("-r", "-z", "--full-tree", commit, "--", root))
        files: dict[str, str] = {}
        cut = len(self.prefix) + 1 if self.prefix else 0
        for entry in listing.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            _mode, kind, sha = meta.split()
            relative = path[cut:]
            if kind == "blob" and _registry_file(relative):
                files[relative] = sha
        config = self._config(commit, files[REGISTRY_FILE]) if REGISTRY_FILE in files else None
        return Snapshot(commit, files, config)

    def text(self, blob: str, display: str) -> str:
        if blob not in self._texts:
            data = self.repo.odb.stream(bytes.fromhex(blob)).read()
            self._texts[blob] = decode_utf8(data, display)
        return self._texts[blob]

    def contract(self, commit: str, relative: str, blob: str) -> Contract:
        """The contract a blob holds, with locations naming ``<commit>:<path>``."""
        display = f"{commit[:10]}:{self._repo_path(relative)}"
        doc = parse_yaml(self.text(blob, display), display)
        return contract_from_document(doc, Path(self._repo_path(relative)))

    def _config(self, commit: str, blob: str) -> RegistryConfig:
        display = f"{commit[:10]}:{self._repo_path(REGISTRY_FILE)}"
        with tempfile.TemporaryDirectory(prefix="contracts-compat-") as folder:
            Path(folder, REGISTRY_FILE).write_text(self.text(blob, display), encoding="utf-8")
            try:
                return load_registry_config(Path(folder))
            except ContractsError as exc:
                where = exc.location
                location = Location(display, where.line, where.col) if where else None
                raise type(exc)(exc.message, location=location, hint=exc.hint) from None

    # -- history of contract files ------------------------------------------------------

    def revisions(self, commit: str) -> dict[str, list[Revision]]:
        """Every content each contract file had in commits reachable from ``commit``, newest
        first, one entry per distinct blob (registry-relative path -> revisions)."""
        events = self._repo_path(EVENTS_DIR)
        raw = str(
            self.repo.git.log(
                "--format=%x01%H", "--raw", "--no-abbrev", "--no-renames", commit, "--", events
            )
        )
        found: dict[str, list[Revision]] = {}
        seen: set[tuple[str, str]] = set()
        cut = len(self.prefix) + 1 if self.prefix else 0
        current = ""
        for line in raw.splitlines():
            if line.startswith("\x01"):
                current = line[1:].strip()
                continue
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            new_blob = meta.split()[3]
            relative = path[cut:]
            if new_blob == NULL_SHA or (relative, new_blob) in seen:
                continue
            seen.add((relative, new_blob))
            found.setdefault(relative, []).append(Revision(current, new_blob))
        return found


def _registry_file(relative: str) -> bool:
    if relative == REGISTRY_FILE:
        return True
    parts = PurePosixPath(relative).parts
    return len(parts) > 1 and parts[0] == EVENTS_DIR and relative.endswith(CONTRACT_SUFFIXES)


def working_blobs(registry_root: Path, contract_files: list[Path]) -> dict[str, Path]:
    """Registry-relative path -> file for the working tree's contract files."""
    return {path.relative_to(registry_root).as_posix(): path for path in contract_files}
