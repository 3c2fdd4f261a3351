"""Pretty JSON files: 2-space indent, UTF-8, trailing newline, byte-identical across runs.

The standard library's encoder falls back to pure Python whenever ``indent`` is set, which
made JSON output a large share of `contracts generate` at 1,000 contracts; orjson writes the
same bytes for our documents much faster. Values orjson refuses (integers beyond 64 bits)
take the standard library's path.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def json_file_bytes(value: Any, *, sort_keys: bool = False) -> bytes:
    """``value`` as a JSON document file."""
    option = orjson.OPT_INDENT_2 | (orjson.OPT_SORT_KEYS if sort_keys else 0)
    try:
        return orjson.dumps(value, option=option) + b"\n"
    except orjson.JSONEncodeError:
        text = json.dumps(value, indent=2, sort_keys=sort_keys, ensure_ascii=False)
        return (text + "\n").encode()
