"""``meta.signature``: a SHA-256 digest or an HMAC-SHA256 of the RFC 8785 canonical payload.

The digest (brief §4) catches corruption but not forgery: anyone can recompute it. The HMAC
mode signs with a per-source key (``web``, ``backend``, ``stripe``, ...) that only the producer
and the ingester hold. Keys come from a secret file or the environment; they are never
logged, printed or written anywhere (:class:`HmacKeys` hides them from ``repr``).
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

from lakecontracts.errors import InputFileError, Location
from lakecontracts.runtime.records import Reason

#: Environment variable naming a JSON secret file {"source": "key", ...}.
KEYS_FILE_ENV = "CONTRACTS_HMAC_KEYS_FILE"
#: Prefix of per-source key variables: CONTRACTS_HMAC_KEY_WEB, CONTRACTS_HMAC_KEY_BACKEND, ...
KEY_ENV_PREFIX = "CONTRACTS_HMAC_KEY_"


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


def digest_signature(canonical: bytes) -> str:
    """SHA-256 hex of the canonical payload: what producers put in ``meta.signature``."""
    return hashlib.sha256(canonical).hexdigest()


def hmac_signature(key: bytes, canonical: bytes) -> str:
    """HMAC-SHA256 hex of the canonical payload under a source's key."""
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


class Verifier:
    """Checks ``meta.signature``; returns None when it holds, else the quarantine reason."""

    def __init__(self, mode: SignatureMode = SignatureMode.DIGEST, keys: HmacKeys | None = None):
        self.mode = mode
        self._keys = keys or HmacKeys({})

    def __repr__(self) -> str:
        return f"Verifier(mode={self.mode.value}, keys={self._keys!r})"

    def check(self, source: str, canonical: bytes, signature: str) -> Reason | None:
        if self.mode is SignatureMode.DIGEST:
            expected = hashlib.sha256(canonical).hexdigest()
        else:
            key = self._keys.get(source)
            if key is None:
                return Reason.UNKNOWN_SIGNING_KEY
            expected = hmac.new(key, canonical, hashlib.sha256).hexdigest()
        return None if hmac.compare_digest(expected, signature) else Reason.SIGNATURE_MISMATCH

    def sign(self, source: str, canonical: bytes) -> str:
        """The signature a producer for ``source`` would send (samples, adapters)."""
        if self.mode is SignatureMode.DIGEST:
            return digest_signature(canonical)
        key = self._keys.get(source)
        if key is None:
            raise InputFileError(
                f"no HMAC key for source {source!r}",
                location=Location(KEY_ENV_PREFIX + source.upper()),
                hint=f"set {KEY_ENV_PREFIX}{source.upper()} or add it to the key file",
            )
        return hmac_signature(key, canonical)
