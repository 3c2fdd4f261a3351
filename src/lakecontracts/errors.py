"""Typed exceptions: the library raises these, only the CLI prints them and exits.

Every error a user can cause and fix derives from :class:`ContractsError` and carries the
place (file, line, column) and, where we know it, the fix. Anything else escaping the
library is a bug and is allowed to look like one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based, 0 means unknown."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


class ContractsError(Exception):
    """Base of every error caused by input the user can fix."""

    def __init__(self, message: str, *, location: Location | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}"


class InputFileError(ContractsError):
    """A file could not be read, was too large or was not valid UTF-8."""


class YamlSyntaxError(ContractsError):
    """A YAML file is malformed or uses a construct contracts forbid."""


class JsonInputError(ContractsError):
    """A JSON input is malformed or not representable as I-JSON."""


class RegistryConfigError(ContractsError):
    """registry.yaml is missing or does not describe a valid registry."""


class ContractStructureError(ContractsError):
    """A contract file cannot be turned into a contract model."""


class ContractNotFoundError(ContractsError):
    """A requested event or version is not in the registry."""


class SchemaResolutionError(ContractsError):
    """A contract cannot be resolved into a valid JSON Schema."""


class UsageError(ContractsError):
    """The command was called with arguments that do not fit."""


class GitHistoryError(ContractsError):
    """A git ref, commit or the history compat needs cannot be read (e.g. a shallow clone)."""


class WaiverFileError(ContractsError):
    """The compat waivers file is malformed or names an unknown rule."""


class IngestStateError(ContractsError):
    """The ingest state (dedupe window, publish journal) is in use elsewhere or unreadable."""


class StitchKeyError(ContractsError):
    """The identity stitch's hash key is missing, unreadable or too short (never shown)."""


class StitchInputError(ContractsError):
    """The stitch's bronze input, runtime config or previous outputs cannot be used."""


class OpsDbError(ContractsError):
    """The operational database cannot be reached, migrated or read (bad URL, newer schema)."""


class FirehoseEventError(ContractsError):
    """A Firehose transformation event is not ``{"records": [...]}``, or cannot be answered."""


class DsarError(ContractsError):
    """A DSAR request, purge, verification or receipt cannot proceed (bad subject, missing
    request, missing signing key, a receipt that does not verify)."""


class CurateError(ContractsError):
    """``contracts curate`` cannot run the generated dbt project (no dbt, no generated project,
    a dbt run that fails)."""
