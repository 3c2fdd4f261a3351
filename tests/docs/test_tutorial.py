"""docs/tutorial.md is true: its commands run in order, as processes, and print what it shows.

The convention the tutorial states: every ```sh block runs in bash (``set -e``) in the folder
the previous block ended in, and must exit 0, or N when its first line is ``# exit N``; every
```yaml block whose first line is ``# file: PATH`` is written to PATH; every line of a ```text
block after a command must match a line of that command's output (stdout and stderr), with
runs of spaces equal and ``...`` standing for anything.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

TUTORIAL = REPO_ROOT / "docs" / "tutorial.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
EXIT = re.compile(r"# exit (\d+)\n")
FILE = re.compile(r"# file: (\S+)\n")


@dataclass(frozen=True)
class Block:
    kind: str
    body: str
    line: int  # where the fence opens in the tutorial, for failure messages


def blocks(text: str) -> list[Block]:
    return [
        Block(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1)
        for m in FENCE.finditer(text)
    ]


def expected_lines(body: str) -> list[re.Pattern[str]]:
    patterns = []
    for line in body.splitlines():
        words = " ".join(line.split())
        if words:
            pieces = (re.escape(p) for p in words.split("..."))
            patterns.append(re.compile(".*".join(pieces)))
    return patterns


def shown(output: str, pattern: re.Pattern[str]) -> bool:
    return any(pattern.search(" ".join(line.split())) for line in output.splitlines())


class Session:
    """A shell session in a temporary folder: the working folder carries over between blocks."""

    def __init__(self, root: Path) -> None:
        self.cwd = root
        self.pwd_file = root.parent / "tutorial.pwd"
        bindir = str(Path(sys.executable).parent)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("CONTRACTS_", "GIT_"))}
        self.env.update(
            PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}",
            HOME=str(root.parent),
            GIT_AUTHOR_NAME="Tutorial",
            GIT_AUTHOR_EMAIL="tutorial@example.com",
            GIT_COMMITTER_NAME="Tutorial",
            GIT_COMMITTER_EMAIL="tutorial@example.com",
            GIT_CONFIG_NOSYSTEM="1",
        )

    def run(self, block: Block, doc: str = "tutorial.md") -> str:
        status = EXIT.match(block.body)
        want = int(status.group(1)) if status else 0
        script = f"trap 'pwd > \"{self.pwd_file}\"' EXIT\n{block.body}"
        proc = subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        output = proc.stdout + proc.stderr
        assert proc.returncode == want, (
            f"{doc}:{block.line}: exit {proc.returncode}, expected {want}\n{output}"
        )
        assert "Traceback" not in output, f"{doc}:{block.line}:\n{output}"
        self.cwd = Path(self.pwd_file.read_text().strip())
        return output

    def write(self, block: Block) -> None:
        match = FILE.match(block.body)
        assert match, f"tutorial.md:{block.line}: a yaml block must start with '# file: PATH'"
        path = self.cwd / match.group(1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.body[match.end() :], encoding="utf-8")


def test_the_convention_reads_blocks_in_order() -> None:
    text = "a\n```sh\n# exit 1\nfalse\n```\n\n```text\nx ... y\n```\n"
    found = blocks(text)
    assert [(b.kind, b.line) for b in found] == [("sh", 2), ("text", 7)]
    (pattern,) = expected_lines(found[1].body)
    assert shown("x   and  y\n", pattern)
    assert not shown("y and x\n", pattern)


def run_tutorial(root: Path) -> Session:
    """Run docs/tutorial.md in ``root``; the session ends in the tutorial's last folder."""
    session = Session(root)
    output: str | None = None
    ran = {"sh": 0, "yaml": 0, "text": 0}
    for block in blocks(TUTORIAL.read_text(encoding="utf-8")):
        if block.kind == "sh":
            output = session.run(block)
        elif block.kind == "yaml":
            session.write(block)
        elif block.kind == "text":
            assert output is not None, f"tutorial.md:{block.line}: text before any command"
            for pattern in expected_lines(block.body):
                assert shown(output, pattern), (
                    f"tutorial.md:{block.line}: {pattern.pattern!r} not in the output:\n{output}"
                )
            output = None  # one text block per command block
        else:
            continue
        ran[block.kind] += 1
    assert ran["sh"] >= 10 and ran["yaml"] >= 6 and ran["text"] >= 10, ran
    return session


@pytest.mark.slow
def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    root = tmp_path / "work"
    root.mkdir()
    session = run_tutorial(root)
    assert session.cwd.name == "ride-events"
