"""Safe, position-keeping YAML loading for contracts and registry files.

Contracts are read on every pre-commit run, so loading must be fast and must never let hostile
input hurt the machine. We drive libyaml's C parser (PyYAML's ``CSafeLoader``) at the event
level and build plain JSON-like data ourselves, which lets us:

* keep the line and column of every key and value (JSON-pointer-like paths -> marks);
* refuse anchors, aliases and explicit tags (no alias bombs, no object construction);
* reject duplicate keys, non-finite numbers, multiple documents and excessive nesting;
* resolve plain scalars with the YAML 1.2 core schema (``no`` stays a string, as in
  ruamel.yaml, which we use for writing YAML back).

Every failure is a :class:`~lakecontracts.errors.ContractsError` subclass naming the place.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lakecontracts.errors import InputFileError, Location, YamlSyntaxError

#: Largest YAML file we read. A contract is a few kilobytes; registry.yaml tens of kilobytes.
MAX_FILE_BYTES = 1024 * 1024
#: Deepest nesting of mappings and sequences we accept.
MAX_DEPTH = 64

JsonPath = tuple[str | int, ...]

_CParser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Longest integer literal (Python refuses to parse past 4,300 digits; JSON consumers far less).
MAX_INT_DIGITS = 64
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF_NAN = re.compile(r"[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


@dataclass
class YamlDocument:
    """A parsed YAML file: plain data plus the position of every key and value."""

    file: str
    text: str
    data: Any
    value_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: JsonPath, *, key: bool = False) -> Location:
        """Where the value (or with ``key`` the key) at ``path`` is, else its nearest parent."""
        marks = self.key_marks if key else self.value_marks
        probe = path
        while True:
            mark = marks.get(probe) or self.value_marks.get(probe)
            if mark is not None:
                return Location(self.file, mark[0], mark[1])
            if not probe:
                return Location(self.file, 1, 1)
            probe = probe[:-1]


def read_text(
    path: Path,
    display: str | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    pipes: bool = False,
) -> str:
    """Read a UTF-8 text file with a size bound, naming the offending byte on decode errors.

    Only regular files unless ``pipes`` (``contracts diff <(git show ...)``): a FIFO among
    contracts must give an error, never a read that waits forever for a writer.
    """
    name = display or str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | (0 if pipes else os.O_NONBLOCK))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not pipes and not stat.S_ISREG(info.st_mode):
                raise InputFileError(
                    "not a regular file (a FIFO, device or socket)",
                    location=Location(name),
                    hint="contracts are plain files; remove it or rename it off .yaml",
                )
            raw = handle.read(max_bytes + 1) if info.st_size <= max_bytes else b""
            if info.st_size > max_bytes or len(raw) > max_bytes:
                raise InputFileError(
                    f"file is {max(info.st_size, len(raw)):,} bytes, larger than the "
                    f"{max_bytes:,}-byte limit",
                    location=Location(name),
                    hint="contracts are small text files; split the file or check it is the "
                    "right one",
                )
    except OSError as exc:
        raise InputFileError(
            f"cannot read file: {exc.strerror or exc}", location=Location(name)
        ) from exc
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str) -> str:
    """Decode strict UTF-8 (a leading BOM is allowed) or raise with the byte's line and column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8-sig")) + 1  # in characters, as editors count
        raise InputFileError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
            location=Location(name, line, col),
            hint="save the file as UTF-8",
        ) from None


def load_yaml_file(path: Path, display: str | None = None) -> YamlDocument:
    """Read and parse one YAML file."""
    name = display or str(path)
    return parse_yaml(read_text(path, name), name)


