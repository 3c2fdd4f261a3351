"""Compare rendered files with generated/, then write or report the difference."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lakecontracts.codegen.target import GenerationInput, Target
from lakecontracts.fsutil import atomic_write_bytes, safe_join


@dataclass
class Plan:
    """What a generation run would change."""

    files: dict[Path, bytes] = field(default_factory=dict)  # every file the targets produce
    changed: list[Path] = field(default_factory=list)  # new or different on disk
    removed: list[Path] = field(default_factory=list)  # on disk, no longer produced
    by_target: dict[str, int] = field(default_factory=dict)
    roots: set[Path] = field(default_factory=set)  # target folders: never removed

    @property
    def stale(self) -> list[Path]:
        return sorted(self.changed + self.removed)


def plan(out_dir: Path, targets: list[Target], inp: GenerationInput) -> Plan:
    """Render every target and compare with ``out_dir`` without writing anything."""
    result = Plan()
    removed: list[Path] = []
    for target in targets:
        base = target.base_dir(out_dir, inp.registry.config)
        result.roots.update({base, out_dir})
        rendered = target.render(inp)
        result.by_target[target.name] = len(rendered)
        for relative, data in sorted(rendered.items()):
            path = safe_join(base, *relative.split("/"))
            result.files[path] = data
            if not path.is_file() or path.read_bytes() != data:
                result.changed.append(path)
        if target.owns_base and base.is_dir():
            for folder, dirs, names in os.walk(base):
                # Dot files and dot folders are never ours (validators/.native holds builds).
                dirs[:] = [name for name in dirs if not name.startswith(".")]
                for name in names:
                    if not name.startswith("."):
                        removed.append(Path(folder, name))
    # Decided after every target rendered: a file one target places in another's folder stays.
    result.removed = [path for path in removed if path not in result.files]
    return result


def apply(result: Plan) -> None:
    """Write changed files atomically and delete the ones no longer produced."""
    for path in result.changed:
        atomic_write_bytes(path, result.files[path])
    for path in result.removed:
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder not in result.roots and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
