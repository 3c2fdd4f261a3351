"""``meta.signature``: a SHA-256 digest or an HMAC-SHA256 of the whole envelope (scheme v2).

What is signed (issue #10 item 6) is the *signing input*: the ASCII prefix
``lakecontracts-envelope-v2\\n`` followed by the RFC 8785 canonical form of the envelope with
``meta.signature`` removed, so ``meta`` (event, version, event_id, timestamps, source, ...),
``context`` (user, session, device) and ``payload`` are all covered. The prefix separates our
signatures from any other use of the same key and names the scheme, so a future scheme cannot
be confused with this one. Scheme v1 signed the payload alone, which let a captured event be
replayed under a new ``event_id`` or another ``user_id``; v1 signatures no longer verify.

Two modes (``docs/signatures.md`` says what each proves and does not):

* ``digest``: SHA-256 of the signing input. For SDKs that cannot hold a secret; it catches
  corruption and truncation in transit, not forgery (anyone can recompute it).
* ``hmac``: HMAC-SHA256 of the signing input under a per-source key (``web``, ``backend``,
  ``stripe``, ...) that only the producer and the ingester hold. Keys come from a secret file or
  the environment; they are never logged, printed or written anywhere (:class:`HmacKeys` hides
  them from ``repr``).

The pipeline verifies before it validates, so an unsigned or forged record never reaches the
schema's regexes; :meth:`Verifier.verify` therefore reads the envelope defensively.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from lakecontracts.errors import InputFileError, JsonInputError, Location, UsageError
from lakecontracts.registry.canonical import canonical_bytes
from lakecontracts.runtime.records import Reason

#: Environment variable naming a JSON secret file {"source": "key", ...}.
KEYS_FILE_ENV = "CONTRACTS_HMAC_KEYS_FILE"
#: Prefix of per-source key variables: CONTRACTS_HMAC_KEY_WEB, CONTRACTS_HMAC_KEY_BACKEND, ...
KEY_ENV_PREFIX = "CONTRACTS_HMAC_KEY_"
#: Domain separation and scheme version, prepended to the canonical envelope before signing.
SIGNING_PREFIX = b"lakecontracts-envelope-v2\n"


class SignatureMode(StrEnum):
    DIGEST = "digest"
    HMAC = "hmac"


@dataclass(frozen=True)
class HmacKeys:
    """Per-source HMAC keys. ``repr`` lists the sources only, never a key."""

    keys: Mapping[str, bytes] = field(repr=False)

    def __repr__(self) -> str:
        return f"HmacKeys(sources={sorted(self.keys)})"

    def get(self, source: str) -> bytes | None:
        return self.keys.get(source)


def load_hmac_keys(path: Path | None = None, environ: Mapping[str, str] | None = None) -> HmacKeys:
    """Keys from ``path`` (or ``$CONTRACTS_HMAC_KEYS_FILE``) and ``CONTRACTS_HMAC_KEY_<SOURCE>``.

    Environment variables win over the file, so one key can be rotated without editing it.
    """
    env = os.environ if environ is None else environ
    keys: dict[str, bytes] = {}
    file = path or (Path(env[KEYS_FILE_ENV]) if env.get(KEYS_FILE_ENV) else None)
    if file is not None:
        keys.update(_keys_from_file(file))
    for name, value in env.items():
        if name.startswith(KEY_ENV_PREFIX) and value:
            keys[name.removeprefix(KEY_ENV_PREFIX).lower()] = value.encode()
    return HmacKeys(keys)


def _keys_from_file(path: Path) -> dict[str, bytes]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        # The message names the file and the kind of problem, never its content.
        raise InputFileError(
            f"cannot read the HMAC key file ({type(exc).__name__})",
            location=Location(str(path)),
            hint='the key file is JSON: {"web": "<key>", "backend": "<key>"}',
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in data.items()
    ):
        raise InputFileError(
            "the HMAC key file must map each source to a non-empty key string",
            location=Location(str(path)),
            hint='{"web": "<key>", "backend": "<key>"}',
        )
    return {source: key.encode() for source, key in data.items()}


def signing_input(envelope: Mapping[str, Any]) -> bytes:
    """The bytes a v2 signature covers: prefix + RFC 8785 of the envelope minus meta.signature.

    Raises :class:`JsonInputError` (naming the JSON path) when the envelope has no RFC 8785
    form, e.g. an integer beyond 2**53, and ``TypeError`` when ``meta`` is not an object.
    """
    meta = envelope["meta"]
    if not isinstance(meta, dict):
        raise TypeError("meta must be an object")
    unsigned_meta = meta.copy()
    unsigned_meta.pop("signature", None)
    unsigned = dict(envelope)
    unsigned["meta"] = unsigned_meta
    return SIGNING_PREFIX + canonical_bytes(unsigned)


def digest_signature(signed: bytes) -> str:
    """SHA-256 hex of the signing input: what keyless producers put in ``meta.signature``."""
    return hashlib.sha256(signed).hexdigest()


def hmac_signature(key: bytes, signed: bytes) -> str:
    """HMAC-SHA256 hex of the signing input under a source's key."""
    return hmac.new(key, signed, hashlib.sha256).hexdigest()


