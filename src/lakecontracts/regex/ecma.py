"""ECMA-262 regular expressions (what JSON Schema ``pattern`` means) as Python ``re`` patterns.

Python's ``re`` differs from ECMA-262 where it matters for data: ``$`` also matches before a
final newline, ``\\d``/``\\w`` match any Unicode digit or letter, ``\\s`` misses U+FEFF and
``.`` matches ``\\r``. The translation below rewrites those constructs so that a pattern means
the same in the generated validator as in any ECMA-262 engine.
"""

from __future__ import annotations

import re

from lakecontracts.errors import SchemaResolutionError

_WHITESPACE = (
    "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_DIGIT = "0-9"
_WORD = "A-Za-z0-9_"

#: Class escapes outside a character class.
_OUTSIDE = {
    "d": f"[{_DIGIT}]",
    "D": f"[^{_DIGIT}]",
    "w": f"[{_WORD}]",
    "W": f"[^{_WORD}]",
    "s": f"[{_WHITESPACE}]",
    "S": f"[^{_WHITESPACE}]",
}
#: Class escapes inside a character class (the negated ones keep Python's meaning).
_INSIDE = {"d": _DIGIT, "w": _WORD, "s": _WHITESPACE}
#: Outside a class: ECMA ``$`` is the end of input, ``.`` excludes every line terminator.
_SPECIAL = {"$": r"\Z", ".": "[^\\n\\r\\u2028\\u2029]"}


def to_python(pattern: str) -> str:
    """The Python ``re`` pattern with the ECMA-262 meaning of ``pattern``."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            piece, i = _escape(pattern, i, in_class)
            out.append(piece)
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif pattern.startswith("(?<", i) and pattern[i + 3 : i + 4] not in ("=", "!"):
            out.append("(?P<")  # ECMA named group
            i += 3
            continue
        else:
            out.append(_SPECIAL.get(char, char))
        i += 1
    return "".join(out)


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    letter = pattern[i + 1]
    table = _INSIDE if in_class else _OUTSIDE
    if letter in table:
        return table[letter], i + 2
    control = pattern[i + 2 : i + 3]
    if letter == "c" and control.isascii() and control.isalpha():
        return f"\\x{ord(control) % 32:02x}", i + 3
    if letter == "k" and pattern.startswith("<", i + 2) and ">" in pattern[i:]:
        end = pattern.index(">", i)
        return f"(?P={pattern[i + 3 : end]})", end + 1
    return pattern[i : i + 2], i + 2


def compile_check(pattern: str) -> str:
    """Translate ``pattern`` and make sure Python can compile it (typed error if not)."""
    translated = to_python(pattern)
    try:
        re.compile(translated)
    except re.error as exc:
        raise SchemaResolutionError(
            f"pattern {pattern!r} cannot be compiled: {exc}",
            hint="use the ECMA-262 subset that Python's re module also understands",
        ) from None
    return translated
