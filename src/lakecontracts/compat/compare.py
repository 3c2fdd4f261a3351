"""Compare two whole schemas in both directions."""

from __future__ import annotations

from typing import Any

from lakecontracts.compat.engine import Engine
from lakecontracts.compat.model import CompatResult, Direction
from lakecontracts.compat.root import SchemaRoot
from lakecontracts.compat.table import RULE_TABLE


def compare_schemas(old: Any, new: Any) -> CompatResult:
    """BACKWARD (new reads old data) and FORWARD (old reads new data) verdicts with proof."""
    old_root, new_root = SchemaRoot(old, "old schema"), SchemaRoot(new, "new schema")
    backward = Engine(
        writer=old_root, reader=new_root, direction=Direction.BACKWARD, rules=RULE_TABLE
    )
    forward = Engine(
        writer=new_root, reader=old_root, direction=Direction.FORWARD, rules=RULE_TABLE
    )
    verdict_backward = backward.run()
    verdict_forward = forward.run()
    return CompatResult(verdict_backward, verdict_forward, backward.changes + forward.changes)
