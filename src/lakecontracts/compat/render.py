"""Render a comparison for people (text) and machines (JSON)."""

from __future__ import annotations

import json
from typing import Any

from lakecontracts.compat.model import CompatResult
from lakecontracts.reporting.vocabulary import Verdict

_WORDS = {
    Verdict.COMPATIBLE: "compatible",
    Verdict.INCOMPATIBLE: "INCOMPATIBLE",
    Verdict.UNKNOWN: "unknown",
}


def verdict_word(verdict: Verdict) -> str:
    return _WORDS[verdict]


def render_diff_text(result: CompatResult, mode: str, verdict: Verdict) -> str:
    lines = [
        f"backward: {verdict_word(result.backward)}   (new schema reads data written with the old)",
        f"forward:  {verdict_word(result.forward)}   (old schema reads data written with the new)",
        f"mode {mode}: {verdict_word(verdict)}",
    ]
    problems = [c for c in result.changes if c.compatible is not Verdict.COMPATIBLE]
    notes = [c for c in result.changes if c.compatible is Verdict.COMPATIBLE]
    if problems:
        lines.append("")
        lines.append("changes that break or cannot be decided:")
    for change in problems:
        mark = "x" if change.compatible is Verdict.INCOMPATIBLE else "?"
        lines.append(
            f"  {mark} {change.rule} {change.path or '/'} [{change.direction}] {change.reason}"
        )
        body = change.to_json()
        if "witness" in body:
            lines.append(f"      witness: {_short(body['witness'])}")
    if notes:
        lines.append("")
        lines.append("compatible changes:")
        for change in notes:
            lines.append(
                f"  = {change.rule} {change.path or '/'} [{change.direction}] {change.reason}"
            )
    return "\n".join(lines) + "\n"


def render_diff_json(result: CompatResult, mode: str, verdict: Verdict) -> str:
    body: dict[str, Any] = {"mode": mode, "verdict": verdict.to_json(), **result.to_json()}
    return json.dumps(body, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."
