"""RFC 8785 (JSON Canonicalization Scheme) bytes and SHA-256 digests of JSON values.

A schema or payload hash must not depend on key order, whitespace or how a number happens to be
spelled, and it must be the same hash any other RFC 8785 implementation (Java, Go, JavaScript)
computes. RFC 8785 fixes one serialisation: objects sorted by the UTF-16 code units of their
keys, strings escaped exactly as ECMAScript's ``JSON.stringify`` does, numbers as IEEE-754
doubles written by ECMAScript's ``Number.prototype.toString``, no whitespace, UTF-8.

Values are what :func:`json.loads` produces: ``dict`` with ``str`` keys, ``list`` (``tuple`` is
accepted as an array too), ``str``, ``int``, ``float``, ``bool`` and ``None``. Subclasses (a
``str`` enum, an ``IntEnum``) count as their base type. Anything RFC 8785 cannot represent is
refused with :class:`~lakecontracts.errors.JsonInputError` naming the JSON path (RFC 6901):

* NaN and infinities (JSON has no such numbers);
* ``int`` values outside ``-2**53 .. 2**53``. JSON numbers are doubles; beyond 2**53 not every
  integer is a double, and rounding silently (9007199254740993 would hash as ...992) would make
  two different documents share a hash. We refuse the whole range rather than accept the few
  large integers that happen to be exact, so whether an ``int`` hashes never depends on its
  digits. Pass a ``float`` (``1e20``) when the double is what is meant; :func:`parse_json_strict`
  does so for large integer literals that lose nothing as a double;
* strings or keys holding a lone surrogate (no UTF-8 form), non-``str`` keys, other types.

Two implementations give the same bytes:

* ``_exact_canonical`` is plain Python (strings are escaped by the standard library's C
  ``encode_basestring``, whose rule is exactly RFC 8785's). It handles everything, is the only
  one that explains refusals, and is the reference the fast path is tested against.
* ``_fast_canonical`` is used when ``orjson`` happens to be installed (it is not a dependency).
  orjson alone is not exact: it writes NaN and infinities as ``null``, spells some floats
  differently from ECMAScript (``1.0``, ``1e+16``), serializes non-JSON types (UUID, datetime)
  and sorts keys by code point. So a quick walk first proves the value holds only plain JSON
  types and floats that orjson spells correctly, and the output is checked for the one key
  order case (characters above U+FFFF mixed with U+E000..U+FFFF) where the orders differ. Any
  doubt sends the value to the exact path. About 3x faster on typical payloads.

The standard library's C ``json`` encoder was measured as a fast path too and rejected: the
checks needed to make its output exact (it stringifies int keys, spells floats the Python way)
cost about what it saves. So was replacing the walk, for values ``orjson.loads`` returned, by a
search of orjson's output for float tokens (issue #18): one regular expression for
``":``/``,``/``[`` followed by a float took 10-13 us per 700-byte envelope (the alternation
defeats the engine's prefix scan), three separate literal-prefix searches about 2.5 us, the
walk 2.3 us.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from json.encoder import py_encode_basestring
from typing import Any

from lakecontracts.errors import JsonInputError, Location
from lakecontracts.pointers import to_pointer

#: Largest magnitude of an integer we accept: every integer up to it is an exact double.
MAX_EXACT_INT = 2**53

# Same shape as yamlsource.JsonPath; not imported so hashing at runtime needs no YAML module.
_JsonPath = tuple[str | int, ...]

# ``c_encode_basestring`` (``ensure_ascii=False``) escapes exactly ``"``, ``\`` and U+0000..U+001F,
# with \b \t \n \f \r short forms and lowercase ``\u00xx`` otherwise, which is RFC 8785's rule.
# The tests check this against every code point.
_escape_string: Callable[[str], str] = (
    getattr(json.encoder, "c_encode_basestring", None) or py_encode_basestring
)


def canonical_bytes(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value.

    Raises :class:`JsonInputError` (no file location; the message names the JSON path) when the
    value holds something RFC 8785 cannot represent.
    """
    fast = _fast_canonical(value)
    return fast if fast is not None else _exact_canonical(value)


def sha256_hex(value: Any) -> str:
    """Lowercase hex SHA-256 of :func:`canonical_bytes`: the content hash of a JSON value."""
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


