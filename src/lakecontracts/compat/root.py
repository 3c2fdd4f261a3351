"""One side of a comparison: the original schema, its draft-07 view, refs and validation."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from lakecontracts.compat.content import asserting
from lakecontracts.compat.guards import check_content_keywords, check_nesting, check_ref_cycles
from lakecontracts.compat.normalize import normalize
from lakecontracts.compat.patterns import PatternIndex, PatternIndexMemo, bad_patterns
from lakecontracts.compat.sameness import SameSchemaMemo
from lakecontracts.errors import SchemaResolutionError
from lakecontracts.localref import fragment_target
from lakecontracts.registry.metaschema import draft7_error

Schema = dict[str, Any] | bool

#: The largest schema file `contracts diff` reads (16 MiB): big generated schemas (a
#: 100,000-value enum is about 1.5 MB) fit, and a stray data file is refused before reading.
MAX_SCHEMA_BYTES = 16 * 1024 * 1024


#: How jsonschema fails on some instances of valid schemas (not bugs of the input's author).
_VALIDATOR_FAILURES = (RecursionError, ArithmeticError, ValueError)


class SchemaRoot:
    """A whole schema: resolves local ``$ref`` and validates instances with jsonschema."""

    def __init__(self, original: Any, label: str, *, draft7_checked: bool = False) -> None:
        """``draft7_checked``: the caller has already found ``original`` valid against the
        draft-07 meta-schema (a schema the registry resolved), so it is not checked twice."""
        if not isinstance(original, dict | bool):
            raise SchemaResolutionError(f"{label}: a JSON Schema must be an object or a boolean")
        check_nesting(original, label)
        check_content_keywords(original, label)
        self.original = original
        self.label = label
        self.validator_class: Any = _checked_class(original, label, draft7_checked)
        self.schema: Schema = normalize(original, label) if isinstance(original, dict) else original
        check_ref_cycles(self.schema, self.deref, label)
        self.same_memo = SameSchemaMemo()  # canonical texts of this schema's nodes
        self._pattern_memo = PatternIndexMemo()

    @cached_property
    def validator(self) -> Any:
        """The jsonschema reference validator for the original schema's own draft."""
        from jsonschema import FormatChecker

        return asserting(self.validator_class)(self.original, format_checker=FormatChecker())

    @cached_property
    def normalized_validator(self) -> Any:
        """A draft-07 validator over the normalized schema, for checking sub-schemas."""
        from jsonschema import Draft7Validator, FormatChecker

        return asserting(Draft7Validator)(self.schema, format_checker=FormatChecker())

    def pattern_index(self, patterns: Any) -> PatternIndex:
        """The index of one ``patternProperties`` object of this schema (built once)."""
        return self._pattern_memo.index(patterns)

    @cached_property
    def asserting_keywords(self) -> frozenset[str]:
        """The keywords the normalized validator acts on (others are annotations to it)."""
        return frozenset(self.normalized_validator.VALIDATORS)

    def judge(self, instance: Any) -> bool | None:
        """Whether the whole schema accepts ``instance``; None when the reference validator
        fails on it (jsonschema's ``multipleOf`` overflows on 1e308, a deep instance
        exhausts the stack): such an instance proves nothing either way."""
        from referencing.exceptions import Unresolvable

        try:
            return bool(self.validator.is_valid(instance))
        except (Unresolvable, *_VALIDATOR_FAILURES):  # a $ref only the instance reaches
            return None

    def sub_accepts(self, schema: Schema, instance: Any) -> bool:
        """Whether a sub-schema of this root (refs resolved against it) accepts ``instance``;
        False when that is not proven (the caller treats it as a rejection)."""
        return self.sub_acceptor(schema)(instance)

    def sub_acceptor(self, schema: Schema, failure: bool = False) -> Callable[[Any], bool]:
        """``sub_accepts`` for one sub-schema and many instances (the validator built once);
        ``failure`` is the answer when the validator cannot decide."""
        from jsonschema.exceptions import SchemaError
        from referencing.exceptions import Unresolvable

        validator = self.normalized_validator.evolve(schema=schema)

        def accepts(instance: Any) -> bool:
            try:
                return bool(validator.is_valid(instance))
            except (Unresolvable, SchemaError, *_VALIDATOR_FAILURES):
                return failure

        return accepts

    def deref(self, schema: Schema) -> Schema:
        """Follow ``$ref`` chains to the schema they name."""
        seen: set[str] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in seen:
                raise SchemaResolutionError(f"{self.label}: $ref cycle through {ref!r}")
            seen.add(ref)
            schema = self.resolve(ref)
        return schema

    @cached_property
    def anchors(self) -> dict[str, Schema]:
        """Plain-name fragments: draft-07 ``"$id": "#name"`` and 2019+ ``"$anchor": "name"``."""
        found: dict[str, Schema] = {}
        stack: list[Any] = [self.schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ident, anchor = node.get("$id"), node.get("$anchor")
                if isinstance(ident, str) and ident.startswith("#") and len(ident) > 1:
                    found.setdefault(ident[1:], node)
                if isinstance(anchor, str):
                    found.setdefault(anchor, node)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        return found

    def resolve(self, ref: str) -> Schema:
        fragment = ref[1:]
        if not fragment or fragment.startswith("/"):
            node = fragment_target(self.schema, fragment)
        else:
            node = self.anchors.get(fragment)
        if not isinstance(node, dict | bool):
            raise SchemaResolutionError(f"{self.label}: $ref {ref!r} does not resolve")
        return node


def _checked_class(original: Schema, label: str, draft7_checked: bool = False) -> Any:
    """The jsonschema class for the schema's ``$schema`` (draft-07 when absent, as in
    ``normalize``), after checking the schema against that draft's meta-schema."""
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import SchemaError
    from jsonschema.validators import validator_for

    if isinstance(original, dict) and not isinstance(original.get("$schema", ""), str):
        raise SchemaResolutionError(
            f"{label}: '$schema' must be a string (a meta-schema URI)",
            hint='use e.g. "http://json-schema.org/draft-07/schema#", or leave it out',
        )
    bad = next(bad_patterns(original), None)
    if bad is not None:
        raise SchemaResolutionError(
            f"{label}: {bad[1]!r} at {bad[0]} is not a regular expression the validator can use",
            hint="fix the pattern (JSON Schema patterns are ECMA-262 regular expressions)",
        )
    cls = validator_for(original if isinstance(original, dict) else {}, default=Draft7Validator)
    if cls is Draft7Validator and (draft7_checked or draft7_error(original) is None):
        return cls  # the compiled fast path; jsonschema only explains invalid schemas
    try:
        cls.check_schema(original)
    except SchemaError as exc:
        where = "#" + "".join(f"/{part}" for part in exc.absolute_path)
        raise SchemaResolutionError(
            f"{label}: not a valid JSON Schema at {where}: {exc.message}",
            hint=f"make it valid against the meta-schema {cls.META_SCHEMA['$schema']}",
        ) from None
    return cls
