"""Draft-07 content keywords as assertions, through jsonschema's extension API.

Draft-07 (section 8) leaves ``contentEncoding`` / ``contentMediaType`` to the implementation:
annotations for some validators, assertions for others. A consumer that decodes the content
breaks when they change, so for compatibility we assert them: the string must decode with
the named encoding (an encoding we cannot decode fails) and, for the media types below, the
decoded bytes must be of that type. The reference validator is jsonschema's own class for the
schema's draft, extended with these two keyword functions and nothing else.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from typing import Any

Decoder = Callable[[str], bytes]


def _raw(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


ENCODINGS: dict[str, Decoder] = {
    "base64": lambda s: base64.b64decode(s, validate=True),
    "base32": lambda s: base64.b32decode(s),
    "base16": lambda s: base64.b16decode(s),
    "7bit": _raw,
    "8bit": _raw,
    "binary": _raw,
}


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


MEDIA_TYPES: dict[str, Callable[[bytes], bool]] = {
    "application/json": _is_json,
    "image/png": lambda d: d.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": lambda d: d.startswith(b"\xff\xd8\xff"),
    "image/gif": lambda d: d.startswith(b"GIF8"),
    "application/pdf": lambda d: d.startswith(b"%PDF-"),
}

#: Example content per media type, used to build witnesses.
MEDIA_EXAMPLES: dict[str, bytes] = {
    "application/json": b"{}",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff\xe0",
    "image/gif": b"GIF89a",
    "application/pdf": b"%PDF-1.7",
}


def decode(text: str, encoding: str | None) -> bytes | None:
    """The content bytes of a string, or None when it does not decode."""
    if encoding is None:
        return _raw(text)
    decoder = ENCODINGS.get(encoding.lower())
    if decoder is None:
        return None
    try:
        return decoder(text)
    except (binascii.Error, ValueError):
        return None


def encode(data: bytes, encoding: str | None) -> str:
    """A string whose content is ``data`` under ``encoding`` (latin-1 for raw content)."""
    if encoding and encoding.lower() == "base64":
        return base64.b64encode(data).decode()
    if encoding and encoding.lower() == "base32":
        return base64.b32encode(data).decode()
    if encoding and encoding.lower() == "base16":
        return base64.b16encode(data).decode()
    return data.decode("latin-1")


def _content_encoding(validator: Any, encoding: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and decode(instance, encoding) is None:
        yield ValidationError(f"{instance[:20]!r} is not {encoding}-encoded content")


def _content_media_type(validator: Any, media: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    check = MEDIA_TYPES.get(str(media).lower())
    if not isinstance(instance, str) or check is None:
        return
    data = decode(instance, schema.get("contentEncoding"))
    if data is not None and not check(data):
        yield ValidationError(f"content is not {media}")


def asserting(cls: Any) -> Any:
    """``cls`` (a jsonschema validator class) with content keywords as assertions."""
    from jsonschema.validators import extend

    return extend(
        cls, {"contentEncoding": _content_encoding, "contentMediaType": _content_media_type}
    )
