"""The typed fast path of ``is_valid``: straight-line checks that mypyc compiles to C.

``_fast(x0: object) -> bool`` accepts only instances it can prove valid and returns False
for anything else, so ``is_valid`` is ``_fast(x0) or <the full check>``: a valid event costs
the fast path alone; an invalid one (or a valid one outside the fast path's reach, such as a
leap second or an integer written ``2.0``) also runs the full check, which decides.

Only schemas built from the keywords below get a fast path; any other keyword anywhere makes
:func:`fast_function` return None and ``is_valid`` is the full check alone. Supported:
``type`` (one type, or one type and ``null``); objects with ``properties``, ``required`` and
``additionalProperties`` (false, true or a schema); strings with ``pattern``, ``format``,
``minLength``, ``maxLength``, ``enum`` and ``const``; integers and numbers with the four
bounds (integers also ``enum`` and ``const``); booleans; null; arrays with one ``items``
schema, ``minItems`` and ``maxItems``.

The code is written for mypyc: every fetched value is declared ``object`` and narrowed with
``isinstance``, module constants are ``Final``. The regex-checked strings of required
(chains of) properties are checked at the end: fixed shapes by translation (``shapes``);
the rest, when the module runs compiled (``_NATIVE``), by functions over character codes
(``charformats``, ``charprog``), and when it runs as source, by one fused match (see
``fusion``): one ``re`` call per event instead of one per string. Interpreted by CPython the
same code is also faster than the full check alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lakecontracts.regex.examples import shortest_witness
from lakecontracts.validator import charprog, fusion, grammar
from lakecontracts.validator.builder import ModuleBuilder, fullmatch_body
from lakecontracts.validator.code import Block
from lakecontracts.validator.formats import FORMATS, FUSABLE_FORMATS
from lakecontracts.validator.keywords import VALIDATING, is_trivial
from lakecontracts.validator.shapes import Shape, fixed_shape, group_shapes

FAST_NAME = "_fast"

#: Formats the fast path checks by a narrower regex than the format's own (a valid value the
#: narrower one refuses goes to the full check). Lower-case UUIDs only, the form RFC 4122
#: writes: their hex digits then share a class with SHA-256 digests, so both go in one
#: translation group (see ``shapes``) instead of two.
FAST_FORMATS = {"uuid": grammar.UUID_LOWER}

#: Regex pieces decided by a function over character codes (``charformats``) instead.
_CHAR_FORMATS = {grammar.DATE: "_fast_date", grammar.DATE_TIME: "_fast_date_time"}


class Unsupported(Exception):
    """A keyword or value shape the fast path does not handle: no fast path for this schema."""


@dataclass
class FastPath:
    """The function being emitted: its body, fresh names and the strings fused at the end."""

    module: ModuleBuilder
    body: Block = field(default_factory=Block)
    fused: list[tuple[str, str]] = field(default_factory=list)  # (str variable, regex piece)
    count: int = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def missing(self) -> str:
        return self.module.constant("object()")


def fast_function(module: ModuleBuilder, schema: Any) -> str | None:
    """The source of ``_fast`` for ``schema``, or None when a keyword is outside its reach."""
    fast = FastPath(module)
    try:
        emit_value(fast, fast.body, schema, "x0", fusable=True)
    except Unsupported:
        return None
    _deferred_checks(fast)
    lines = [f"def {FAST_NAME}(x0: object) -> bool:"]
    fast.body.render(1, lines)
    return "\n".join(lines) + "\n"


def _deferred_checks(fast: FastPath) -> None:
    """Emit the deferred string checks and the final ``return``.

    Fixed shapes go through one translation per group either way. The rest differ with how
    the module runs: compiled by mypyc, character-code functions (a few instructions per
    character) decide what they can; interpreted, those loops would be slow, and one fused
    regex decides all of them in one ``re`` call.
    """
    shaped: list[tuple[str, Shape]] = []
    pieces: list[tuple[str, str]] = []  # (variable, piece): the fused regex, interpreted
    for variable, piece in fast.fused:
        shape = fixed_shape(piece)
        if shape is None:
            pieces.append((variable, piece))
        else:
            shaped.append((variable, shape))
    for group in group_shapes(shaped):
        table = fast.module.constant(repr(group.table()))
        template = fast.module.constant(repr(group.template()))
        joined = _joined([variable for variable, _ in group.members])
        if len(group.members) > 1:
            text = fast.name("s")
            fast.body.line(f"{text} = {joined}")
            joined = text
        # Non-ASCII characters are dropped: the text gets shorter than the template.
        translated = f"{joined}.encode('ascii', 'ignore').translate({table})"
        _fail_if(fast.body, f"{translated} != {template}")
    checks = {variable: _char_check(fast.module, piece) for variable, piece in pieces}
    if any(checks.values()):  # compiled: by character codes, and the regex for the rest
        fast.body.line(f"if {fast.module.helper('_NATIVE')}:")
        native = fast.body.block()
        for variable, check in checks.items():
            if check is not None:
                _fail_if(native, f"not {check}({variable})")
        rest = [(variable, piece) for variable, piece in pieces if checks[variable] is None]
        native.line(f"return {_fused_match(fast, rest)}")
    fast.body.line(f"return {_fused_match(fast, pieces)}")


def _fused_match(fast: FastPath, pieces: list[tuple[str, str]]) -> str:
    """An expression: every value matches its piece (one fused ``re`` call), or True."""
    if not pieces:
        return "True"
    matcher = fusion.fused_matcher(fast.module, [piece for _, piece in pieces], atomic=True)
    return f"{matcher}({_joined([variable for variable, _ in pieces])}) is not None"


def _char_check(module: ModuleBuilder, piece: str) -> str | None:
    """The name of a function deciding the full match of ``piece`` by character codes."""
    if piece in _CHAR_FORMATS:
        return module.helper(_CHAR_FORMATS[piece])
    items = charprog.program(piece)
    if items is None:
        return None
    return module.generated_helper(piece, "_p", lambda name: charprog.render(name, items))


def _joined(variables: list[str]) -> str:
    """An f-string joining the variables with the separator (or the one variable)."""
    if len(variables) == 1:
        return variables[0]
    text = fusion.SEPARATOR.join("{" + variable + "}" for variable in variables)
    return f"f{text!r}"


def emit_value(fast: FastPath, block: Block, schema: Any, var: str, fusable: bool) -> None:
    """Checks of ``schema`` for the present value in ``var``; ``fusable``: may defer regexes."""
    if schema is True:
        return
    if not isinstance(schema, dict):
        raise Unsupported("false or a non-object schema")
    used = VALIDATING.intersection(schema)
    if not used:
        return
    base, nullable = _base_type(schema.get("type"))
    nullable = nullable and _null_allowed(schema)
    allowed = _ALLOWED[base]
    if not used - {"type"} <= allowed:
        raise Unsupported(f"{sorted(used - {'type'} - allowed)} on {base}")
    if nullable:
        block.line(f"if {var} is not None:")
        _HANDLERS[base](fast, block.block(), schema, var, False)
        return
    _HANDLERS[base](fast, block, schema, var, fusable)


def _base_type(declared: Any) -> tuple[str, bool]:
    """(the one non-null type, whether null is also allowed)."""
    kinds = declared if isinstance(declared, list) else [declared]
    if not all(isinstance(kind, str) for kind in kinds) or len(set(kinds)) != len(kinds):
        raise Unsupported("type")
    rest = [kind for kind in kinds if kind != "null"]
    if len(rest) > 1 or (rest and rest[0] not in _HANDLERS) or not kinds:
        raise Unsupported("type")
    return (rest[0] if rest else "null"), bool(rest) and "null" in kinds


def _null_passes_type(schema: Any) -> bool:
    """Whether ``schema``'s type check (if any) lets None through."""
    if is_trivial(schema) or not isinstance(schema, dict):
        return True
    declared = schema.get("type")
    return declared == "null" or (isinstance(declared, list) and "null" in declared)


