"""Target-proper escaping: every contract string that reaches a generated artifact passes here.

Contract text (descriptions, titles, examples, enum values, patterns) is data. Each function
turns it into a token of one target language that reads back as exactly that data (or, where
the target cannot hold some characters, as a documented neutral form), so no description can
end a docstring, close a SQL literal, open a Jinja tag, resolve a CloudFormation reference or
close a ``<script>`` element. Names are not escaped into safety here: registry/naming.py keeps
them to a closed alphabet, and these functions quote them anyway.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Characters that end a line somewhere (Python's str.splitlines set, plus NUL for safety).
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029\x00]+")


# Python ---------------------------------------------------------------------------------------


def python_literal(value: Any) -> str:
    """A Python expression for a JSON value (``repr`` escapes quotes, NUL, newlines)."""
    return repr(value)


def python_docstring_text(text: str) -> str:
    """Text for the inside of a ``\"\"\"...\"\"\"`` docstring that reads back exactly ``text``.

    ``repr`` escapes backslashes and every non-printable character; its inner text is then
    made safe for a double-quoted string by escaping any ``"`` it left bare.
    """
    quoted = repr(text)
    inner = quoted[1:-1]
    if quoted[0] == "'":
        inner = inner.replace('"', '\\"')
    return inner


# SQL ------------------------------------------------------------------------------------------


def sql_string(text: str) -> str:
    """A standard SQL string literal (Trino, DuckDB, PostgreSQL): quotes doubled."""
    return "'" + text.replace("'", "''") + "'"


def hive_string(text: str) -> str:
    """A Hive/Athena DDL string literal: backslash escapes, as Hive's parser reads them."""
    escaped = text.replace("\\", "\\\\").replace("'", "\\'")
    return "'" + _LINE_BREAKS.sub(lambda m: _hive_breaks(m.group()), escaped) + "'"


def _hive_breaks(run: str) -> str:
    return "".join({"\n": "\\n", "\r": "\\r", "\x00": "\\0"}.get(ch, " ") for ch in run)


def sql_comment(text: str) -> str:
    """Text safe after ``--`` or inside ``/* */``: one line, no comment terminator."""
    one_line = " ".join(_LINE_BREAKS.sub(" ", text).split())
    return one_line.replace("*/", "* /").replace("/*", "/ *")


# Jinja (dbt) ----------------------------------------------------------------------------------

_JINJA_OPEN = re.compile(r"[{}]")


def jinja_text(text: str) -> str:
    """Text that renders through Jinja (dbt descriptions, test arguments) as exactly ``text``.

    Every brace becomes an expression printing it (``{{ '{' }}``), so no delimiter (``{{``,
    ``{%``, ``{#``) survives, and ``{% endraw %}`` cannot end a raw block because there is
    none. Text without braces passes unchanged.
    """
    if "{" not in text and "}" not in text:
        return text
    return _JINJA_OPEN.sub(lambda m: "{{ '" + m.group() + "' }}", text)


# CloudFormation -------------------------------------------------------------------------------

#: Where literal text is cut for CloudFormation: inside ``{{resolve:`` (a dynamic reference in
#: any string) and inside ``${AWS::`` (literal outside Fn::Sub, but flagged by cfn-lint).
_CFN_CUTS = re.compile(r"(?<=\{)(?=\{resolve:)|(?<=\$)(?=\{AWS::)")


def cloudformation_text(text: str) -> Any:
    """A template value that CloudFormation reads as literal ``text``.

    Outside ``Fn::Sub`` only ``{{resolve:...}}`` is interpreted; such text (and ``${AWS::``,
    which cfn-lint reports as a misplaced parameter) is split into ``Fn::Join`` parts so no
    part holds the marker. Text reaching ``Fn::Sub`` goes through
    :func:`cloudformation_sub_text` instead.
    """
    pieces = _CFN_CUTS.split(text)
    return pieces[0] if len(pieces) == 1 else {"Fn::Join": ["", pieces]}


def cloudformation_sub_text(text: str) -> str:
    """Literal text inside an ``Fn::Sub`` string: ``${`` becomes ``${!`` (read as ``${``)."""
    return text.replace("${", "${!")


# HTML, JavaScript in HTML, Markdown, YAML -------------------------------------------------------


def html_text(text: str) -> str:
    """Text for HTML element content or a quoted attribute value."""
    import html

    return html.escape(text, quote=True)


def json_in_html(value: Any) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>``, ``&`` and line separators as escapes."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


#: What starts markup inside a line: code, emphasis, links and images, raw HTML, entities,
#: table cells. ``_`` is left alone: inside words (snake_case names) it never emphasises.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|&])")


def markdown_text(text: str) -> str:
    """Inline Markdown (a table cell, a list item) that shows ``text`` literally, on one line.

    The characters that open markup are backslash-escaped (CommonMark allows escaping any
    ASCII punctuation); line breaks become spaces, so a cell never ends its table row.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def markdown_in_table(markdown: str) -> str:
    """Markdown already made safe (a code span) placed in a table cell: pipes escaped."""
    return _LINE_BREAKS.sub(" ", markdown).replace("|", "\\|")


def markdown_code(text: str) -> str:
    """Inline code span for ``text``: a backtick fence longer than any run inside it."""
    one_line = _LINE_BREAKS.sub(" ", text)
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") or not one_line else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"
