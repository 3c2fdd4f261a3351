"""One small emitter per draft-07 keyword, found through the ``KEYWORDS`` table.

An emitter writes the checks of its keyword for the value in ``var`` (a local name) at the
JSON pointer ``path``. It never decides how a failure is reported: ``Scope.fail_if`` returns
``False`` in ``is_valid`` and appends ``(path, message)`` in ``validate``. Emitters of
type-specific keywords run only where the value already has their type (see ``emit``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lakecontracts.validator import fusion
from lakecontracts.validator.builder import ALL_KINDS, Scope
from lakecontracts.validator.code import Block, Path
from lakecontracts.validator.formats import FORMATS

Emitter = Callable[[Scope, Block, dict[str, Any], str, Path, frozenset[str]], None]

OBJECT = frozenset({"dict"})
ARRAY = frozenset({"list"})
STRING = frozenset({"str"})
NUMBER = frozenset({"int", "float"})

#: JSON Schema type -> Python kinds; "integer" also needs the float check of ``_type_test``.
TYPE_KINDS = {
    "null": frozenset({"null"}),
    "boolean": frozenset({"bool"}),
    "string": STRING,
    "object": OBJECT,
    "array": ARRAY,
    "number": NUMBER,
    "integer": NUMBER,
}
KIND_TESTS = {
    "null": "{v} is None",
    "bool": "type({v}) is bool",
    "str": "type({v}) is str",
    "dict": "type({v}) is dict",
    "list": "type({v}) is list",
    "int": "type({v}) is int",
    "float": "type({v}) is float",
}
NEGATED_KIND_TESTS = {kind: test.replace(" is ", " is not ") for kind, test in KIND_TESTS.items()}


def kinds_test(kinds: frozenset[str], var: str) -> str:
    return " or ".join(KIND_TESTS[kind].format(v=var) for kind in sorted(kinds))


def _message(text: str) -> str:
    return repr(text)


# -- generic keywords ---------------------------------------------------------------------------


def _literal(value: Any) -> str:
    return repr(value)


def enum(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    values = schema["enum"]
    shown = ", ".join(repr(value) for value in values[:10]) + (", ..." if len(values) > 10 else "")
    message = _message(f"must be one of [{shown}]")
    module = scope.module
    if all(type(value) is str for value in values):
        names = module.constant(f"frozenset({_literal(sorted(set(values)))})")
        guard = "" if known <= STRING else f"type({var}) is not str or "
        scope.fail_if(block, f"{guard}{var} not in {names}", message, path)
        return
    freeze = module.helper("_freeze")
    frozen = module.constant(f"frozenset(map({freeze}, {_literal(values)}))")
    scope.fail_if(block, f"{freeze}({var}) not in {frozen}", message, path)


def const(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    value = schema["const"]
    message = _message(f"must be {value!r}")
    if type(value) is str:
        scope.fail_if(block, f"{var} != {value!r}", message, path)
    elif value is None or type(value) is bool:
        scope.fail_if(block, f"{var} is not {value!r}", message, path)
    elif type(value) in (int, float) and known <= NUMBER:
        scope.fail_if(block, f"{var} != {value!r}", message, path)
    else:
        freeze = scope.module.helper("_freeze")
        frozen = scope.module.constant(f"{freeze}({_literal(value)})")
        scope.fail_if(block, f"{freeze}({var}) != {frozen}", message, path)


def all_of(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    for subschema in schema["allOf"]:
        scope.emit(block, subschema, var, path, known)


def _calls(scope: Scope, schemas: list[Any], var: str) -> list[str]:
    return [f"{scope.module.function(subschema, False)}({var})" for subschema in schemas]


def any_of(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    calls = " or ".join(_calls(scope, schema["anyOf"], var))
    scope.fail_if(block, f"not ({calls})", _message("matches no schema of anyOf"), path)


def one_of(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    calls = " + ".join(_calls(scope, schema["oneOf"], var))
    message = _message("must match exactly one schema of oneOf")
    scope.fail_if(block, f"({calls}) != 1", message, path)


def not_(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    (call,) = _calls(scope, [schema["not"]], var)
    scope.fail_if(block, call, _message("must not match the 'not' schema"), path)


def if_then_else(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    if "then" not in schema and "else" not in schema:
        return
    (call,) = _calls(scope, [schema["if"]], var)
    block.line(f"if {call}:")
    scope.emit(block.block(), schema.get("then", True), var, path, known)
    if "else" in schema:
        block.line("else:")
        scope.emit(block.block(), schema["else"], var, path, known)


# -- object keywords ----------------------------------------------------------------------------


def required(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    names = list(dict.fromkeys(schema["required"]))
    if scope.errors or len(names) == 1:
        for name in names:
            message = _message(f"missing required property '{name}'")
            scope.fail_if(block, f"{name!r} not in {var}", message, path)
    elif _closed_over(schema, names):  # with the additionalProperties check: keys == names
        scope.fail_if(block, f"len({var}) != {len(names)}", "", path)
    elif names:
        keys = scope.module.constant(f"frozenset({_literal(sorted(names))})")
        scope.fail_if(block, f"not {var}.keys() >= {keys}", "", path)


def _closed_over(schema: dict[str, Any], names: list[str]) -> bool:
    """True when the object may hold exactly the required names (no other key is allowed)."""
    closed = schema.get("additionalProperties") is False and not schema.get("patternProperties")
    return closed and set(names) == set(schema.get("properties", {}))


def properties(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    present = set() if scope.errors else set(schema.get("required", ()))
    declared = schema.get("properties", {})
    fused = [] if scope.errors else fusion.fusable(declared, present, VALIDATING)
    if fused:
        fallback = _fused_check(scope, block, var, fused)
        for field in fused:
            _property(scope, fallback, var, path, field.name, declared[field.name], present)
    skip = {field.name for field in fused}
    for name, subschema in declared.items():
        if not is_trivial(subschema) and name not in skip:
            _property(scope, block, var, path, name, subschema, present)


def _property(
    scope: Scope, block: Block, var: str, path: Path, name: str, schema: Any, present: set[str]
) -> None:
    child = scope.var()
    if name in present:
        block.line(f"{child} = {var}[{name!r}]")
        target = block
    else:
        missing = scope.module.constant("object()")
        block.line(f"{child} = {var}.get({name!r}, {missing})")
        block.line(f"if {child} is not {missing}:")
        target = block.block()
    scope.deeper().emit(target, schema, child, path.key(name), ALL_KINDS)


def _fused_check(scope: Scope, block: Block, var: str, fused: list[fusion.Field]) -> Block:
    """Emit one match over the joined values; return the block run when it does not match."""
    module = scope.module
    matcher = fusion.fused_matcher(module, [field.piece for field in fused])
    flag, value = scope.var("f"), scope.var("w")
    values = []
    for field in fused:
        read = f"{var}[{field.name!r}]" if field.required else f"{var}.get({field.name!r})"
        if field.nullable:  # null (or missing, when optional) reads as the witness
            swap = module.constant(f"{{None: {field.witness!r}}}.get")
            values.append(f"{swap}({value} := {read}, {value})")
        elif field.required:
            values.append(read)
        else:
            values.append(f"{var}.get({field.name!r}, {field.witness!r})")
    block.line("try:")
    block.block().line(f"{flag} = {matcher}({fusion.SEPARATOR!r}.join(({', '.join(values)},)))")
    block.line("except TypeError:  # a value is not a string")
    block.block().line(f"{flag} = None")
    block.line(f"if {flag} is None:")
    return block.block()


def _unexpected(scope: Scope, key: str) -> str:
    return f'"unexpected property " + repr({key})' if scope.errors else ""


def member_loop(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    """patternProperties and additionalProperties: one pass over the members."""
    patterns = schema.get("patternProperties", {})
    additional = schema.get("additionalProperties", True)
    names = list(schema.get("properties", {}))
    module = scope.module
    # frozenset[str]() when empty: mypy (and so mypyc) needs the element type of an empty set.
    literal = f"frozenset({_literal(sorted(names))})" if names else "frozenset[str]()"
    declared = module.constant(literal)
    if additional is False and not patterns and not scope.errors:
        scope.fail_if(block, f"not {declared}.issuperset({var})", "", path)
        return
    key, child = scope.var("k"), scope.var()
    deeper = scope.deeper()
    body = Block()
    matchers = [module.regex(pattern) for pattern in patterns]
    for matcher, subschema in zip(matchers, patterns.values(), strict=True):
        if not is_trivial(subschema):
            body.line(f"if {matcher}({key}) is not None:")
            deeper.emit(body.block(), subschema, child, path.dynamic_key(key), ALL_KINDS)
    if not is_trivial(additional):
        unmatched = [f"{key} not in {declared}"] + [f"{m}({key}) is None" for m in matchers]
        body.line(f"if {' and '.join(unmatched)}:")
        if additional is False:
            scope.fail(body.block(), _unexpected(scope, key), path)
        else:
            deeper.emit(body.block(), additional, child, path.dynamic_key(key), ALL_KINDS)
    if body:
        block.line(f"for {key}, {child} in {var}.items():")
        block.add(body)


def property_names(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    key = scope.var("k")
    block.line(f"for {key} in {var}:")
    scope.deeper().emit(block.block(), schema["propertyNames"], key, path, STRING)


def min_properties(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    limit = schema["minProperties"]
    message = _message(f"must have at least {limit} properties")
    scope.fail_if(block, f"len({var}) < {limit!r}", message, path)


def max_properties(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    limit = schema["maxProperties"]
    message = _message(f"must have at most {limit} properties")
    scope.fail_if(block, f"len({var}) > {limit!r}", message, path)


def dependencies(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    for name, dependency in schema["dependencies"].items():
        if isinstance(dependency, list) and not dependency:
            continue
        block.line(f"if {name!r} in {var}:")
        inner = block.block()
        if isinstance(dependency, list):
            for needed in dict.fromkeys(dependency):
                message = _message(f"'{needed}' is required when '{name}' is present")
                scope.fail_if(inner, f"{needed!r} not in {var}", message, path)
        else:
            scope.emit(inner, dependency, var, path, known)


# -- array keywords -----------------------------------------------------------------------------


def items(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    declared = schema["items"]
    child = scope.var()
    deeper = scope.deeper()
    if not isinstance(declared, list):
        if is_trivial(declared):
            return
        index = scope.var("i")
        if scope.errors:
            block.line(f"for {index}, {child} in enumerate({var}):")
        else:
            block.line(f"for {child} in {var}:")
        deeper.emit(block.block(), declared, child, path.index(index), ALL_KINDS)
        return
    for position, subschema in enumerate(declared):
        if not is_trivial(subschema):
            block.line(f"if len({var}) > {position}:")
            inner = block.block()
            inner.line(f"{child} = {var}[{position}]")
            deeper.emit(inner, subschema, child, path.fixed_index(position), ALL_KINDS)
    _additional_items(scope, block, schema, var, path, len(declared))


def _additional_items(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, count: int
) -> None:
    additional = schema.get("additionalItems", True)
    if additional is False:
        message = _message(f"must have at most {count} items")
        scope.fail_if(block, f"len({var}) > {count}", message, path)
    elif not is_trivial(additional):
        index, child = scope.var("i"), scope.var()
        block.line(f"for {index} in range({count}, len({var})):")
        inner = block.block()
        inner.line(f"{child} = {var}[{index}]")
        scope.deeper().emit(inner, additional, child, path.index(index), ALL_KINDS)


def contains(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    check = scope.module.function(schema["contains"], False)
    child = scope.var()
    message = _message("contains no item matching 'contains'")
    scope.fail_if(block, f"not any({check}({child}) for {child} in {var})", message, path)


def min_items(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    limit = schema["minItems"]
    scope.fail_if(
        block, f"len({var}) < {limit!r}", _message(f"must have at least {limit} items"), path
    )


def max_items(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    limit = schema["maxItems"]
    scope.fail_if(
        block, f"len({var}) > {limit!r}", _message(f"must have at most {limit} items"), path
    )


def unique_items(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    if schema["uniqueItems"] is True:
        unique = scope.module.helper("_unique")
        scope.fail_if(block, f"not {unique}({var})", _message("items must be unique"), path)


# -- string keywords ----------------------------------------------------------------------------


def min_length(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    limit = schema["minLength"]
    message = _message(f"must be at least {limit} characters long")
    scope.fail_if(block, f"len({var}) < {limit!r}", message, path)


def max_length(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    limit = schema["maxLength"]
    message = _message(f"must be at most {limit} characters long")
    scope.fail_if(block, f"len({var}) > {limit!r}", message, path)


def pattern(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    matcher = scope.module.regex(schema["pattern"])
    text = f"must match pattern {schema['pattern']!r}"
    if matcher in scope.module.bounded:
        text += " (a value costing the matcher more than its step budget is refused)"
    message = _message(text)
    scope.fail_if(block, f"{matcher}({var}) is None", message, path)


def format_(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    emitter = FORMATS.get(schema["format"])
    if emitter is not None:  # unknown formats are annotations (draft-07)
        message = _message(f"is not a valid {schema['format']}")
        scope.fail_if(block, emitter(scope.module).format(v=var), message, path)


# -- number keywords ----------------------------------------------------------------------------


def _bound(keyword: str, operator: str, words: str) -> Emitter:
    def emit(
        scope: Scope,
        block: Block,
        schema: dict[str, Any],
        var: str,
        path: Path,
        known: frozenset[str],
    ) -> None:
        limit = schema[keyword]
        message = _message(f"must be {words} {limit!r}")
        scope.fail_if(block, f"{var} {operator} {limit!r}", message, path)

    return emit


def multiple_of(
    scope: Scope, block: Block, schema: dict[str, Any], var: str, path: Path, known: frozenset[str]
) -> None:
    divisor = schema["multipleOf"]
    message = _message(f"must be a multiple of {divisor!r}")
    if type(divisor) is float:
        helper = scope.module.helper("_multiple_of_float")
        scope.fail_if(block, f"not {helper}({var}, {divisor!r})", message, path)
    else:
        scope.fail_if(block, f"{var} % {divisor!r}", message, path)


#: (kinds the keywords apply to, or None for every value; trigger keywords; emitter)
KEYWORDS: tuple[tuple[frozenset[str] | None, tuple[str, ...], Emitter], ...] = (
    (STRING, ("minLength",), min_length),
    (STRING, ("maxLength",), max_length),
    (STRING, ("pattern",), pattern),
    (STRING, ("format",), format_),
    (NUMBER, ("minimum",), _bound("minimum", "<", ">=")),
    (NUMBER, ("maximum",), _bound("maximum", ">", "<=")),
    (NUMBER, ("exclusiveMinimum",), _bound("exclusiveMinimum", "<=", ">")),
    (NUMBER, ("exclusiveMaximum",), _bound("exclusiveMaximum", ">=", "<")),
    (NUMBER, ("multipleOf",), multiple_of),
    (OBJECT, ("required",), required),
    (OBJECT, ("additionalProperties", "patternProperties"), member_loop),
    (OBJECT, ("properties",), properties),
    (OBJECT, ("propertyNames",), property_names),
    (OBJECT, ("minProperties",), min_properties),
    (OBJECT, ("maxProperties",), max_properties),
    (OBJECT, ("dependencies",), dependencies),
    (ARRAY, ("minItems",), min_items),
    (ARRAY, ("maxItems",), max_items),
    (ARRAY, ("items",), items),
    (ARRAY, ("contains",), contains),
    (ARRAY, ("uniqueItems",), unique_items),
    (None, ("const",), const),
    (None, ("enum",), enum),
    (None, ("allOf",), all_of),
    (None, ("anyOf",), any_of),
    (None, ("oneOf",), one_of),
    (None, ("not",), not_),
    (None, ("if",), if_then_else),
)
VALIDATING = frozenset({"$ref", "type"}.union(*(keys for _, keys, _ in KEYWORDS)))


def is_trivial(schema: Any) -> bool:
    """True for a schema every value satisfies (``true``, ``{}``, annotations only)."""
    return schema is True or (isinstance(schema, dict) and not VALIDATING.intersection(schema))
