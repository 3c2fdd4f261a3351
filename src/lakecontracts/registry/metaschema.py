"""Meta-validation of draft-07 schemas: a compiled fast path, jsonschema for the errors.

Every resolve and every compatibility comparison checks schemas against the draft-07
meta-schema. A fastjsonschema-compiled check answers the common case (valid) in a fraction
of jsonschema's time; only an invalid schema pays for jsonschema, which locates the error.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _compiled_draft7() -> Any:
    import fastjsonschema
    from jsonschema import Draft7Validator

    return fastjsonschema.compile(Draft7Validator.META_SCHEMA, use_default=False)


def draft7_error(schema: Any) -> Any | None:
    """The best jsonschema error of ``schema`` against draft-07, or None when it is valid."""
    import fastjsonschema

    try:
        _compiled_draft7()(schema)
        return None
    except fastjsonschema.JsonSchemaException:
        pass
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import best_match

    return best_match(Draft7Validator(Draft7Validator.META_SCHEMA).iter_errors(schema))
