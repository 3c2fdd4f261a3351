"""Compile the generated validator modules to C extensions with mypyc (optional, per machine).

The generated modules are plain, typed Python (their ``_fast`` path is written for mypyc);
compiled, the same source validates about three times as fast. Each module is compiled on
its own by ``python -m mypyc`` in a temporary folder (so no project mypy configuration
applies and no build debris is left), with the interpreter running this code: the result
loads only in that Python version on that platform, which its file suffix says. The compiled
file is moved into ``validators/.native/`` atomically and only then stamped with the SHA-256
of its source (see :mod:`lakecontracts.validator.stamp`), so an interrupted build leaves
nothing the runtime would load. Modules whose stamp already matches are skipped; builds of
modules that no longer exist are removed.

Needs mypyc (the ``native`` extra: ``pip install 'lakecontracts[native]'``), setuptools and
a C compiler with the Python headers.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lakecontracts.errors import ContractNotFoundError, ContractsError, Location
from lakecontracts.validator.naming import module_name
from lakecontracts.validator.stamp import (
    NATIVE_DIR,
    STAMP_SUFFIX,
    compiled_path,
    extension_suffix,
    fresh_compiled,
    source_digest,
    stamp_path,
)

_TIMEOUT_SECONDS = 900
_ERROR_LINES = 12


class NativeBuildError(ContractsError):
    """mypyc or the C compiler is missing, or a module failed to compile."""


@dataclass(frozen=True)
class Compiled:
    """One module's outcome: built now, or already fresh."""

    module: str
    path: Path
    built: bool
    seconds: float


@dataclass(frozen=True)
class BuildReport:
    compiled: list[Compiled]
    removed: list[Path]
    suffix: str

    @property
    def built(self) -> int:
        return sum(1 for item in self.compiled if item.built)


def modules_in(validators: Path) -> list[Path]:
    """The validator modules of a ``generated/validators`` folder, by name."""
    if not (validators / "__init__.py").is_file():
        raise NativeBuildError(
            "not a generated validators folder (no __init__.py)",
            location=Location(str(validators)),
            hint="run `contracts generate` first, or pass --generated DIR",
        )
    return sorted(p for p in validators.glob("*.py") if p.name != "__init__.py")


def modules_for(manifest: Any, specs: Sequence[str]) -> set[str]:
    """The module names of ``EVENT`` (its every version) or ``EVENT@V`` in the manifest."""
    versions: dict[str, list[int]] = {}
    for entry in manifest["events"]:
        versions.setdefault(str(entry["event"]), []).append(int(entry["v"]))
    names: set[str] = set()
    for spec in specs:
        event, at, version = spec.partition("@")
        known = versions.get(event)
        if known is None:
            close = difflib.get_close_matches(event, list(versions), n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "see generated/manifest.json"
            raise ContractNotFoundError(f"{event} is not in the manifest", hint=hint)
        if at and (not version.isdigit() or int(version) not in known):
            listed = ", ".join(f"{event}@{v}" for v in sorted(known))
            raise ContractNotFoundError(f"{spec} is not in the manifest", hint=f"it has {listed}")
        chosen = [int(version)] if at else known
        names.update(module_name(event, v) for v in chosen)
    return names


def compile_validators(
    validators: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    only: Collection[str] | None = None,
    progress: Callable[[Compiled], None] | None = None,
) -> BuildReport:
    """Compile every module of ``validators`` (or the ``only`` ones, by name) that has no
    fresh build; remove the builds of modules that no longer exist."""
    every = modules_in(validators)
    sources = every
    _require_mypyc()
    (validators / NATIVE_DIR).mkdir(exist_ok=True)
    if only is not None:
        missing = sorted(set(only) - {s.stem for s in every})
        if missing:
            raise NativeBuildError(
                f"no generated module {missing[0]}.py",
                location=Location(str(validators)),
                hint="run `contracts generate` so the validators match the manifest",
            )
        sources = [s for s in every if s.stem in only]
    todo = [s for s in sources if force or fresh_compiled(s) is None]
    done = [Compiled(s.stem, compiled_path(s), False, 0.0) for s in sources if s not in todo]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(compile_module, todo):
            done.append(result)
            if progress is not None:
                progress(result)
    removed = _remove_orphans(validators, {s.stem for s in every})
    return BuildReport(sorted(done, key=lambda c: c.module), removed, extension_suffix())


def _require_mypyc() -> None:
    if importlib.util.find_spec("mypyc") is None:
        raise NativeBuildError(
            "mypyc is not installed in this environment",
            hint="pip install 'lakecontracts[native]' (mypyc comes with mypy); a C compiler "
            "and the Python headers are needed too",
        )


def compile_module(source: Path) -> Compiled:
    """Compile one validator module into its folder's ``.native`` (stamped when complete)."""
    (source.parent / NATIVE_DIR).mkdir(exist_ok=True)
    start = time.perf_counter()
    target = compiled_path(source)
    digest = source_digest(source)
    with tempfile.TemporaryDirectory(prefix="lakecontracts-mypyc-") as tmp:
        work = Path(tmp)
        shutil.copyfile(source, work / source.name)
        _run_mypyc(work, source)
        built = work / target.name
        if not built.is_file():
            raise NativeBuildError(
                f"mypyc reported success but wrote no {target.name}",
                location=Location(str(source)),
            )
        _place(built, target)
    _write_text(stamp_path(target), digest + "\n")
    return Compiled(source.stem, target, True, time.perf_counter() - start)


def _run_mypyc(work: Path, source: Path) -> None:
    env = {**os.environ, "MYPY_CACHE_DIR": str(work / ".mypy_cache")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mypyc", source.name],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise NativeBuildError(
            f"mypyc took longer than {_TIMEOUT_SECONDS} s", location=Location(str(source))
        ) from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-_ERROR_LINES:])
        raise NativeBuildError(
            f"mypyc could not compile the module:\n{tail}",
            location=Location(str(source)),
            hint="a C compiler (gcc or clang) and the Python headers must be installed; "
            "regenerate with `contracts generate` if the module was edited by hand",
        )


def _place(built: Path, target: Path) -> None:
    """Copy beside the target, then rename: a loader never sees a half-written library."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(built, partial)
    os.replace(partial, target)


def _write_text(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)


def _remove_orphans(validators: Path, modules: set[str]) -> list[Path]:
    """Builds (for any interpreter) of modules that are no longer generated."""
    removed = []
    for path in sorted((validators / NATIVE_DIR).iterdir()):
        stem = path.name.removesuffix(STAMP_SUFFIX).split(".", 1)[0]
        if stem not in modules and not path.name.startswith("."):
            path.unlink()
            removed.append(path)
    return removed