def _null_allowed(schema: dict[str, Any]) -> bool:
    """Whether null passes ``enum`` and ``const`` too (the type already allows it)."""
    enum = schema.get("enum", [None])
    in_enum = isinstance(enum, list) and any(value is None for value in enum)
    return in_enum and schema.get("const") is None


def _fail_if(block: Block, condition: str) -> None:
    block.line(f"if {condition}:")
    block.block().line("return False")


# -- objects --------------------------------------------------------------------------------------


def _object(fast: FastPath, block: Block, schema: dict[str, Any], var: str, fusable: bool) -> None:
    _fail_if(block, f"not isinstance({var}, dict)")
    declared = schema.get("properties", {})
    required = schema.get("required", [])
    additional = schema.get("additionalProperties", True)
    if not isinstance(declared, dict) or not isinstance(required, list):
        raise Unsupported("properties or required")
    names = list(dict.fromkeys(required))
    if not all(isinstance(name, str) for name in names):
        raise Unsupported("required")
    counter = fast.name("n") if any(name not in names for name in declared) else None
    if counter is not None:
        block.line(f"{counter} = 0")
    for name, subschema in declared.items():
        _property(fast, block, var, name, subschema, name in names, counter, fusable)
    for name in names:
        if name not in declared:
            if additional is False:
                raise Unsupported("a required name no property declares, with no others allowed")
            _fail_if(block, f"{name!r} not in {var}")
    _additional(fast, block, var, declared, additional, len(names), counter)