# --- schemas: RFC 8785 extended to exact integers ---------------------------------------------

# Set only while a schema is canonicalized; read only when an integer is beyond 2**53, so the
# common path pays nothing for it.
_EXACT_BIG_INTS: ContextVar[bool] = ContextVar("exact_big_ints", default=False)


def schema_canonical_bytes(schema: Any) -> bytes:
    """Canonical bytes of a JSON Schema: RFC 8785, extended so integer bounds may be exact.

    A schema's numbers are exact values (``"maximum": 9223372036854775807`` bounds an int64), so
    they are not refused the way a payload's are. The rule, identical to RFC 8785 wherever RFC
    8785 has an answer:

    * every value RFC 8785 can represent is written exactly as :func:`canonical_bytes` writes it,
      so a schema without integers beyond 2**53 has its RFC 8785 bytes and hash;
    * an ``int`` beyond +-2**53 that is exactly an IEEE-754 double is written as RFC 8785
      writes that double (``2**63`` as ``9223372036854776000``), so equal numbers spelled as
      integer or float hash alike;
    * any other ``int`` is written as its exact decimal digits followed by ``.0``
      (``9223372036854775807.0``). RFC 8785 never writes ``.0``, so no such text is ever the
      text of a double, and two different numbers never share bytes.

    Raises :class:`JsonInputError` for everything else RFC 8785 refuses (NaN, lone surrogates).
    """
    token = _EXACT_BIG_INTS.set(True)
    try:
        return canonical_bytes(schema)
    finally:
        _EXACT_BIG_INTS.reset(token)


def schema_sha256_hex(schema: Any) -> str:
    """Lowercase hex SHA-256 of :func:`schema_canonical_bytes`: the schema hash."""
    return hashlib.sha256(schema_canonical_bytes(schema)).hexdigest()


# --- fast path: orjson, when installed, behind a walk that proves its output exact -----------

try:
    _orjson: Any = importlib.import_module("orjson")
    _ORJSON_OPTIONS = (
        _orjson.OPT_SORT_KEYS | _orjson.OPT_STRICT_INTEGER | _orjson.OPT_PASSTHROUGH_SUBCLASS
    )
except ImportError:  # orjson is optional; without it every value takes the exact path
    _orjson = None
    _ORJSON_OPTIONS = 0

# Types orjson writes exactly as RFC 8785 does once the walk has checked them. Subclasses are
# excluded (orjson would hand them to ``default``) and so is everything orjson would otherwise
# serialize on its own (UUID, datetime, Enum, dataclasses): the exact path refuses those.
_PLAIN_TYPES = frozenset({str, int, bool, type(None)})
_UTF8_ASTRAL_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")  # U+10000 and above
_UTF8_HIGH_BMP_LEADS = (b"\xee", b"\xef")  # U+E000..U+FFFF


class _NeedsExactPath(Exception):
    """Internal: the fast path cannot vouch for its output on this value."""


def _check_for_orjson(values: Any) -> None:
    """Raise :class:`_NeedsExactPath` unless orjson will write these values exactly.

    orjson gets almost everything right by itself: it refuses non-``str`` keys, lone
    surrogates and (with ``OPT_STRICT_INTEGER``) integers beyond 2**53 - 1, and escapes strings
    exactly as RFC 8785 does. What it gets wrong is only visible in the value: it writes NaN and
    infinities as ``null``, spells some floats differently from ECMAScript (``1.0``, ``1e+16``),
    and serializes types that are not JSON.
    """
    if _PLAIN_TYPES.issuperset(map(type, values)):
        return  # the common case, checked at C speed (stops at the first other type)
    for value in values:
        kind = type(value)
        if kind is dict:
            _check_for_orjson(value.values())
        elif kind is list or kind is tuple:
            _check_for_orjson(value)
        elif kind is float:
            if not math.isfinite(value) or _orjson.dumps(value) != _number_text(value).encode():
                raise _NeedsExactPath
        elif kind not in _PLAIN_TYPES:
            raise _NeedsExactPath


