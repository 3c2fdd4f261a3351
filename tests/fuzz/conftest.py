"""Print how many inputs each fuzz target tried (``scripts/fuzz.sh`` sums these lines)."""

from __future__ import annotations

from typing import Any

from tests.fuzz.counting import TRIED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for target, count in sorted(TRIED.items()):
        terminalreporter.write_line(f"fuzz-tried {target} {count}")