def _property(
    fast: FastPath,
    block: Block,
    var: str,
    name: str,
    schema: Any,
    required: bool,
    counter: str | None,
    fusable: bool,
) -> None:
    child = fast.name("x")
    if required and not _null_passes_type(schema):  # a missing value reads as None: refused
        block.line(f"{child}: object = {var}.get({name!r})")
    else:
        block.line(f"{child}: object = {var}.get({name!r}, {fast.missing()})")
    if fusable and _fused_string(fast, block, schema, child, required, counter):
        return
    if required:
        if _null_passes_type(schema):  # otherwise the type check refuses the missing marker
            _fail_if(block, f"{child} is {fast.missing()}")
        emit_value(fast, block, schema, child, fusable)
        return
    block.line(f"if {child} is not {fast.missing()}:")
    present = block.block()
    present.line(f"{counter} += 1")
    emit_value(fast, present, schema, child, False)


def _additional(
    fast: FastPath,
    block: Block,
    var: str,
    declared: dict[str, Any],
    additional: Any,
    required: int,
    counter: str | None,
) -> None:
    if additional is False:
        total = f"{required} + {counter}" if counter else str(required)
        _fail_if(block, f"len({var}) != {total}")
        return
    if is_trivial(additional):
        return
    if not isinstance(additional, dict):
        raise Unsupported("additionalProperties")
    value = fast.name("x")
    if not declared:
        block.line(f"for {value} in {var}.values():")
        emit_value(fast, block.block(), additional, value, False)
        return
    key = fast.name("k")
    names = fast.module.constant(f"frozenset({sorted(declared)!r})")
    block.line(f"for {key}, {value} in {var}.items():")
    loop = block.block()
    loop.line(f"if {key} not in {names}:")
    emit_value(fast, loop.block(), additional, value, False)


# -- strings --------------------------------------------------------------------------------------


def _fused_string(
    fast: FastPath, block: Block, schema: Any, var: str, required: bool, counter: str | None
) -> bool:
    """A property holding a string with one regex piece: deferred to the fused match.

    A missing optional property or a null reads as a witness the piece accepts.
    """
    if not isinstance(schema, dict) or not VALIDATING.intersection(schema) <= _STRING_KEYWORDS:
        return False
    try:
        base, nullable = _base_type(schema.get("type"))
    except Unsupported:
        return False
    pieces = _pieces(schema)
    if base != "string" or len(pieces) != 1:
        return False
    nullable = nullable and _null_allowed(schema)
    (piece,) = pieces
    witness = shortest_witness(piece)
    if witness is None and (nullable or not required):
        return False
    text = fast.name("t")
    branches: list[tuple[str, list[str]]] = []
    if not required:
        branches.append((f"{var} is {fast.missing()}", [f"{text} = {witness!r}"]))
    counted = [f"{counter} += 1"] if counter is not None and not required else []
    if nullable:
        branches.append((f"{var} is None", [f"{text} = {witness!r}", *counted]))
    branches.append((f"isinstance({var}, str)", [f"{text} = {var}", *counted]))
    for position, (condition, lines) in enumerate(branches):
        block.line(f"{'el' if position else ''}if {condition}:")
        body = block.block()
        for line in lines:
            body.line(line)
    _string_checks(fast, body, schema, text, with_regex=False)
    block.line("else:")
    block.block().line("return False")
    fast.fused.append((text, piece))
    return True


