"""What lint rules are and what their bodies say; findings are :mod:`lakecontracts.reporting`'s."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lakecontracts.pointers import to_pointer
from lakecontracts.registry.yamlsource import JsonPath
from lakecontracts.reporting.vocabulary import RuleInfo

if TYPE_CHECKING:
    from lakecontracts.lint.context import LintContext


@dataclass(frozen=True)
class Problem:
    """What a rule body says: where (a path in the file) and what is wrong.

    ``at_key`` points the location at the mapping key instead of its value, which is what a
    reader wants for naming problems.
    """

    path: JsonPath
    message: str
    at_key: bool = False


Check = Callable[["LintContext"], Iterator[Problem]]


@dataclass(frozen=True)
class Rule(RuleInfo):
    """A lint rule: a stable ID, a category, a default severity, a one-line purpose, a check.

    ``suppressible=False`` marks the safe-name rules (registry/naming.py): the names they
    check become files, modules, tables and SQL identifiers, so no in-file suppression may
    silence them, and ``generate`` enforces them itself.
    """

    check: Check
    suppressible: bool = True


def json_pointer(path: JsonPath) -> str:
    """RFC 6901 pointer for a path, e.g. ``/payload/properties/leg_id``."""
    return to_pointer(path)
