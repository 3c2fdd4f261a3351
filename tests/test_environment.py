"""The environment `make` builds stays sound (#12 item 8): dbt never enters .venv, and pip's
resolver state is consistent, so `contracts compile-validators` finds the mypy it needs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys


def test_dbt_is_not_installed_beside_the_tool() -> None:
    assert importlib.util.find_spec("dbt") is None, "dbt belongs in .venv-dbt, never in .venv"


def test_pip_check_finds_no_broken_requirements() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypyc_is_importable_for_compile_validators() -> None:
    assert importlib.util.find_spec("mypyc") is not None