def _string(fast: FastPath, block: Block, schema: dict[str, Any], var: str, fusable: bool) -> None:
    _fail_if(block, f"not isinstance({var}, str)")
    _string_checks(fast, block, schema, var, with_regex=True)


def _string_checks(
    fast: FastPath, block: Block, schema: dict[str, Any], var: str, with_regex: bool
) -> None:
    _checks(block, fast, schema, var, _STRING_CHECKS)
    if with_regex:
        for condition in _regex_conditions(fast, schema, var):
            _fail_if(block, condition)


def _pieces(schema: dict[str, Any]) -> list[str]:
    """The fusable regexes that decide the string's format and pattern (every one or none)."""
    pieces = []
    if "format" in schema:
        form = schema["format"]
        if not isinstance(form, str):
            raise Unsupported("format")
        if form in FORMATS:
            body = FAST_FORMATS.get(form, FUSABLE_FORMATS.get(form))
            if body is None or not fusion.separator_safe(body):
                return []
            pieces.append(body)
    if "pattern" in schema:
        body = fusion.pattern_piece(schema["pattern"])
        if body is None or not fusion.separator_safe(body):
            return []
        pieces.append(body)
    return pieces


def _regex_conditions(fast: FastPath, schema: dict[str, Any], var: str) -> list[str]:
    """Failing conditions of the format and the pattern (by character codes where possible)."""
    conditions = []
    form = schema.get("format")
    if isinstance(form, str) and form in FORMATS:
        piece = FUSABLE_FORMATS.get(form)
        check = None if piece is None else _char_check(fast.module, piece)
        conditions.append(_either(fast, check, FORMATS[form](fast.module)))
    if "pattern" in schema:
        if not isinstance(schema["pattern"], str):
            raise Unsupported("pattern")
        body = fullmatch_body(schema["pattern"])
        check = None if body is None else _char_check(fast.module, body)
        regex = f"{fast.module.regex(schema['pattern'])}({{v}}) is None"
        conditions.append(_either(fast, check, regex))
    return [condition.format(v=var) for condition in conditions]


def _either(fast: FastPath, check: str | None, regex_fails: str) -> str:
    """A failing condition: by character codes when compiled, else by the regex."""
    if check is None:
        return regex_fails
    return f"(not {check}({{v}}) if {fast.module.helper('_NATIVE')} else {regex_fails})"


def _length(operator: str) -> Callable[[FastPath, Any, str], str]:
    def check(fast: FastPath, limit: Any, var: str) -> str:
        if type(limit) is not int or limit < 0:
            raise Unsupported("length")
        return f"len({var}) {operator} {limit}"

    return check


#: Enums up to this size are checked by comparisons (mypyc compiles ``in`` a literal tuple to
#: a chain of comparisons; strings reject on length first), larger ones by a frozenset.
_SMALL_ENUM = 8


def _enum(kind: type) -> Callable[[FastPath, Any, str], str]:
    """Only the members of ``kind`` can equal a value the type check let through (null is
    decided by ``_null_allowed``; bools are refused by the integer type check)."""

    def check(fast: FastPath, values: Any, var: str) -> str:
        found = {v for v in values if type(v) is kind} if isinstance(values, list) else set()
        members: list[Any] = sorted(found)  # str or int, one kind: ordered
        if not members:
            raise Unsupported("enum")
        if len(members) <= _SMALL_ENUM:  # compared in turn: no hash of a freshly parsed value
            return f"{var} not in {tuple(members)!r}"
        return f"{var} not in {fast.module.constant(f'frozenset({members!r})')}"

    return check


def _const(kind: type) -> Callable[[FastPath, Any, str], str]:
    def check(fast: FastPath, value: Any, var: str) -> str:
        if type(value) is not kind:
            raise Unsupported("const")
        return f"{var} != {value!r}"

    return check


