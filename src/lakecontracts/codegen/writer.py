"""Compare rendered files with generated/, then write or report the difference.

Every run records what each target wrote in ``<generated>/outputs.json`` (checked in,
deterministic). A later run deletes only files that record lists under the target's own
folder and that the target no longer produces: a file ``generate`` did not write is never
removed, wherever ``outputs`` points. One run at a time holds the generated folder's lock,
and temporary files a killed run left beside its outputs are cleaned up by the next.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lakecontracts.codegen.cache import CachedGeneration
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.targets import Target
from lakecontracts.errors import Location, UsageError
from lakecontracts.fsutil import atomic_write_bytes, safe_join
from lakecontracts.jsonout import json_file_bytes

OUTPUTS_FILE = "outputs.json"
OUTPUTS_FORMAT = 1


@dataclass
class Plan:
    """What a generation run would change."""

    files: dict[Path, bytes] = field(default_factory=dict)  # every file the run produces
    changed: list[Path] = field(default_factory=list)  # new or different on disk
    removed: list[Path] = field(default_factory=list)  # written before, no longer produced
    orphans: list[Path] = field(default_factory=list)  # temporary files of a killed run
    by_target: dict[str, int] = field(default_factory=dict)
    roots: set[Path] = field(default_factory=set)  # target folders: never removed

    @property
    def stale(self) -> list[Path]:
        return sorted(self.changed + self.removed)


def plan(
    out_dir: Path,
    targets: list[Target],
    inp: GenerationInput | CachedGeneration,
    repo: Path | None = None,
) -> Plan:
    """Render every target and compare with ``out_dir`` without writing anything.

    ``inp`` is the resolved registry, or a :class:`CachedGeneration` that renders through
    ``generate``'s cache. ``repo`` is the folder paths in ``outputs.json`` are relative to
    (default: ``out_dir``'s parent, the repository when generated/ sits at its top).
    """
    repo = (repo or out_dir.parent).resolve()
    result = Plan()
    listed = read_outputs(out_dir)
    record: dict[str, list[str]] = {
        name: paths for name, paths in listed.items() if name not in {t.name for t in targets}
    }
    for target in targets:
        base = target.base_dir(out_dir, inp.registry.config)
        result.roots.update({base, out_dir.resolve()})
        rendered = inp.render(target) if isinstance(inp, CachedGeneration) else target.render(inp)
        result.by_target[target.name] = len(rendered)
        produced: set[Path] = set()
        join = _Joiner(base)
        for relative, data in sorted(rendered.items()):
            path = join(relative)
            produced.add(path)
            result.files[path] = data
            if not path.is_file() or path.read_bytes() != data:
                result.changed.append(path)
        record[target.name] = sorted(_relative(repo, path) for path in produced)
        if target.owns_base:  # a configured base (docs/) is shared: nothing is removed there
            result.removed += _no_longer_produced(repo, base, listed.get(target.name, []), produced)
    outputs = out_dir.resolve() / OUTPUTS_FILE
    result.files[outputs] = outputs_bytes(record)
    if not outputs.is_file() or outputs.read_bytes() != result.files[outputs]:
        result.changed.append(outputs)
    # Decided after every target rendered: a file one target places in another's folder stays.
    result.removed = sorted({path for path in result.removed if path not in result.files})
    result.orphans = _orphans(result.files.keys() | set(result.removed))
    return result


class _Joiner:
    """``safe_join(base, *relative.split("/"))`` with each folder resolved once: thousands of
    files share a few folders, and resolving a path costs a system call per component."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.folders: dict[str, Path] = {}

    def __call__(self, relative: str) -> Path:
        folder, _, name = relative.rpartition("/")
        if name in ("", ".", ".."):
            return safe_join(self.base, *relative.split("/"))  # refuses it, with its message
        if folder not in self.folders:
            self.folders[folder] = (
                safe_join(self.base, *folder.split("/")) if folder else safe_join(self.base)
            )
        path = self.folders[folder] / name
        # The folder is resolved and inside base; only the name itself may still lead away.
        return safe_join(self.base, *relative.split("/")) if path.is_symlink() else path


def apply(result: Plan) -> None:
    """Write changed files atomically, delete the ones no longer produced and any orphans."""
    for path in result.orphans:
        path.unlink(missing_ok=True)
    for path in result.changed:
        atomic_write_bytes(path, result.files[path])
    for path in result.removed:
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder not in result.roots and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


@contextmanager
def generation_lock(out_dir: Path) -> Iterator[None]:
    """Hold the generated folder's lock (an flock on the folder itself: no lock file to commit).

    A second ``generate`` on the same folder is refused rather than interleaved.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"another `contracts generate` is writing to {out_dir}",
                location=Location(str(out_dir)),
                hint="wait for it to finish, then run again",
            ) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def outputs_bytes(record: dict[str, list[str]]) -> bytes:
    """The outputs manifest: every target's files, relative to the repository, sorted."""
    body = {"format": OUTPUTS_FORMAT, "targets": {k: sorted(v) for k, v in record.items()}}
    return json_file_bytes(body, sort_keys=True)


def read_outputs(out_dir: Path) -> dict[str, list[str]]:
    """The previous run's outputs manifest (empty when there is none)."""
    path = out_dir / OUTPUTS_FILE
    if not path.is_file():
        return {}
    try:
        body: Any = json.loads(path.read_bytes())
    except (ValueError, OSError):
        body = None
    targets = body.get("targets") if isinstance(body, dict) else None
    if (
        not isinstance(body, dict)
        or body.get("format") != OUTPUTS_FORMAT
        or not isinstance(targets, dict)
        or not all(
            isinstance(v, list) and all(isinstance(p, str) for p in v) for v in targets.values()
        )
    ):
        raise UsageError(
            f"{path} is not an outputs manifest written by `contracts generate`",
            location=Location(str(path)),
            hint="restore it from git, or delete it: the next run then removes nothing",
        )
    return {str(name): list(paths) for name, paths in targets.items()}


def _relative(repo: Path, path: Path) -> str:
    try:
        return PurePosixPath(path.relative_to(repo)).as_posix()
    except ValueError:
        return PurePosixPath(os.path.relpath(path, repo)).as_posix()


def _no_longer_produced(
    repo: Path, base: Path, listed: list[str], produced: set[Path]
) -> list[Path]:
    """Listed files still on disk, not produced now, inside the target's folder (only there:
    a hand-edited outputs.json cannot make ``generate`` delete anything else)."""
    found = []
    for entry in listed:
        path = Path(os.path.normpath(repo / entry))
        if (
            path not in produced
            and base in path.parents
            and not path.is_symlink()
            and path.is_file()
        ):
            found.append(path)
    return found


def _orphans(paths: set[Path]) -> list[Path]:
    """``.<name>.XXXXXXXX.tmp`` files (atomic_write_bytes' temporaries) beside our files."""
    by_folder: dict[Path, set[str]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, set()).add(path.name)
    found = []
    for folder, names in by_folder.items():
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            match = _TEMPORARY.match(entry.name)
            if match and match["name"] in names and entry.is_file():
                found.append(entry)
    return sorted(found)


_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")
