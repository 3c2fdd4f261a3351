"""Schema keywords: only draft-07 keywords and known annotations.

Draft-07 ignores unknown keywords, so a typo (``maxLenght``) or a stray key produced by a
comma inside a flow mapping (``{description: Paid for, from metadata.}``) silently drops a
constraint. We reject them.
"""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem
from lakecontracts.registry.json_types import declared_types
from lakecontracts.registry.keywords import DRAFT7_KEYWORDS


def schema_keyword_known(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        for key in schema:
            if key not in DRAFT7_KEYWORDS and not str(key).startswith("x-"):
                yield Problem(
                    (*path, key),
                    f"unknown schema keyword {key!r}: draft-07 would ignore it silently "
                    "(a typo, or a comma inside an unquoted flow-style value?)",
                    at_key=True,
                )


def nullable_enum_has_null(ctx: LintContext) -> Iterator[Problem]:
    for path, schema in ctx.schemas:
        values = schema.get("enum")
        if isinstance(values, list) and "null" in declared_types(schema) and None not in values:
            yield Problem(
                (*path, "enum"),
                "nullable field's enum does not list null, so null values are rejected; "
                "add null to the enum or drop 'null' from the type",
            )
