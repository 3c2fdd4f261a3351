"""Identifiers the stitch job reads must be declared in the registry, and in the envelope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem


def identifiers_declared(ctx: LintContext) -> Iterator[Problem]:
    identifiers = ctx.data.get("identifiers")
    if not isinstance(identifiers, list):
        return
    declared = [ident.name for ident in ctx.config.identifiers]
    for index, name in enumerate(identifiers):
        if not isinstance(name, str) or ctx.config.identifier(name) is None:
            yield Problem(
                ("identifiers", index),
                f"identifier {name!r} is not declared in registry.yaml ({', '.join(declared)})",
            )


def identifiers_unique(ctx: LintContext) -> Iterator[Problem]:
    identifiers = ctx.data.get("identifiers")
    if not isinstance(identifiers, list):
        return
    seen: set[str] = set()
    for index, name in enumerate(identifiers):
        if isinstance(name, str) and name in seen:
            yield Problem(("identifiers", index), f"identifier {name!r} is listed twice")
        seen.add(str(name))


def identifier_path_in_envelope(ctx: LintContext) -> Iterator[Problem]:
    """registry.yaml: each identifier's ``path`` names a field the envelope declares. Samples,
    the stitch and row filters read it there; under ``additionalProperties: false`` a path the
    envelope does not declare can never hold a value."""
    identifiers, envelope = ctx.data.get("identifiers"), ctx.data.get("envelope")
    if not isinstance(identifiers, dict) or not isinstance(envelope, dict):
        return
    for name, spec in identifiers.items():
        path = spec.get("path") if isinstance(spec, dict) else None
        if isinstance(path, str) and not _declared(envelope, path):
            where = ".properties.".join(path.split("."))
            yield Problem(
                ("identifiers", name, "path"),
                f"identifier {name}: the envelope declares no {path}; declare it under "
                f"envelope.properties.{where} (with a type and pattern), or fix the path",
            )


def _declared(envelope: dict[str, Any], dotted: str) -> bool:
    """``context.device.ua_hash`` is a declared property, or sits in a declared map (an
    ``additionalProperties`` schema such as ``context.ids``)."""
    schema: Any = envelope
    for part in dotted.split("."):
        if not isinstance(schema, dict):
            return False
        properties, extra = schema.get("properties"), schema.get("additionalProperties")
        if isinstance(properties, dict) and part in properties:
            schema = properties[part]
        elif isinstance(extra, dict):
            schema = extra
        else:
            return False
    return True
