"""The reference validator the compatibility tests judge witnesses with.

jsonschema's own class for the schema's ``$schema`` (draft-07 when absent, as the engine reads
it), content keywords asserted as the engine asserts them, formats checked.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from jsonschema.validators import validator_for

from lakecontracts.compat.content import asserting


def accepts(schema: Any, instance: Any) -> bool:
    """Whether the whole ``schema`` accepts ``instance`` under the reference validator."""
    return bool(_validator(json.dumps(schema, sort_keys=True)).is_valid(instance))


@cache
def _validator(text: str) -> Any:
    schema = json.loads(text)
    cls = asserting(validator_for(schema if isinstance(schema, dict) else {}, Draft7Validator))
    return cls(schema, format_checker=FormatChecker())


def pointer_parent_exists(instance: Any, pointer: str) -> bool:
    """True when every step of ``pointer`` but the last leads somewhere inside ``instance``.

    A witness is a whole instance, so the container the change is about must be inside it
    (the last step may be missing: a required property the writer omits).
    """
    steps = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
    node = instance
    for step in steps[:-1]:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return False
    return True
