"""Which keywords some JSON Schema draft defines (issue #13 item 1).

The specifications say a keyword no draft defines is an annotation: validators ignore it.
Real schemas carry such keywords (a ``self`` block naming vendor, name and version), so the
engine reads them as annotations and reports each once as information; with
``--strict-keywords`` they make the verdict ``unknown``, as every keyword the engine does not
handle did before. A keyword that some draft *does* define but the engine does not handle
(``unevaluatedProperties``, say) is always ``unknown``: ignoring it could call a break
compatible.
"""

from __future__ import annotations

from functools import cache

#: Core and annotation keywords of drafts 04 to 2020-12 that validators do not list.
_CORE = frozenset(
    [
        "$schema", "$id", "id", "$ref", "$defs", "definitions", "$comment", "$anchor",
        "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary",
        "title", "description", "default", "examples", "readOnly", "writeOnly", "deprecated",
        "contentSchema", "format", "contentEncoding", "contentMediaType", "then", "else",
        "minContains", "maxContains",
    ]
)  # fmt: skip


@cache
def defined_keywords() -> frozenset[str]:
    """Every keyword a draft from 04 to 2020-12 defines."""
    from jsonschema import (
        Draft4Validator,
        Draft6Validator,
        Draft7Validator,
        Draft201909Validator,
        Draft202012Validator,
    )

    drafts = (
        Draft4Validator,
        Draft6Validator,
        Draft7Validator,
        Draft201909Validator,
        Draft202012Validator,
    )
    return _CORE.union(*(frozenset(d.VALIDATORS) for d in drafts))


def is_annotation(keyword: str) -> bool:
    """True for a keyword no draft defines (so every validator ignores it)."""
    return keyword not in defined_keywords()
