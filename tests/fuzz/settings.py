"""Hypothesis settings for the fuzz targets: a small budget in ``make test``, long runs on demand.

``make test`` runs each target on a few dozen examples (seconds), reading the saved example
database so every input that once failed is replayed first. ``scripts/fuzz.sh TARGET MINUTES``
sets ``LAKECONTRACTS_FUZZ_EXAMPLES`` and re-runs the target with fresh seeds until the time is
up, writing new failures (and their shrunk forms) into ``tests/fuzz/corpus/hypothesis/``.
Inputs worth keeping for good (each crash found, the shapes that reach deep code) are files in
``tests/fuzz/corpus/seeds/TARGET/``, replayed through the same invariant on every run.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

CORPUS = Path(__file__).resolve().parent / "corpus"
#: Hand-kept inputs per target (``seeds/TARGET/*``), replayed as plain tests on every run.
SEEDS = CORPUS / "seeds"
LONG_EXAMPLES = int(os.environ.get("LAKECONTRACTS_FUZZ_EXAMPLES", "0") or 0)
#: Per input: longer than any input should need, short enough that a hang is a failure.
DEADLINE = timedelta(seconds=float(os.environ.get("LAKECONTRACTS_FUZZ_DEADLINE", "10")))


def seed_files(target: str) -> list[Path]:
    """The saved inputs of one target, in a stable order (for ``pytest.mark.parametrize``)."""
    return sorted(p for p in (SEEDS / target).glob("*") if p.is_file())


def fuzz_settings(target: str, default_examples: int = 30) -> settings:
    """Settings for one target: its own folder in the corpus, written only by long runs."""
    folder = DirectoryBasedExampleDatabase(CORPUS / "hypothesis" / target)
    return settings(
        max_examples=LONG_EXAMPLES or default_examples,
        deadline=DEADLINE,
        database=folder if LONG_EXAMPLES else ReadOnlyDatabase(folder),
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
        print_blob=True,
    )