_PREFIX_SHA256 = hashlib.sha256(SIGNING_PREFIX)


class SignatureProblem(NamedTuple):
    """Why a signature does not hold: the quarantine reason and one (JSON pointer, message)."""

    reason: Reason
    path: str
    message: str


_MISSING = SignatureProblem(
    Reason.SIGNATURE_MISMATCH, "/meta/signature", "meta.signature is missing or not a string"
)
_MISMATCH = SignatureProblem(
    Reason.SIGNATURE_MISMATCH,
    "/meta/signature",
    "does not match the RFC 8785 canonical envelope (scheme lakecontracts-envelope-v2)",
)
_NO_KEY = SignatureProblem(
    Reason.UNKNOWN_SIGNING_KEY, "/meta/source", "no HMAC key is configured for meta.source"
)


class Verifier:
    """Checks and makes ``meta.signature`` in one mode (digest, or HMAC with per-source keys)."""

    def __init__(self, mode: SignatureMode = SignatureMode.DIGEST, keys: HmacKeys | None = None):
        self.mode = mode
        self._keys = keys or HmacKeys({})

    def __repr__(self) -> str:
        return f"Verifier(mode={self.mode.value}, keys={self._keys!r})"

    def verify(self, envelope: Mapping[str, Any]) -> SignatureProblem | None:
        """None when ``meta.signature`` holds for ``envelope``, else what is wrong.

        ``envelope`` is untrusted and not yet validated: only ``meta`` being an object is
        assumed. The comparison takes constant time.
        """
        meta = envelope["meta"]
        signature = meta.get("signature")
        if type(signature) is not str:
            return _MISSING
        key = None
        if self.mode is SignatureMode.HMAC:
            source = meta.get("source")
            key = self._keys.get(source) if type(source) is str else None
            if key is None:
                return _NO_KEY
        # signing_input() inlined, and the prefix hashed once (issue #18: the ingest hot path).
        unsigned_meta = meta.copy()
        del unsigned_meta["signature"]
        unsigned = dict(envelope)
        unsigned["meta"] = unsigned_meta
        try:
            canonical = canonical_bytes(unsigned)
        except JsonInputError as exc:
            return SignatureProblem(Reason.UNCANONICAL_PAYLOAD, "", exc.message)
        if key is None:
            digest = _PREFIX_SHA256.copy()
            digest.update(canonical)
            expected = digest.hexdigest()
        else:
            mac = hmac.new(key, SIGNING_PREFIX, hashlib.sha256)
            mac.update(canonical)
            expected = mac.hexdigest()
        # A hex digest is ASCII: a signature that is not cannot match, and compare_digest takes
        # ASCII str directly (its time depends on the lengths only, which are not secret).
        if signature.isascii() and hmac.compare_digest(expected, signature):
            return None
        return _MISMATCH

    def sign(self, envelope: Mapping[str, Any]) -> str:
        """The signature a producer of ``envelope`` sends (samples, adapters, SDK tests).

        Any ``meta.signature`` already present is ignored. In HMAC mode the key is the one of
        ``meta.source``; a missing key is an error, never an unsigned or digest-signed event.
        """
        signed = signing_input(envelope)
        if self.mode is SignatureMode.DIGEST:
            return digest_signature(signed)
        source = envelope["meta"].get("source")
        key = self._keys.get(source) if isinstance(source, str) else None
        if key is None:
            name = str(source).upper()
            raise InputFileError(
                f"no HMAC key for source {source!r}",
                location=Location(KEY_ENV_PREFIX + name),
                hint=f"set {KEY_ENV_PREFIX}{name} or add it to the key file",
            )
        return hmac_signature(key, signed)


def open_verifier(
    mode: str | SignatureMode = SignatureMode.DIGEST,
    keys_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Verifier:
    """The verifier ``ingest``, ``collect``, ``sample`` and the Firehose handler share.

    HMAC keys come from ``keys_file`` (or ``$CONTRACTS_HMAC_KEYS_FILE``) and
    ``CONTRACTS_HMAC_KEY_<SOURCE>`` in ``environ`` (default: the process environment). HMAC mode
    with no key at all is an error: it would quarantine every record as unknown_signing_key.
    """
    try:
        chosen = SignatureMode(mode)
    except ValueError:
        raise UsageError(
            f"unknown signature mode {mode!r}",
            hint=f"choose one of: {', '.join(m.value for m in SignatureMode)}",
        ) from None
    if chosen is SignatureMode.DIGEST:
        return Verifier(chosen)
    keys = load_hmac_keys(keys_file, environ)
    if not keys.keys:
        raise UsageError(
            "signature mode hmac needs at least one key",
            hint=f"pass --hmac-keys FILE, set {KEYS_FILE_ENV}, or set "
            f"{KEY_ENV_PREFIX}<SOURCE> (e.g. {KEY_ENV_PREFIX}WEB)",
        )
    return Verifier(chosen, keys)
