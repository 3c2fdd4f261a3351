"""In-file suppressions: ``# contracts-lint: disable=RULE_ID reason: why``.

A trailing comment silences the rule on its own line; a comment alone on a line silences the
next line; ``disable-file=`` silences the rule in the whole file. A reason is required: a
suppression without one is itself a finding and silences nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(
    r"#\s*contracts-lint:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<rules>[A-Za-z0-9_,\s]*?)"
    r"(?:\s+(?:reason:|--)\s*(?P<reason>.*?))?\s*$"
)


@dataclass(frozen=True)
class Suppression:
    rule_ids: tuple[str, ...]
    line: int  # the line the comment is on
    col: int
    target_line: int | None  # None: the whole file
    reason: str


def parse_suppressions(text: str) -> list[Suppression]:
    """Every suppression comment in a file, in order."""
    if "contracts-lint" not in text:
        return []
    found: list[Suppression] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.search(line)
        if match is None:
            continue
        rule_ids = tuple(r.strip() for r in match["rules"].split(",") if r.strip())
        alone = line[: match.start()].strip() == ""
        target: int | None = None  # disable-file: the whole file
        if match["kind"] == "disable":
            target = number + 1 if alone else number
        found.append(
            Suppression(
                rule_ids, number, match.start() + 1, target, (match["reason"] or "").strip()
            )
        )
    return found
