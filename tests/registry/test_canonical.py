"""RFC 8785 canonical JSON: ordering, escaping, numbers, refusals, strict parsing.

Expected bytes are written out literally (the number table was checked against node's
``JSON.stringify``); the property tests compare with the independent ``rfc8785`` package.
"""

from __future__ import annotations

import enum
import hashlib
import json
import math
import uuid
from collections import OrderedDict
from decimal import Decimal
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.errors import JsonInputError
from lakecontracts.registry import canonical
from lakecontracts.registry.canonical import canonical_bytes, parse_json_strict, sha256_hex

# --- objects: key order --------------------------------------------------------------------


def test_keys_sorted_and_no_whitespace() -> None:
    value = {"b": 1, "a": {"d": [], "c": {}}, "10": None, "2": True, "1": False}
    expected = b'{"1":false,"10":null,"2":true,"a":{"c":{},"d":[]},"b":1}'
    assert canonical_bytes(value) == expected
    assert canonical._exact_canonical(value) == expected


def test_keys_sorted_by_utf16_code_units_not_code_points() -> None:
    # U+1F600 is the surrogate pair D83D DE00 in UTF-16, which sorts before U+FB33; by code
    # point (Python's str order) it would sort after.
    value = {"\ufb33": "dalet", "\U0001f600": "smiley", "a": "ascii"}
    expected = '{"a":"ascii","\U0001f600":"smiley","\ufb33":"dalet"}'.encode()
    assert canonical_bytes(value) == expected
    assert canonical._exact_canonical(value) == expected


def test_astral_keys_without_high_bmp_keys_keep_code_point_order() -> None:
    value = {"\U0001f600": 1, "\u00e9": 2, "z": 3, "\U00010000": 4}
    assert canonical_bytes(value) == '{"z":3,"é":2,"𐀀":4,"😀":1}'.encode()


def test_ordered_dict_and_tuple_are_plain_json() -> None:
    value = OrderedDict([("b", (1, 2)), ("a", [])])
    assert canonical_bytes(value) == b'{"a":[],"b":[1,2]}'


# --- strings: escaping ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"', '"\\""'),
        ("\\", '"\\\\"'),
        ("\b\t\n\f\r", '"\\b\\t\\n\\f\\r"'),
        ("\x00\x01\x0b\x1f", '"\\u0000\\u0001\\u000b\\u001f"'),
        ("/", '"/"'),
        ("\x7f", '"\x7f"'),
        ("\u2028\u2029", '"\u2028\u2029"'),
        ("é€😀", '"é€😀"'),
        ("</script>", '"</script>"'),
        ("A\u030a", '"A\u030a"'),  # no Unicode normalization
    ],
)
def test_string_escapes(text: str, expected: str) -> None:
    assert canonical_bytes(text) == expected.encode("utf-8")
    assert canonical_bytes([text]) == f"[{expected}]".encode()


def _spec_escape(char: str) -> str:
    """RFC 8785 section 3.2.2.2, written from the text: the reference for the sweep below."""
    short = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
    short["\r"] = "\\r"
    if char in short:
        return short[char]
    if ord(char) < 0x20:
        return f"\\u{ord(char):04x}"
    return char


def test_escaping_matches_the_rfc_for_every_code_point() -> None:
    points = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 61)]
    wrong = [
        cp for cp in points if canonical._escape_string(chr(cp)) != f'"{_spec_escape(chr(cp))}"'
    ]
    assert wrong == []


def test_lone_surrogate_in_string_is_refused_with_path() -> None:
    with pytest.raises(
        JsonInputError, match=r"/items/1: the string holds a lone surrogate U\+D800"
    ):
        canonical_bytes({"items": ["ok", "bad\ud800"]})


