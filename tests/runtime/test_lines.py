"""NDJSON input in batches: the same lines, counts and line numbers as line-by-line reading."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from lakecontracts.runtime.lines import bounded_batches, bounded_lines
from lakecontracts.runtime.records import TruncatedLine

_LINE = st.one_of(
    st.binary(max_size=12),
    st.sampled_from([b"", b" ", b"\r", b"{}", b"x" * 40, b"y" * 9]),
)
_ENDING = st.sampled_from([b"\n", b"\r\n", b"\r\r\n", b""])


def _reference(data: bytes, limit: int, batch: int) -> list[tuple[int, list[bytes], int]]:
    """The batching the ingest command did before bounded_batches, over bounded_lines."""
    out: list[tuple[int, list[bytes], int]] = []
    lines: list[bytes] = []
    first, size = 1, 0
    for number, (record, read) in enumerate(bounded_lines(io.BytesIO(data), limit), 1):
        size += read
        if record.strip():
            if not lines:
                first = number
            lines.append(record)
        if len(lines) >= batch:
            out.append((first, lines, size))
            lines, size = [], 0
    if lines or size:
        out.append((first, lines, size))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_LINE, _ENDING), max_size=30),
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=1, max_value=5),
)
def test_batches_equal_line_by_line_reading(
    parts: list[tuple[bytes, bytes]], limit: int, batch: int
) -> None:
    data = b"".join(line.replace(b"\n", b"") + ending for line, ending in parts)
    got = list(bounded_batches(io.BytesIO(data), limit, batch))
    want = _reference(data, limit, batch)
    assert got == want
    flat = [line for _, lines, _ in got for line in lines]
    expected = [line for _, lines, _ in want for line in lines]
    assert [type(line) for line in flat] == [type(line) for line in expected]
    assert [getattr(line, "sha256", None) for line in flat] == [
        getattr(line, "sha256", None) for line in expected
    ]
    assert sum(size for *_, size in got) == len(data)


def test_an_oversize_line_is_truncated_and_counted_whole() -> None:
    data = b'{"a":1}\n' + b"z" * 100 + b"\n\n" + b'{"b":2}'
    batches = list(bounded_batches(io.BytesIO(data), 10, 2))
    assert [(first, len(lines)) for first, lines, _ in batches] == [(1, 2), (4, 1)]
    oversize = batches[0][1][1]
    assert isinstance(oversize, TruncatedLine)
    assert sum(size for *_, size in batches) == len(data)
