"""Compare two whole schemas in both directions."""

from __future__ import annotations

from typing import Any

from lakecontracts.compat.engine import Engine
from lakecontracts.compat.model import CompatResult, Direction
from lakecontracts.compat.root import SchemaRoot
from lakecontracts.compat.table import RULE_TABLE


def compare_schemas(old: Any, new: Any, *, strict_keywords: bool = False) -> CompatResult:
    """BACKWARD (new reads old data) and FORWARD (old reads new data) verdicts with proof.

    ``strict_keywords``: a keyword no draft defines makes a verdict unknown instead of being
    read as an annotation (see ``vocabulary``).
    """
    old_root, new_root = SchemaRoot(old, "old schema"), SchemaRoot(new, "new schema")
    backward = Engine(
        old_root, new_root, Direction.BACKWARD, RULE_TABLE, strict_keywords=strict_keywords
    )
    forward = Engine(
        new_root, old_root, Direction.FORWARD, RULE_TABLE, strict_keywords=strict_keywords
    )
    verdict_backward = backward.run()
    verdict_forward = forward.run()
    return CompatResult(verdict_backward, verdict_forward, backward.changes + forward.changes)