def test_lone_surrogate_in_key_is_refused() -> None:
    with pytest.raises(JsonInputError, match=r"key .* lone surrogate U\+DC00"):
        canonical_bytes({"a": {"x\udc00": 1}})


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, "0"),
        (0.0, "0"),
        (-0.0, "0"),
        (-5, "-5"),
        (100, "100"),
        (123.0, "123"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (4.35, "4.35"),
        (1 / 3, "0.3333333333333333"),
        (333333333.33333329, "333333333.3333333"),
        (123456789012345.6, "123456789012345.6"),
        (2**53, "9007199254740992"),
        (-(2**53), "-9007199254740992"),
        (1e15, "1000000000000000"),
        (1e16, "10000000000000000"),
        (1e20, "100000000000000000000"),
        (1.2345678901234568e20, "123456789012345680000"),
        (9.999999999999999e20, "999999999999999900000"),
        (295147905179352830000.0, "295147905179352830000"),
        (1e21, "1e+21"),
        (1e30, "1e+30"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (0.002, "0.002"),
        (1e-5, "0.00001"),
        (1e-6, "0.000001"),
        (0.000001234, "0.000001234"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (2 / 3 * 1e-7, "6.666666666666665e-8"),
        (-1.5e-10, "-1.5e-10"),
        (1e-27, "1e-27"),
        (1.5e-323, "1.5e-323"),
        (5e-324, "5e-324"),
    ],
)
def test_number_spelling(number: float, expected: str) -> None:
    assert canonical_bytes(number) == expected.encode()
    assert canonical_bytes({"n": [number]}) == f'{{"n":[{expected}]}}'.encode()


def test_bool_is_not_a_number() -> None:
    assert canonical_bytes([True, 1, False, 0, None]) == b"[true,1,false,0,null]"


@pytest.mark.parametrize("number", [2**53 + 1, -(2**53) - 1, 10**20, 2**64])
def test_integers_beyond_2_pow_53_are_refused(number: int) -> None:
    with pytest.raises(JsonInputError, match=rf"/n: integer {number} is outside"):
        canonical_bytes({"n": number})


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_non_finite_floats_are_refused_with_path(number: float) -> None:
    with pytest.raises(JsonInputError, match=r"at /a/1/b: .* is not a JSON number"):
        canonical_bytes({"a": [0, {"b": number}]})


def test_int_and_str_enums_count_as_their_base_type() -> None:
    class Size(enum.IntEnum):
        LARGE = 3

    class Colour(enum.StrEnum):
        RED = "red"

    assert canonical_bytes({"s": Size.LARGE, "c": Colour.RED}) == b'{"c":"red","s":3}'


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [1, 1.5, True, None, ("a",)])
def test_non_string_keys_are_refused(key: Any) -> None:
    with pytest.raises(JsonInputError, match=r"at /outer: object key .* not str"):
        canonical_bytes({"outer": {key: "v"}})


class _PlainEnum(enum.Enum):
    A = "a"


@pytest.mark.parametrize(
    "value", [object(), {1, 2}, b"bytes", Decimal("1.5"), uuid.UUID(int=1), _PlainEnum.A]
)
def test_non_json_types_are_refused(value: Any) -> None:
    with pytest.raises(JsonInputError, match=r"at /x/0: a value of type \w+ is not a JSON value"):
        canonical_bytes({"x": [value]})


def test_path_escapes_slash_and_tilde_like_json_pointer() -> None:
    with pytest.raises(JsonInputError, match=r"at /a~1b/c~0d: "):
        canonical_bytes({"a/b": {"c~d": math.nan}})


def test_reference_cycle_is_refused() -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(JsonInputError, match="nested too deeply or contains itself"):
        canonical_bytes({"loop": loop})


# --- hashing -------------------------------------------------------------------------------


def test_sha256_hex_hashes_the_canonical_bytes() -> None:
    value = {"b": 1, "a": [1.0, "x", None]}
    expected = hashlib.sha256(b'{"a":[1,"x",null],"b":1}').hexdigest()
    assert sha256_hex(value) == expected
    assert sha256_hex({"a": [1, "x", None], "b": 1.0}) == expected  # same JSON value, same hash


# --- parse_json_strict ---------------------------------------------------------------------


def _refusal(text: str | bytes) -> JsonInputError:
    with pytest.raises(JsonInputError) as caught:
        parse_json_strict(text, "in.json")
    return caught.value


def test_parse_keeps_ints_and_floats_apart() -> None:
    value = parse_json_strict(b'{"i": 10, "f": 10.0, "e": 1E2, "s": "\\u00e9"}', "in.json")
    assert value == {"i": 10, "f": 10.0, "e": 100.0, "s": "é"}
    assert type(value["i"]) is int
    assert type(value["f"]) is float


def test_parse_accepts_a_byte_order_mark_and_underflow() -> None:
    assert parse_json_strict(b'\xef\xbb\xbf{"tiny": 1e-400}', "in.json") == {"tiny": 0.0}


def test_duplicate_key_is_refused_at_its_second_occurrence() -> None:
    error = _refusal('{\n  "a": 1,\n  "b": {"x": 1, "y": 2},\n  "a": 3\n}')
    assert error.location is not None
    assert (error.location.file, error.location.line, error.location.col) == ("in.json", 4, 3)
    assert 'duplicate object key "a" (first at line 2, column 3)' in error.message