def parse_yaml(text: str, file: str, *, max_depth: int = MAX_DEPTH) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`, or raise :class:`YamlSyntaxError`."""
    doc = YamlDocument(file=file, text=text, data=None)
    try:
        events = _events(text)
        doc.data = _Builder(doc, events, max_depth).build()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise YamlSyntaxError(
            f"YAML syntax error: {problem}",
            location=Location(file, line, col),
            hint=_syntax_hint(problem),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML error: {exc}", location=Location(file)) from None
    return doc


def _syntax_hint(problem: str) -> str:
    if "cannot start any token" in problem or "\\t" in problem:
        return "YAML does not allow tab characters for indentation; indent with spaces"
    if "nesting depth" in problem:
        return f"contracts nest at most {MAX_DEPTH} levels"
    return "check indentation and quoting near this place"


def _events(text: str) -> Iterator[yaml.Event]:
    loader = _CParser(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _mark(event: yaml.Event) -> tuple[int, int]:
    """1-based (line, column) where an event starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


class _Builder:
    """Turns a libyaml event stream into plain data, recording marks on the way."""

    def __init__(self, doc: YamlDocument, events: Iterator[yaml.Event], max_depth: int) -> None:
        self.doc = doc
        self.events = events
        self.max_depth = max_depth

    def _fail(self, event: yaml.Event, message: str, hint: str) -> YamlSyntaxError:
        line, col = _mark(event)
        return YamlSyntaxError(message, location=Location(self.doc.file, line, col), hint=hint)

    def build(self) -> Any:
        data: Any = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self._fail(
                        event,
                        "more than one YAML document in the file",
                        "keep one contract per file; remove the extra '---' document",
                    )
                data = self._node(next(self.events), (), 1)
        return data

    def _node(self, event: yaml.Event, path: JsonPath, depth: int) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise self._fail(
                event,
                f"YAML alias '*{event.anchor}' is not allowed",
                "write the value out in full; anchors and aliases are disabled for safety",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise self._fail(
                event,
                f"YAML anchor '&{anchor}' is not allowed",
                "write the value out in full; anchors and aliases are disabled for safety",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise self._fail(
                event,
                f"explicit YAML tag '{tag}' is not allowed",
                "remove the tag; quote the value if it must be a string",
            )
        self.doc.value_marks[path] = _mark(event)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event)
        if depth > self.max_depth:
            raise self._fail(
                event,
                f"nesting deeper than {self.max_depth} levels",
                "flatten the structure; contracts never need this depth",
            )
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            return self._sequence(path, depth)
        raise self._fail(event, "unexpected YAML structure", "check the file's structure")

    def _mapping(self, path: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                return result
            if not isinstance(event, yaml.ScalarEvent) or event.anchor or event.tag:
                raise self._fail(
                    event,
                    "mapping keys must be plain strings",
                    "use a simple name as the key",
                )
            key = event.value
            child = (*path, key)
            if key in result:
                first = self.doc.key_marks[child]
                raise self._fail(
                    event,
                    f"duplicate key '{key}' (first defined at line {first[0]})",
                    "remove one of the two entries",
                )
            self.doc.key_marks[child] = _mark(event)
            result[key] = self._node(next(self.events), child, depth + 1)
        return result

    def _sequence(self, path: JsonPath, depth: int) -> list[Any]:
        result: list[Any] = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return result
            result.append(self._node(event, (*path, len(result)), depth + 1))
        return result

    def _integer(self, event: yaml.ScalarEvent, digits: str, base: int) -> int:
        try:
            return int(digits, base)
        except ValueError:  # beyond Python's integer-string digit limit (4,300 digits)
            raise self._fail(
                event,
                f"integer with {len(digits):,} digits is too long",
                "use a number a JSON parser can hold, or quote the value to make it a string",
            ) from None

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        value: str = event.value
        if not event.implicit[0]:
            return value  # quoted or block scalar: always a string
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        if len(value) > MAX_INT_DIGITS and (
            _INT.match(value) or _OCT.match(value) or _HEX.match(value)
        ):
            raise self._fail(
                event,
                f"integer of {len(value):,} characters is too long (at most {MAX_INT_DIGITS})",
                "no contract value needs such a number; quote it if it is an identifier",
            )
        if _INT.match(value):
            return self._integer(event, value, 10)
        if _OCT.match(value):
            return self._integer(event, value[2:], 8)
        if _HEX.match(value):
            return self._integer(event, value[2:], 16)
        if _FLOAT.match(value):
            number = float(value)
            if math.isfinite(number):
                return number
        if _FLOAT.match(value) or _INF_NAN.match(value):
            raise self._fail(
                event,
                f"number '{value}' is not finite and cannot be expressed in JSON",
                "use a finite number, or quote the value to make it a string",
            )
        return value