_STRING_CHECKS: tuple[tuple[str, Callable[[FastPath, Any, str], str]], ...] = (
    ("const", _const(str)),
    ("enum", _enum(str)),
    ("minLength", _length("<")),
    ("maxLength", _length(">")),
)
_STRING_KEYWORDS = frozenset(
    {"type", "pattern", "format", "minLength", "maxLength", "enum", "const"}
)


# -- numbers, booleans, null, arrays ------------------------------------------------------------


def _bound(operator: str) -> Callable[[FastPath, Any, str], str]:
    def check(fast: FastPath, limit: Any, var: str) -> str:
        if type(limit) not in (int, float) or limit != limit:
            raise Unsupported("bound")
        return f"{var} {operator} {limit!r}"

    return check


_BOUNDS: tuple[tuple[str, Callable[[FastPath, Any, str], str]], ...] = (
    ("minimum", _bound("<")),
    ("maximum", _bound(">")),
    ("exclusiveMinimum", _bound("<=")),
    ("exclusiveMaximum", _bound(">=")),
)


def _checks(
    block: Block,
    fast: FastPath,
    schema: dict[str, Any],
    var: str,
    table: tuple[tuple[str, Callable[[FastPath, Any, str], str]], ...],
) -> None:
    for keyword, check in table:
        if keyword in schema:
            _fail_if(block, check(fast, schema[keyword], var))


def _integer(fast: FastPath, block: Block, schema: dict[str, Any], var: str, fusable: bool) -> None:
    # Only Python ints (not bools); an integral float such as 2.0 is left to the full check.
    _fail_if(block, f"not isinstance({var}, int) or isinstance({var}, bool)")
    _checks(block, fast, schema, var, _BOUNDS)
    _checks(block, fast, schema, var, (("enum", _enum(int)), ("const", _const(int))))


def _number(fast: FastPath, block: Block, schema: dict[str, Any], var: str, fusable: bool) -> None:
    _fail_if(block, f"not isinstance({var}, (int, float)) or isinstance({var}, bool)")
    _checks(block, fast, schema, var, _BOUNDS)


def _boolean(fast: FastPath, block: Block, schema: dict[str, Any], var: str, fusable: bool) -> None:
    _fail_if(block, f"not isinstance({var}, bool)")


def _null(fast: FastPath, block: Block, schema: dict[str, Any], var: str, fusable: bool) -> None:
    _fail_if(block, f"{var} is not None")


def _array(fast: FastPath, block: Block, schema: dict[str, Any], var: str, fusable: bool) -> None:
    _fail_if(block, f"not isinstance({var}, list)")
    for keyword, check in (("minItems", _length("<")), ("maxItems", _length(">"))):
        if keyword in schema:
            _fail_if(block, check(fast, schema[keyword], var))
    if "items" in schema:
        if not isinstance(schema["items"], dict | bool):
            raise Unsupported("items as a list")
        if not is_trivial(schema["items"]):
            item = fast.name("x")
            block.line(f"for {item} in {var}:")
            emit_value(fast, block.block(), schema["items"], item, False)
    if schema.get("uniqueItems") is True:
        _unique(block, schema.get("items"), var)


def _unique(block: Block, items: Any, var: str) -> None:
    """Items already checked to be strings, ints or null: a set compares them exactly."""
    kinds = items.get("type") if isinstance(items, dict) else None
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if not kinds or not set(kinds) <= {"string", "integer", "null"} or len(kinds) > 2:
        raise Unsupported("uniqueItems")
    if len(kinds) == 2 and "null" not in kinds:
        raise Unsupported("uniqueItems")
    _fail_if(block, f"len(set({var})) != len({var})")


Handler = Callable[[FastPath, Block, dict[str, Any], str, bool], None]

_HANDLERS: dict[str, Handler] = {
    "object": _object,
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "null": _null,
    "array": _array,
}

_ALLOWED: dict[str, frozenset[str]] = {
    "object": frozenset({"properties", "required", "additionalProperties"}),
    "string": _STRING_KEYWORDS - {"type"},
    "integer": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
    | {"enum", "const"},
    "number": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "boolean": frozenset(),
    "null": frozenset(),
    "array": frozenset({"items", "minItems", "maxItems", "uniqueItems"}),
}