def test_duplicate_key_spelled_with_an_escape_is_still_a_duplicate() -> None:
    error = _refusal('[{"k": 1}, {"ab": 1, "a\\u0062": 2}]')
    assert error.location is not None
    assert (error.location.line, error.location.col) == (1, 22)
    assert '"ab"' in error.message


def test_same_key_in_different_objects_is_fine() -> None:
    assert parse_json_strict('{"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}]}', "f") is not None


@pytest.mark.parametrize(
    ("text", "literal", "col"),
    [("[1, NaN]", "NaN", 5), ('{"a": Infinity}', "Infinity", 7), ("[-Infinity]", "-Infinity", 2)],
)
def test_nan_and_infinity_literals_are_refused(text: str, literal: str, col: int) -> None:
    error = _refusal(text)
    assert error.location is not None
    assert (error.location.line, error.location.col) == (1, col)
    assert error.message == f"{literal} is not a JSON number"


def test_nan_inside_a_string_is_just_text() -> None:
    assert parse_json_strict('["NaN", "Infinity"]', "f") == ["NaN", "Infinity"]


@pytest.mark.parametrize("number", ["1e400", "-1.5E+309"])
def test_numbers_beyond_double_range_are_refused(number: str) -> None:
    error = _refusal(f'{{"ok": 1.5,\n "big": {number}}}')
    assert error.location is not None
    assert (error.location.line, error.location.col) == (2, 9)
    assert error.message == f"number {number} is out of IEEE-754 double range"


def test_invalid_json_reports_the_decoders_position() -> None:
    error = _refusal('{"a": 1,\n "b": }')
    assert error.location is not None
    assert (error.location.line, error.location.col) == (2, 7)
    assert error.message.startswith("invalid JSON: Expecting value")


@pytest.mark.parametrize("text", ["", "[1] [2]", "{'a': 1}", '["tab\there"]'])
def test_other_invalid_json_is_refused(text: str) -> None:
    assert _refusal(text).message.startswith("invalid JSON: ")


def test_invalid_utf8_reports_line_and_character_column() -> None:
    error = _refusal(b'{"a":\n "\xc3\xa9\xff"}')
    assert error.location is not None
    assert (error.location.line, error.location.col) == (2, 4)
    assert error.message == "not valid UTF-8: byte 0xff cannot be decoded"


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ('["\\ud800"]', 3),
        ('["x\\udc00"]', 4),
        ('["\\ud800\\u0041"]', 3),
        ('["\\ud800", "\\udc00"]', 3),
        ('["\\ude00\\ud83d"]', 3),
        ('["ok\\ud83d\\ude00", "\\\\", "\\uD83D"]', 27),
    ],
)
def test_lone_surrogate_escapes_are_refused(text: str, col: int) -> None:
    error = _refusal(text)
    assert error.location is not None
    assert (error.location.line, error.location.col) == (1, col)
    assert "lone surrogate" in error.message


def test_surrogate_pairs_and_escaped_backslashes_are_fine() -> None:
    value = parse_json_strict('["\\ud83d\\ude00", "\\\\ud800", "\\\\\\ud83d\\ude00"]', "f")
    assert value == ["\U0001f600", "\\ud800", "\\\U0001f600"]


def test_raw_lone_surrogate_in_str_input_is_refused() -> None:
    error = _refusal('{"a":\n"x\ud800"}')
    assert error.location is not None
    assert (error.location.line, error.location.col) == (2, 3)


def test_integer_beyond_python_digit_limit_is_a_json_input_error() -> None:
    error = _refusal("[" + "9" * 5000 + "]")
    assert error.location is not None
    assert (error.location.line, error.location.col) == (1, 2)
    assert "too many digits" in error.message


def test_deep_nesting_is_a_json_input_error() -> None:
    assert "nested too deeply" in _refusal("[" * 100_000).message


@pytest.mark.parametrize(
    ("literal", "number"),
    [
        ("9007199254740992", 2**53),
        ("-9007199254740992", -(2**53)),
        ("9007199254740994", 9007199254740994.0),
        ("100000000000000000000", 1e20),
        ("123456789012345680000", 1.2345678901234568e20),
    ],
)
def test_integer_literals_that_spell_a_double_read_back_as_it(literal: str, number: float) -> None:
    value = parse_json_strict(f"[{literal}]", "f")
    assert value == [number]
    assert type(value[0]) is type(number)
    assert canonical_bytes(value) == f"[{literal}]".encode()


