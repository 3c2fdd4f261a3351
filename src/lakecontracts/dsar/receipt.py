"""Signed receipts: Ed25519 over the receipt's RFC 8785 canonical bytes.

The signing key comes from ``CONTRACTS_DSAR_SIGNING_KEY`` (a PEM private key, or 64 hex digits
of a raw Ed25519 seed) or a PEM file; a missing key is an error, never a default. The public
key (raw, hex) rides in the receipt for reference, but ``verify-receipt`` checks against the
public key the verifier supplies: a receipt cannot vouch for itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from lakecontracts.errors import DsarError, Location
from lakecontracts.registry.canonical import canonical_bytes

SIGNING_KEY_ENV = "CONTRACTS_DSAR_SIGNING_KEY"
ALGORITHM = "Ed25519"


def load_signing_key(
    key_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> Ed25519PrivateKey:
    if key_file is not None:
        try:
            data = key_file.read_bytes()
        except OSError as exc:
            raise DsarError(
                f"cannot read the receipt signing key: {exc.strerror}",
                location=Location(str(key_file)),
                hint="pass --signing-key PATH of a readable PEM Ed25519 private key",
            ) from None
        return _private(data, str(key_file))
    value = (os.environ if environ is None else environ).get(SIGNING_KEY_ENV, "").strip()
    if not value:
        raise DsarError(
            f"no receipt signing key: {SIGNING_KEY_ENV} is not set",
            hint=f"export {SIGNING_KEY_ENV}=<PEM or 64-hex Ed25519 seed> or pass --signing-key",
        )
    return _private(value.encode(), SIGNING_KEY_ENV)


def _private(data: bytes, source: str) -> Ed25519PrivateKey:
    text = data.strip()
    try:
        if len(text) == 64 and all(c in b"0123456789abcdefABCDEF" for c in text):
            return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(text.decode()))
        key = serialization.load_pem_private_key(text, password=None)
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise DsarError(
            f"the receipt signing key from {source} is not an Ed25519 private key",
            hint="generate one: openssl genpkey -algorithm ed25519 -out dsar-signing.pem",
        )
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        data = path.read_bytes().strip()
    except OSError as exc:
        raise DsarError(
            f"cannot read the public key: {exc.strerror}", location=Location(str(path))
        ) from None
    try:
        if len(data) == 64 and all(c in b"0123456789abcdef" for c in data):
            return Ed25519PublicKey.from_public_bytes(bytes.fromhex(data.decode()))
        key = serialization.load_pem_public_key(data)
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise DsarError(
            f"{path} is not an Ed25519 public key (PEM or 64 hex digits)",
            location=Location(str(path)),
            hint="openssl pkey -in dsar-signing.pem -pubout -out dsar-signing.pub.pem",
        )
    return key


def public_hex(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def sign(body: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """``body`` with a ``signature`` block over the canonical bytes of everything else."""
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    signature = key.sign(canonical_bytes(unsigned))
    return unsigned | {
        "signature": {
            "algorithm": ALGORITHM,
            "public_key": public_hex(key.public_key()),
            "value": signature.hex(),
        }
    }


def check(receipt: Any, key: Ed25519PublicKey, where: str) -> None:
    """Raise :class:`DsarError` unless ``receipt`` is signed by ``key`` and unaltered."""
    block = receipt.get("signature") if isinstance(receipt, dict) else None
    if not isinstance(block, dict) or block.get("algorithm") != ALGORITHM:
        raise DsarError("the receipt has no Ed25519 signature block", location=Location(where))
    try:
        value = bytes.fromhex(str(block.get("value", "")))
    except ValueError:
        value = b""
    unsigned = {k: v for k, v in receipt.items() if k != "signature"}
    try:
        key.verify(value, canonical_bytes(unsigned))
    except InvalidSignature:
        raise DsarError(
            "the receipt's signature does not verify with the given public key",
            location=Location(where),
            hint="the receipt was altered after signing, or signed with another key",
        ) from None
