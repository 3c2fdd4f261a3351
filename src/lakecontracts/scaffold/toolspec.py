"""The pip requirement a scaffolded CI workflow installs: pinned, never a bare name."""

from __future__ import annotations

import json
import re
from importlib import metadata

from lakecontracts.errors import UsageError

DISTRIBUTION = "lakecontracts"
# A requirement pip accepts on one line: a name==version pin or `name @ git+URL@REF`.
_SPEC = re.compile(r"[A-Za-z0-9._\-\[\],=<>~!@+:/ ]{1,300}")


def default_tool_spec() -> str:
    """Where this installation came from (PEP 610 direct_url.json): a VCS URL pinned to its
    commit when installed from git, else ``lakecontracts==<version>``."""
    dist = metadata.distribution(DISTRIBUTION)
    raw = dist.read_text("direct_url.json")
    info = json.loads(raw) if raw else {}
    vcs = info.get("vcs_info") or {}
    url = info.get("url", "")
    if vcs.get("vcs") == "git" and url and vcs.get("commit_id"):
        return f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}"
    return f"{DISTRIBUTION}=={dist.version}"


def quoted_tool_spec(spec: str) -> str:
    """``spec`` checked and single-quoted for a YAML plain scalar and the shell."""
    if not _SPEC.fullmatch(spec) or "'" in spec:
        raise UsageError(
            f"--tool-spec {spec!r} is not a pip requirement this workflow can use",
            hint="e.g. --tool-spec 'lakecontracts @ git+https://github.com/acme/lakecontracts@v0.1.0'",
        )
    return f"'{spec}'"
