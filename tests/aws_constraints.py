"""Validate AWS API requests against botocore's bundled service models, completely.

botocore's ``ParamValidator`` checks required members, types and minimum lengths, but skips
``enum``, ``max`` and ``pattern`` (the service enforces those). :func:`request_problems` runs
the ParamValidator and then walks the shape tree itself for every constraint it skipped.

The models' patterns are Java regexes: ``\\p{L}`` classes (the ``regex`` package supports
them) and UTF-16 surrogate-pair ranges (``\\uD800\\uDC00-\\uDBFF\\uDFFF``, i.e. every code point
above the BMP), which Python spells ``\\U00010000-\\U0010FFFF``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import botocore.session
import regex
from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.validate import ParamValidator

SURROGATE_RANGE = "\\uD800\\uDC00-\\uDBFF\\uDFFF"
ASTRAL_RANGE = "\\U00010000-\\U0010FFFF"


@cache
def service_model(service: str) -> Any:
    return botocore.session.get_session().get_service_model(service)


@cache
def compiled(pattern: str) -> Any:
    return regex.compile(pattern.replace(SURROGATE_RANGE, ASTRAL_RANGE))


def request_problems(service: str, operation: str, params: dict[str, Any]) -> list[str]:
    """Every way ``params`` violates the operation's input shape; empty when valid."""
    shape = service_model(service).operation_model(operation).input_shape
    report = ParamValidator().validate(params, shape)
    problems = [report.generate_report()] if report.has_errors() else []
    return problems + constraint_problems(shape, params, operation)


def constraint_problems(shape: Shape, value: Any, path: str) -> list[str]:
    """enum, min/max and pattern violations anywhere under ``value``."""
    problems = [f"{path}: {p}" for p in _own_problems(shape, value)]
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        for name, member in value.items():
            if name in shape.members:
                problems += constraint_problems(shape.members[name], member, f"{path}.{name}")
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for index, item in enumerate(value):
            problems += constraint_problems(shape.member, item, f"{path}[{index}]")
    elif isinstance(shape, MapShape) and isinstance(value, dict):
        for key, item in value.items():
            problems += constraint_problems(shape.key, key, f"{path}.<key {key}>")
            problems += constraint_problems(shape.value, item, f"{path}.{key}")
    return problems


def _own_problems(shape: Shape, value: Any) -> list[str]:
    meta = shape.metadata
    problems = []
    enum = shape.enum if shape.type_name == "string" else []
    if enum and value not in enum:
        problems.append(f"{value!r} not in enum {enum}")
    size = _size(shape, value)
    if size is not None and "min" in meta and size < meta["min"]:
        problems.append(f"{size} below min {meta['min']}")
    if size is not None and "max" in meta and size > meta["max"]:
        problems.append(f"{size} above max {meta['max']}")
    pattern = meta.get("pattern")
    if pattern and isinstance(value, str) and not compiled(pattern).fullmatch(value):
        problems.append(f"{value!r} does not match {pattern!r}")
    return problems


def _size(shape: Shape, value: Any) -> int | float | None:
    if shape.type_name in ("string", "list", "map", "blob") and hasattr(value, "__len__"):
        return len(value)
    if shape.type_name in ("integer", "long", "float", "double") and isinstance(value, int | float):
        return value
    return None