def test_integer_literal_equal_to_a_large_double_reads_as_it() -> None:
    value = parse_json_strict('{"n": 1000000000000000000000}', "f")
    assert value == {"n": 1e21}
    assert canonical_bytes(value) == b'{"n":1e+21}'


@pytest.mark.parametrize(
    ("literal", "becomes"),
    [
        ("9007199254740993", "9007199254740992"),
        ("-123456789012345678901", "-123456789012345680000"),
    ],
)
def test_integer_literals_without_a_double_of_their_own_are_refused(
    literal: str, becomes: str
) -> None:
    error = _refusal(f'{{"ok": 1000000000000000000000,\n  "id": {literal}}}')
    assert error.location is not None
    assert (error.location.line, error.location.col) == (2, 9)
    assert error.message == (
        f"integer {literal} is not exactly representable as an IEEE-754 double "
        f"(it would be read as {becomes})"
    )


def test_integer_literal_beyond_double_range_is_refused() -> None:
    error = _refusal("[1" + "0" * 400 + "]")
    shortened = "1" + "0" * 19 + "...(401 characters)"
    assert error.message == f"number {shortened} is out of IEEE-754 double range"


# --- properties against the rfc8785 package ------------------------------------------------

# Characters chosen to hit every escaping and ordering rule: controls, quote, backslash, ASCII,
# Latin-1, line separators, U+E000..U+FFFF (sorts after surrogate pairs in UTF-16) and astral.
_CHARS = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x7F),
    st.sampled_from('"\\/\x7f\u2028\u2029\ufb33\uffff\U0001f600\U00010000\U0010ffff'),
    st.characters(blacklist_categories=["Cs"]),
)
_TEXT = st.text(_CHARS, max_size=8)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    # rfc8785 refuses +-2**53 itself (we accept it: it is exact), so stay one inside.
    st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    _TEXT,
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_TEXT, inner, max_size=6),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(_JSON)
def test_matches_rfc8785_package(value: Any) -> None:
    expected = rfc8785.dumps(value)
    assert canonical_bytes(value) == expected
    assert canonical._exact_canonical(value) == expected


@settings(max_examples=200, deadline=None)
@given(_JSON)
def test_parsing_canonical_output_gives_it_back(value: Any) -> None:
    data = canonical_bytes(value)
    assert canonical_bytes(parse_json_strict(data, "f")) == data
    assert canonical_bytes(json.loads(json.dumps(value, indent=1))) == data


# --- the orjson fast path (only when orjson happens to be installed) ------------------------

needs_orjson = pytest.mark.skipif(
    canonical._orjson is None, reason="orjson is not installed, so the fast path is off"
)

_PAYLOAD = {
    "meta": {"event": "booking.leg_created", "v": 2, "ts": "2024-05-17T12:34:56.789Z"},
    "user_id": "u_1234567890",
    "payload": {"amount_minor": 12345, "price": 123.45, "tags": ["a", "b"], "promo": None},
}


@needs_orjson
def test_fast_path_is_taken_for_a_typical_payload() -> None:
    assert canonical._fast_canonical(_PAYLOAD) == canonical._exact_canonical(_PAYLOAD)


@needs_orjson
@pytest.mark.parametrize(
    "value",
    [
        {"f": 1.0},  # orjson writes 1.0
        {"f": 1e16},  # orjson writes 1e+16
        {"f": [math.nan]},  # orjson writes null
        {"u": uuid.UUID(int=1)},  # orjson writes a string
        {"i": 2**53},  # orjson refuses beyond 2**53 - 1; RFC 8785 allows this one
        {"\ufb33": 1, "\U0001f600": 2},  # orjson sorts by code point
        {"s": "\ud800"},
        {1: "int key"},
    ],
)
def test_fast_path_defers_where_orjson_is_not_exact(value: Any) -> None:
    assert canonical._fast_canonical(value) is None


@needs_orjson
def test_orjson_escapes_every_code_point_as_the_rfc_says() -> None:
    points = [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 61)]
    dumps = canonical._orjson.dumps
    wrong = [cp for cp in points if dumps(chr(cp)) != f'"{_spec_escape(chr(cp))}"'.encode()]
    assert wrong == []


@needs_orjson
@settings(max_examples=400, deadline=None)
@given(_JSON)
def test_fast_path_equals_exact_path(value: Any) -> None:
    fast = canonical._fast_canonical(value)
    assert fast is None or fast == canonical._exact_canonical(value)
