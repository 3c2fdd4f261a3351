"""NDJSON input read line by line with bounded memory, however long a line is.

Reading a 300 MB line whole took 933 MB of RSS before the pipeline refused it as oversize
(issue #10). :func:`bounded_lines` keeps at most ``max_record_bytes`` plus a few bytes of any
line: a longer one becomes a :class:`~lakecontracts.runtime.records.TruncatedLine` (its head,
its whole size and SHA-256, the rest read in chunks and dropped), which the pipeline
quarantines as ``oversize`` without parsing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import IO

from lakecontracts.runtime.records import TruncatedLine

_CHUNK = 2**20  # how much of an oversize line's tail is read at a time


def bounded_lines(handle: IO[bytes], max_record_bytes: int) -> Iterator[tuple[bytes, int]]:
    """(the line without its line ending, bytes read for it) for every line of ``handle``."""
    limit = max_record_bytes + 3  # a record just over the limit plus "\r\n" is still whole
    while line := handle.readline(limit):
        if line.endswith(b"\n") or len(line) < limit:
            yield line.rstrip(b"\r\n"), len(line)
            continue
        yield _rest_of(handle, line)


def bounded_batches(
    handle: IO[bytes], max_record_bytes: int, batch_lines: int
) -> Iterator[tuple[int, list[bytes], int]]:
    """(number of the first line, the non-blank lines, bytes read) per batch of ``batch_lines``.

    The lines are :func:`bounded_lines`'s, read without a generator per line (issue #18: the
    ingest command's reading cost about 1 us per record that way).
    """
    limit = max_record_bytes + 3
    readline = handle.readline
    lines: list[bytes] = []
    first = number = size = 0
    while line := readline(limit):
        number += 1
        if line.endswith(b"\n") or len(line) < limit:
            size += len(line)
            record = line.rstrip(b"\r\n")
        else:
            record, read = _rest_of(handle, line)
            size += read
        if record.strip():
            if not lines:
                first = number
            lines.append(record)
            if len(lines) >= batch_lines:
                yield first, lines, size
                lines, size = [], 0
    if lines or size:
        yield first or 1, lines, size


def _rest_of(handle: IO[bytes], head: bytes) -> tuple[bytes, int]:
    """Read an oversize line to its end, hashing what is not kept (the line ending is not)."""
    digest = hashlib.sha256(head)
    size = read = len(head)
    while chunk := handle.readline(_CHUNK):
        read += len(chunk)
        content = chunk.rstrip(b"\r\n") if chunk.endswith(b"\n") else chunk
        digest.update(content)
        size += len(content)
        if content is not chunk:
            break
    return TruncatedLine(head, size, digest.hexdigest()), read