def _fast_canonical(value: Any) -> bytes | None:
    """Canonical bytes via orjson, or None when orjson is absent or the exact path must decide."""
    if _orjson is None:
        return None
    kind = type(value)
    try:
        if kind is dict:
            _check_for_orjson(value.values())
        elif kind is list:
            _check_for_orjson(value)
        else:
            return None  # scalars: nothing to gain
        data: bytes = _orjson.dumps(value, option=_ORJSON_OPTIONS)
    except (_NeedsExactPath, TypeError, RecursionError):  # orjson.JSONEncodeError is a TypeError
        return None
    if (
        not data.isascii()
        and any(lead in data for lead in _UTF8_ASTRAL_LEADS)
        and any(lead in data for lead in _UTF8_HIGH_BMP_LEADS)
    ):
        return None  # orjson sorts keys by code point; UTF-16 order may differ here
    return data


# --- exact path: plain Python, explains every refusal -----------------------------------------


class _Unrepresentable(Exception):
    """Internal: a value RFC 8785 cannot represent; the path is filled in while unwinding."""

    def __init__(self, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.hint = hint
        self.reversed_path: list[str | int] = []

    def to_error(self) -> JsonInputError:
        path = tuple(reversed(self.reversed_path))
        return JsonInputError(
            f"cannot canonicalize the value at {_describe_path(path)}: {self.problem}",
            hint=self.hint,
        )


def _exact_canonical(value: Any) -> bytes:
    try:
        text = _encode(value)
    except _Unrepresentable as problem:
        raise problem.to_error() from None
    except RecursionError:
        raise JsonInputError(
            "cannot canonicalize the value: it is nested too deeply or contains itself",
            hint="JSON values are trees of limited depth; check for a reference cycle",
        ) from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise _lone_surrogate_error(value) from None


def _encode(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _escape_string(value)
    if kind is dict:
        return _object_text(value)
    if kind is int:
        return _int_text(value)
    if kind is list or kind is tuple:
        return _array_text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is float:
        return _number_text(value)
    return _encode_subclass(value)


def _encode_subclass(value: Any) -> str:
    """Subclasses of the JSON types count as their base type (str enums, IntEnum, OrderedDict)."""
    if isinstance(value, str):
        return _escape_string(value)
    if isinstance(value, int):
        return _int_text(int(value))
    if isinstance(value, float):
        return _number_text(float(value))
    if isinstance(value, dict):
        return _object_text(value)
    if isinstance(value, list | tuple):
        return _array_text(value)
    raise _Unrepresentable(
        f"a value of type {type(value).__name__} is not a JSON value",
        "convert it to a dict, list, str, int, float, bool or None before hashing",
    )


def _object_text(obj: dict[Any, Any]) -> str:
    try:
        joined = "".join(obj)  # also proves every key is a str
    except TypeError:
        key = next(k for k in obj if not isinstance(k, str))
        raise _Unrepresentable(
            f"object key {key!r} has type {type(key).__name__}, not str",
            "JSON object keys are strings; convert the key with str() if that is meant",
        ) from None
    if joined.isascii() or len(joined.encode("utf-16-le", "surrogatepass")) == 2 * len(joined):
        keys = sorted(obj)  # no character above U+FFFF: code point order is UTF-16 order
    else:
        keys = sorted(obj, key=_utf16_order)
    parts: list[str] = []
    key = ""
    try:
        for key in keys:
            parts.append(f"{_escape_string(key)}:{_encode(obj[key])}")
    except _Unrepresentable as problem:
        problem.reversed_path.append(key)
        raise
    return "{" + ",".join(parts) + "}"


def _utf16_order(key: str) -> bytes:
    """Sort key comparing strings by UTF-16 code units, as RFC 8785 section 3.2.3 requires."""
    return key.encode("utf-16-be", "surrogatepass")


def _array_text(items: list[Any] | tuple[Any, ...]) -> str:
    parts: list[str] = []
    try:
        for item in items:
            parts.append(_encode(item))
    except _Unrepresentable as problem:
        problem.reversed_path.append(len(parts))  # the index of the item that failed
        raise
    return "[" + ",".join(parts) + "]"


def _int_text(number: int) -> str:
    if -MAX_EXACT_INT <= number <= MAX_EXACT_INT:
        return int.__repr__(number)
    if _EXACT_BIG_INTS.get():
        return _big_int_text(number)
    raise _Unrepresentable(
        f"integer {number} is outside -2**53..2**53, where every integer is an exact "
        "IEEE-754 double",
        "JSON numbers are doubles; send large identifiers as strings, or write the number as a "
        "float (e.g. 1e20) if the rounded double is really meant",
    )


def _big_int_text(number: int) -> str:
    """A schema's integer beyond 2**53 (see :func:`schema_canonical_bytes`)."""
    try:
        as_double = float(number)
    except OverflowError:  # beyond the largest double: certainly not one
        return int.__repr__(number) + ".0"
    if int(as_double) == number:
        return _number_text(as_double)
    return int.__repr__(number) + ".0"


def _number_text(number: float) -> str:
    """ECMAScript ``Number.prototype.toString`` of a finite double (RFC 8785 section 3.2.2.3).

    ``repr`` already gives the shortest digits that round-trip, which is what ECMAScript picks;
    only the layout differs: ECMAScript writes plain digits from 1e-7 up to 1e21, no ``.0`` on
    integral values, and ``e+21``/``e-7`` style exponents.
    """
    if not math.isfinite(number):
        raise _Unrepresentable(
            f"{number} is not a JSON number",
            "JSON has no NaN or Infinity; use null or a string for a missing or unbounded value",
        )
    if number == 0:
        return "0"  # also for -0.0, as ECMAScript does
    text = float.__repr__(number)
    if "e" not in text:  # repr is positional for 1e-4 <= |x| < 1e16: ECMAScript agrees
        return text[:-2] if text.endswith(".0") else text
    mantissa, _, exponent = text.partition("e")
    sign = "-" if mantissa.startswith("-") else ""
    digits = mantissa.lstrip("-").replace(".", "")
    count = len(digits)
    point = int(exponent) + 1  # the value is 0.<digits> * 10**point
    if count <= point <= 21:
        return sign + digits + "0" * (point - count)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    power = point - 1
    fraction = "." + digits[1:] if count > 1 else ""
    return f"{sign}{digits[0]}{fraction}e{'+' if power > 0 else '-'}{abs(power)}"


def _lone_surrogate_error(value: Any) -> JsonInputError:
    for path, text, is_key in _strings(value, ()):
        found = _SURROGATE_CHAR.search(text)
        if found:
            what = f"key {_quote(text)} of the object" if is_key else "string"
            return JsonInputError(
                f"cannot canonicalize the value at {_describe_path(path)}: the {what} holds a "
                f"lone surrogate U+{ord(found.group()):04X}, which has no UTF-8 form",
                hint="surrogates only occur in pairs in valid Unicode; fix the producer's text",
            )
    return JsonInputError("cannot canonicalize the value: it is not valid Unicode")


def _strings(value: Any, path: _JsonPath) -> Iterator[tuple[_JsonPath, str, bool]]:
    """Every string (key or value) below ``value`` as (path, text, is_key)."""
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, dict):
        for key, member in value.items():
            yield path, key, True
            yield from _strings(member, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _describe_path(path: _JsonPath) -> str:
    if not path:
        return "the top level"
    return to_pointer(path)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)


# --- strict parsing ----------------------------------------------------------------------------


class _Refusal(Exception):
    """Internal: a JSON decoder hook refused a token; located afterwards by re-scanning."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _is_not_a_number(token: str) -> bool:
    return token in ("NaN", "Infinity", "-Infinity")


def _overflows(token: str) -> bool:
    return math.isinf(float(token))


def _has_too_many_digits(token: str) -> bool:
    limit = sys.get_int_max_str_digits()
    return limit > 0 and len(token.lstrip("-")) > limit and token.lstrip("-").isdigit()


def _is_inexact_integer(token: str) -> bool:
    """An integer literal beyond 2**53 that reading as a double would silently change.

    Such a literal is accepted when it is the double's exact value (``1000000000000000000000``)
    or how RFC 8785 writes that double (``123456789012345680000`` for 1.2345678901234568e20),
    so canonical output always parses back to the same hash. Anything else, such as
    ``9007199254740993``, has no double of its own and is refused.
    """
    if not token.lstrip("-").isdigit() or _has_too_many_digits(token) or _overflows(token):
        return False
    number = int(token)
    if abs(number) <= MAX_EXACT_INT:
        return False
    double = float(number)
    return int(double) != number and _number_text(double) != token


def _refuse_constant(token: str) -> Any:
    raise _Refusal("constant")


def _checked_float(token: str) -> float:
    number = float(token)
    if math.isinf(number):
        raise _Refusal("overflow")
    return number


def _checked_int(token: str) -> int | float:
    number = int(token)  # a ValueError here means too many digits: see parse_json_strict
    if -MAX_EXACT_INT <= number <= MAX_EXACT_INT:
        return number
    if _overflows(token):
        raise _Refusal("overflow")
    if _is_inexact_integer(token):
        raise _Refusal("inexact-integer")
    return float(number)


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _Refusal("duplicate")
    return obj


_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_object,
    parse_float=_checked_float,
    parse_int=_checked_int,
    parse_constant=_refuse_constant,
)
#: For JSON Schemas compared by `contracts diff`: a bound such as int64's maximum is an exact
#: number there (issue #13 item 2), so integers stay Python ints of any size (within the
#: digit limit); everything else is refused as above.
_EXACT_INT_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_object,
    parse_float=_checked_float,
    parse_int=int,
    parse_constant=_refuse_constant,
)

# Tokens of (already mostly valid) JSON text, to find where a decoder hook refused something.
_TOKEN = re.compile(
    r'(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
    r"|(?P<word>-?[A-Za-z]+)"
    r"|(?P<punct>[{}\[\]:,])",
    re.DOTALL,
)


@dataclass(frozen=True)
class _TokenRule:
    """How to find and explain the token behind one kind of decoder refusal."""

    token_kind: str
    applies: Callable[[str], bool]
    message: Callable[[str], str]
    hint: str


_TOKEN_RULES = {
    "constant": _TokenRule(
        "word",
        _is_not_a_number,
        lambda token: f"{token} is not a JSON number",
        "JSON has no NaN or Infinity; use null or a string for such a value",
    ),
    "overflow": _TokenRule(
        "number",
        _overflows,
        lambda token: f"number {_shorten(token)} is out of IEEE-754 double range",
        "JSON numbers are doubles; the largest is about 1.8e308",
    ),
    "inexact-integer": _TokenRule(
        "number",
        _is_inexact_integer,
        lambda token: (
            f"integer {token} is not exactly representable as an IEEE-754 double "
            f"(it would be read as {_number_text(float(int(token)))})"
        ),
        "JSON numbers are doubles; write large identifiers as strings",
    ),
    "long-int": _TokenRule(
        "number",
        _has_too_many_digits,
        lambda token: f"integer {_shorten(token)} has too many digits",
        "JSON numbers are doubles; no integer this long can be represented",
    ),
}

_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_CHAR = re.compile("[\ud800-\udfff]")


def parse_json_strict(text: str | bytes, file: str, *, exact_integers: bool = False) -> Any:
    """Parse JSON text for canonicalization, refusing what would make its hash ambiguous.

    Beyond the JSON grammar this refuses duplicate object keys (parsers disagree on which one
    wins), ``NaN``/``Infinity`` literals, numbers beyond the double range, invalid UTF-8 and
    lone surrogates (``"\\ud800"``). Every refusal is a :class:`JsonInputError` located at
    ``file:line:col`` (columns count characters). A leading byte order mark is ignored.

    Floats parse as ``float`` and integers up to 2**53 as ``int``. A larger integer literal is
    read as a ``float`` when that loses nothing: it is the double's exact value, or how RFC 8785
    writes the double (so canonical output always parses back to the same hash). Others, such
    as ``9007199254740993``, are refused rather than silently rounded. With
    ``exact_integers`` every integer literal is read as an exact ``int`` instead (schemas for
    ``contracts diff``, whose bounds are exact numbers, not payloads to hash).
    """
    if isinstance(text, bytes):
        text = _decode_utf8(text, file)
    elif not text.isascii():
        found = _SURROGATE_CHAR.search(text)
        if found:
            raise _located(
                text,
                file,
                found.start(),
                f"lone surrogate U+{ord(found.group()):04X} in the text is not valid Unicode",
                "the text was decoded wrongly; read the file as UTF-8",
            )
    text = text.removeprefix("\ufeff")
    try:
        value = (_EXACT_INT_DECODER if exact_integers else _DECODER).decode(text)
    except _Refusal as refusal:
        raise _locate_refusal(refusal.kind, text, file) from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            f"invalid JSON: {exc.msg}",
            location=Location(file, exc.lineno, exc.colno),
            hint="check the JSON syntax at this place (quotes, commas, brackets)",
        ) from None
    except RecursionError:
        raise JsonInputError(
            "JSON is nested too deeply to parse",
            location=Location(file),
            hint="flatten the document",
        ) from None
    except ValueError:  # int() refused an integer literal beyond Python's digit limit
        raise _locate_refusal("long-int", text, file) from None
    if "\\" in text and _SURROGATE_ESCAPE.search(text):
        _check_surrogate_escapes(text, file)
    return value


def _decode_utf8(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8")) + 1
        raise JsonInputError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
            location=Location(file, line, col),
            hint="JSON text must be UTF-8; save the file as UTF-8",
        ) from None


def _located(text: str, file: str, offset: int, message: str, hint: str) -> JsonInputError:
    line = text.count("\n", 0, offset) + 1
    col = offset - text.rfind("\n", 0, offset)
    return JsonInputError(message, location=Location(file, line, col), hint=hint)


def _locate_refusal(kind: str, text: str, file: str) -> JsonInputError:
    """The first token in the text that explains the decoder's refusal, as a located error."""
    if kind == "duplicate":
        duplicate = _first_duplicate_key(text)
        if duplicate is None:  # the decoder and the scan read the same JSON; not expected
            return JsonInputError("duplicate object key", location=Location(file))
        key, first, again = duplicate
        line = text.count("\n", 0, first) + 1
        col = first - text.rfind("\n", 0, first)
        return _located(
            text,
            file,
            again,
            f"duplicate object key {_quote(key)} (first at line {line}, column {col})",
            "remove one of them: parsers disagree on which duplicate wins, so the document has "
            "no single meaning or hash",
        )
    rule = _TOKEN_RULES[kind]
    for match in _TOKEN.finditer(text):
        token = match.group()
        if match.lastgroup == rule.token_kind and rule.applies(token):
            return _located(text, file, match.start(), rule.message(token), rule.hint)
    return JsonInputError(f"JSON value refused ({kind})", location=Location(file))


def _first_duplicate_key(text: str) -> tuple[str, int, int] | None:
    """The first key repeated within one object: (key, first offset, repeated offset)."""
    frames: list[dict[str, int] | None] = []  # one per open container; None for arrays
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        kind = match.lastgroup
        if kind == "punct":
            if token == "{":
                frames.append({})
                expect_key = True
            elif token == "[":
                frames.append(None)
                expect_key = False
            elif token in "}]":
                if frames:
                    frames.pop()
                expect_key = False
            elif token == ",":
                expect_key = bool(frames) and frames[-1] is not None
            else:
                expect_key = False
        elif kind == "string" and expect_key and frames and (seen := frames[-1]) is not None:
            key = json.loads(token)
            if key in seen:
                return key, seen[key], match.start()
            seen[key] = match.start()
            expect_key = False
    return None


def _check_surrogate_escapes(text: str, file: str) -> None:
    """Refuse ``\\uD800``-style escapes that do not form a high-low surrogate pair."""
    pending: re.Match[str] | None = None  # a high surrogate escape waiting for its low half
    for match in _ESCAPE.finditer(text):
        code = int(match.group(1), 16) if match.group(1) else -1
        is_low = 0xDC00 <= code <= 0xDFFF
        if pending is not None:
            if is_low and pending.end() == match.start():
                pending = None
                continue
            break
        if 0xD800 <= code <= 0xDBFF:
            pending = match
        elif is_low:
            pending = match
            break
    if pending is not None:
        raise _located(
            text,
            file,
            pending.start(),
            f"escape {pending.group()} is a lone surrogate, not a character",
            "a \\uD800-\\uDBFF escape must be followed directly by a \\uDC00-\\uDFFF escape",
        )


def _shorten(token: str) -> str:
    return token if len(token) <= 24 else f"{token[:20]}...({len(token)} characters)"
