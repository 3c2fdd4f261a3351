"""``make demo``: the main job end to end on the example registry, with a short summary.

Runs the real commands the way a user would: lint every contract, show one resolved schema,
build the manifest. Later capabilities add their steps here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REGISTRY = REPO / "contracts"


def _run(title: str, *args: str, show_lines: int | None = None) -> subprocess.CompletedProcess[str]:
    print(f"\n$ contracts {' '.join(args)}    # {title}")
    proc = subprocess.run(
        [sys.executable, "-m", "lakecontracts", "--registry", str(REGISTRY), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    lines = proc.stdout.splitlines()
    shown = lines if show_lines is None else lines[:show_lines]
    print("\n".join("  " + line for line in shown))
    if show_lines is not None and len(lines) > show_lines:
        print(f"  ... ({len(lines) - show_lines} more lines)")
    if proc.stderr.strip():
        print("\n".join("  " + line for line in proc.stderr.splitlines()))
    return proc


def main() -> int:
    lint = _run("pre-commit check of every contract", "lint")
    _run("the one intermediate form", "show", "booking.leg_created", "--payload", show_lines=18)
    manifest = _run("content-addressed manifest", "manifest", "--format", "json")
    if lint.returncode != 0 or manifest.returncode != 0:
        print("\ndemo failed: see the output above")
        return 1
    facts = json.loads(manifest.stdout)
    body = json.loads(Path(facts["path"]).read_text(encoding="utf-8"))
    events = body["events"]
    print("\nSummary")
    print(f"  registry       {body['registry']} ({REGISTRY.relative_to(REPO)}/)")
    print(f"  contracts      {len(events)} versions of {len({e['event'] for e in events})} events")
    print(f"  lint           {lint.stdout.strip().splitlines()[-1]}")
    print(f"  manifest       {Path(facts['path']).relative_to(REPO)}")
    print(f"  manifest hash  {body['manifest_hash']}")
    print(f"  git commit     {facts['git_commit'] or '(not a git work tree)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
