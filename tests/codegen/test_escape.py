"""Each escape function reads back as its input in the target's own parser (any text)."""

from __future__ import annotations

import ast
import html
import json
import re
from typing import Any

import jinja2
from hypothesis import given
from hypothesis import strategies as st

from lakecontracts.codegen import escape
from tests.adversarial.test_hostile_prose import hive_literals

#: Any text, weighted towards the characters that end strings, comments and templates.
TEXT = st.text(
    st.one_of(st.sampled_from(list("\"'\\{}%#$!`|<>/*-\n\r\x00 ")), st.characters()),
    max_size=40,
)


@given(TEXT)
def test_python_docstring_round_trips(text: str) -> None:
    module = ast.parse(f'"""{escape.python_docstring_text(text)}"""\n')
    assert ast.literal_eval(module.body[0].value) == text  # type: ignore[attr-defined]


@given(TEXT.map(lambda t: " ".join(t.split())))  # dbt descriptions are one line
def test_jinja_text_renders_to_itself(text: str) -> None:
    assert jinja2.Environment().from_string(escape.jinja_text(text)).render() == text


@given(TEXT)
def test_hive_string_is_one_literal_holding_the_text(text: str) -> None:
    literals, outside = hive_literals(escape.hive_string(text))
    assert outside == "" and len(literals) == 1
    # \n, \r and NUL are escapes; rarer line breaks become spaces (never raw in DDL)
    assert literals[0] == re.sub("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]", " ", text)


@given(TEXT)
def test_sql_string_doubles_quotes(text: str) -> None:
    literal = escape.sql_string(text)
    assert literal[1:-1].replace("''", "").count("'") == 0


@given(TEXT)
def test_sql_comment_is_one_line_that_cannot_close(text: str) -> None:
    comment = escape.sql_comment(text)
    assert "\n" not in comment and "\r" not in comment and "*/" not in comment


def cfn_value(value: Any) -> str:
    """What CloudFormation makes of a value holding no parameters: Fn::Join and Fn::Sub."""
    if isinstance(value, str):
        assert "{{resolve:" not in value and "${AWS::" not in value
        return value
    return "".join(cfn_value(part) for part in value["Fn::Join"][1])


@given(TEXT.map(lambda t: t.replace("r", "{{resolve:").replace("d", "${AWS::")))
def test_cloudformation_text_reads_back_literally(text: str) -> None:
    assert cfn_value(escape.cloudformation_text(text)) == text


def test_cloudformation_sub_text_escapes_every_substitution() -> None:
    assert escape.cloudformation_sub_text("a ${AWS::Region} b") == "a ${!AWS::Region} b"


@given(TEXT)
def test_html_text_unescapes_to_itself(text: str) -> None:
    escaped = escape.html_text(text)
    assert "<" not in escaped and html.unescape(escaped) == text


@given(st.dictionaries(st.text(max_size=5), TEXT, max_size=3))
def test_json_in_html_never_closes_the_script(value: dict[str, str]) -> None:
    text = escape.json_in_html(value)
    assert "<" not in text and json.loads(text) == value


@given(TEXT)
def test_markdown_text_is_one_line_with_every_opener_escaped(text: str) -> None:
    out = escape.markdown_text(text)
    assert "\n" not in out
    bare = out.replace("\\\\", "")
    for opener in "`*[]<>|&":
        assert bare.count(opener) == bare.count("\\" + opener)


@given(TEXT)
def test_markdown_code_fence_is_longer_than_any_backtick_run(text: str) -> None:
    span = escape.markdown_code(text)
    fence = len(span) - len(span.lstrip("`"))
    assert "`" * fence not in span[fence:-fence]
