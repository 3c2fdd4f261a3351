"""Realistic NDJSON envelopes for an event version, valid or each broken in one named way.

Values come from the resolved JSON Schema in ``generated/schemas/`` (the runtime never reads
YAML): one small generator per keyword family, ``x-example`` used when the contract gives one,
strings matching ``pattern`` via :mod:`lakecontracts.regex.sample`, real UUIDs, ordered timestamps
(``occurred_at`` <= ``sent_at``), and a correct ``meta.signature`` over the RFC 8785 payload.
Everything is drawn from one ``random.Random(seed)`` and an explicit anchor time, so a seed
reproduces the same bytes.

Each broken sample fails in exactly one named way and says which quarantine reason the
pipeline must give it (:data:`MUTATIONS`).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from lakecontracts.errors import ContractNotFoundError, UsageError
from lakecontracts.regex.sample import sample_matching
from lakecontracts.runtime.manifest_index import RUNTIME_CONFIG, ManifestIndex, Route
from lakecontracts.runtime.population import Population
from lakecontracts.runtime.records import Reason
from lakecontracts.runtime.signatures import Verifier

#: Anchor of seeded samples when none is given, so ``--seed`` alone reproduces the bytes.
SEEDED_ANCHOR = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
_OPTIONAL_KEPT = 0.7  # share of optional properties a sample carries
_NULL_SHARE = 0.15  # share of nullable values that are null
_LAG_SECONDS = 30.0  # samples happen within this many seconds before the anchor
_KEY_DRAWS = 50  # draws per sample to find an unused natural key
_IDENTIFIER_KEYS = ("user_id", "anon_id", "session_id")
_ID_KEYS = ("thread_id", "doc_id", "booking_id", "listing_id", "order_id")


@dataclass(frozen=True)
class Sample:
    """One NDJSON line and what the pipeline must do with it."""

    line: bytes  # without the trailing newline
    mutation: str | None  # None: valid
    expected: Reason | None  # None: bronze


def pick_route(index: ManifestIndex, spec: str) -> Route:
    """``EVENT`` (its newest non-retired version) or ``EVENT@V``."""
    event, _, version = spec.partition("@")
    if version:
        if not version.isdigit():
            raise UsageError(f"version in {spec!r} must be an integer", hint="e.g. EVENT@2")
        route = index.routes.get((event, int(version)))
    else:
        live = [r for (name, _), r in index.routes.items() if name == event and not r.retired]
        route = max(live, key=lambda r: r.v, default=None)
    if route is None:
        known = ", ".join(sorted(index.events)[:5])
        raise ContractNotFoundError(
            f"{spec} is not in the manifest", hint=f"known events include {known}, ..."
        )
    return route


def samples(
    index: ManifestIndex,
    route: Route,
    count: int,
    *,
    invalid: bool = False,
    seed: int | None = None,
    anchor: datetime | None = None,
    verifier: Verifier | None = None,
    max_record_bytes: int = 1_024_000,
    users: int | None = None,
    spread_days: float = 0.0,
) -> list[Sample]:
    """``count`` samples; with ``invalid`` each is broken, cycling through :data:`MUTATIONS`.

    With ``users`` the context identifiers come from a population of that many people
    (:mod:`population`) and events spread over ``spread_days`` before the anchor."""
    rng = random.Random(seed)
    when = anchor or (SEEDED_ANCHOR if seed is not None else datetime.now(UTC))
    schema = json.loads(index.schema_path(route.event, route.v).read_bytes())
    # Event IDs from their own stream: one seed gives each event version different IDs, so
    # samples of two events never collide in the dedupe window; unseeded, from os.urandom.
    ids = random.Random(f"{seed}|{route.event}|{route.v}") if seed is not None else random.Random()
    maker = _EnvelopeMaker(schema, rng, when, verifier or Verifier(), ids)
    maker.prefixes = identifier_prefixes(index.generated, schema)
    if users:
        maker.population = Population(users, random.Random(f"{seed}|population"))
        maker.spread_seconds = spread_days * 86_400
    result = []
    names = list(MUTATIONS)
    for i in range(count):
        envelope = maker.envelope()
        if not invalid:
            result.append(Sample(orjson.dumps(envelope), None, None))
            continue
        name = names[i % len(names)]
        mutation = MUTATIONS[name]
        context = _MutationContext(maker, rng, schema, max_record_bytes)
        result.append(Sample(mutation.apply(envelope, context), name, mutation.expected))
    return result


class _EnvelopeMaker:
    def __init__(
        self,
        schema: dict[str, Any],
        rng: random.Random,
        anchor: datetime,
        verifier: Verifier,
        ids: random.Random,
    ) -> None:
        self.schema = schema
        self.rng = rng
        self.anchor = anchor
        self.verifier = verifier
        self.ids = ids
        self.natural_key = natural_key_fields(schema)
        self.keys_seen: set[str] = set()
        self.population: Population | None = None
        self.spread_seconds = 0.0
        self.prefixes: dict[tuple[str, ...], str] = {}

    def envelope(self) -> dict[str, Any]:
        value = self._unique_payload()
        meta = value["meta"]
        lag = _LAG_SECONDS + self.spread_seconds
        occurred = self.anchor - timedelta(seconds=self.rng.uniform(0, lag))
        if self.population is not None:
            value["context"] = {
                k: v for k, v in value["context"].items() if k not in _IDENTIFIER_KEYS
            } | self.population.context()
        _apply_prefixes(value, self.prefixes)
        sent = occurred + timedelta(seconds=self.rng.uniform(0, 5))
        meta["occurred_at"] = _timestamp(occurred)
        meta["sent_at"] = _timestamp(sent)
        meta["event_id"] = str(_uuid(self.ids))
        self.sign(value)
        return dict(value)

    def _unique_payload(self) -> Any:
        """A generated envelope whose natural key no earlier sample of this run used (a few
        draws; a key space too small to be unique gives up rather than loop)."""
        value = generate(self.schema, self.rng, self.anchor)
        for _ in range(_KEY_DRAWS):
            key = orjson.dumps([value["payload"].get(name) for name in self.natural_key])
            if not self.natural_key or key.decode() not in self.keys_seen:
                self.keys_seen.add(key.decode())
                return value
            value = generate(self.schema, self.rng, self.anchor)
        return value

    def sign(self, envelope: dict[str, Any]) -> None:
        meta = envelope["meta"]
        meta["signature"] = self.verifier.sign(envelope)


def identifier_prefixes(generated: Path, schema: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """Envelope path -> declared prefix of each identifier (``runtime/config.json``) whose
    field has no ``pattern`` of its own (a pattern already shapes the value)."""
    config = generated / RUNTIME_CONFIG
    if not config.is_file():
        return {}
    declared = orjson.loads(config.read_bytes()).get("stitch", {}).get("identifiers", [])
    found: dict[tuple[str, ...], str] = {}
    for ident in declared:
        path, prefix = tuple(str(ident.get("path", "")).split(".")), ident.get("prefix")
        field = _field_schema(schema, path)
        if prefix and "*" not in path and field is not None and "pattern" not in field:
            found[path] = str(prefix)
    return found


def _field_schema(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any] | None:
    node: Any = schema
    for part in path:
        node = node.get("properties", {}).get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _apply_prefixes(envelope: dict[str, Any], prefixes: dict[tuple[str, ...], str]) -> None:
    """Identifier values start with their declared prefix (same length where it fits)."""
    for path, prefix in prefixes.items():
        parent: Any = envelope
        for part in path[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        value = parent.get(path[-1]) if isinstance(parent, dict) else None
        if isinstance(value, str) and not value.startswith(prefix):
            parent[path[-1]] = prefix + value[len(prefix) :]


def natural_key_fields(schema: dict[str, Any]) -> list[str]:
    """Payload properties marked ``x-natural-key: true`` in a resolved envelope schema."""
    payload = schema.get("properties", {}).get("payload", {})
    props = payload.get("properties", {}) if isinstance(payload, dict) else {}
    return sorted(n for n, p in props.items() if isinstance(p, dict) and p.get("x-natural-key"))


# --- values from a schema: one small function per type ---------------------------------------


def generate(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> Any:
    """A value valid against ``schema`` (the contract subset: no combinators, local refs only)."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return rng.choice(schema["enum"])
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        non_null = [k for k in kind if k != "null"]
        if not non_null or ("null" in kind and rng.random() < _NULL_SHARE):
            return None
        kind = rng.choice(non_null)
    if "x-example" in schema and rng.random() < 0.5 and kind not in ("object", "array"):
        return schema["x-example"]
    return _BY_TYPE[kind](schema, rng, anchor)


def _object(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> dict[str, Any]:
    required = set(schema.get("required", ()))
    value = {
        name: generate(sub, rng, anchor)
        for name, sub in schema.get("properties", {}).items()
        if name in required or rng.random() < _OPTIONAL_KEPT
    }
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        for key in rng.sample(_ID_KEYS, rng.randint(0, 2)):
            value.setdefault(key, generate(extra, rng, anchor))
    return value


def _string(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> str:
    fmt = schema.get("format")
    if fmt in _FORMATS:
        return _FORMATS[fmt](rng, anchor)
    low, high = schema.get("minLength", 0), schema.get("maxLength", 10**9)
    if "pattern" in schema:
        for _ in range(20):
            text = sample_matching(schema["pattern"], rng)
            if low <= len(text) <= high:
                return text
        raise UsageError(f"cannot sample a string for pattern {schema['pattern']!r}")
    length = rng.randint(min(low, 16), max(low, min(high, 16)))
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))


def _integer(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> int:
    low = int(schema.get("minimum", 0))
    high = int(schema.get("maximum", max(low, 0) + 100_000))
    return rng.randint(low, high)


def _number(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> float:
    low = float(schema.get("minimum", 0))
    high = float(schema.get("maximum", low + 1000))
    return round(rng.uniform(low, high), 2)


def _boolean(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> bool:
    return rng.random() < 0.5


def _array(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> list[Any]:
    low = int(schema.get("minItems", 0))
    high = int(schema.get("maxItems", low + 3))
    items: list[Any] = []
    for _ in range(rng.randint(low, max(low, min(high, low + 3)))):
        item = generate(schema.get("items", {"type": "string"}), rng, anchor)
        if not (schema.get("uniqueItems") and item in items):
            items.append(item)
    return items


def _null(schema: dict[str, Any], rng: random.Random, anchor: datetime) -> None:
    return None


_BY_TYPE: dict[str, Callable[[dict[str, Any], random.Random, datetime], Any]] = {
    "object": _object,
    "string": _string,
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "array": _array,
    "null": _null,
}


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_FORMATS: dict[str, Callable[[random.Random, datetime], str]] = {
    "uuid": lambda rng, anchor: str(_uuid(rng)),
    "date-time": lambda rng, anchor: _timestamp(anchor - timedelta(seconds=rng.randint(0, 86400))),
    "date": lambda rng, anchor: (anchor + timedelta(days=rng.randint(-30, 60))).date().isoformat(),
}


# --- mutations: each breaks one thing and names the reason it must get -------------------------


@dataclass(frozen=True)
class _MutationContext:
    maker: _EnvelopeMaker
    rng: random.Random
    schema: dict[str, Any]
    max_record_bytes: int


@dataclass(frozen=True)
class Mutation:
    expected: Reason
    apply: Callable[[dict[str, Any], _MutationContext], bytes]


def _truncated(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    data = orjson.dumps(envelope)
    return data[: ctx.rng.randint(1, len(data) - 1)]


def _invalid_utf8(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    return orjson.dumps(envelope).replace(b'"meta"', b'"m\xffeta"', 1)


def _payload_only(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    return orjson.dumps(envelope["payload"])


def _unknown_event(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    envelope["meta"]["event"] = "unknown.not_in_registry"
    return orjson.dumps(envelope)


def _unknown_version(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    envelope["meta"]["v"] = 999
    return orjson.dumps(envelope)


def _missing_required(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    required = ctx.schema["properties"]["payload"].get("required") or []
    if required:
        del envelope["payload"][ctx.rng.choice(required)]
    else:
        envelope["meta"].pop("event_id")
    ctx.maker.sign(envelope)
    return orjson.dumps(envelope)


def _wrong_type(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    payload = envelope["payload"]
    name = ctx.rng.choice(sorted(payload)) if payload else None
    if name is None:
        envelope["meta"]["source"] = 42
    else:
        payload[name] = [payload[name]]  # an array is no contract field's only type
    ctx.maker.sign(envelope)
    return orjson.dumps(envelope)


def _extra_property(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    envelope["meta"]["undeclared_field"] = "surprise"
    ctx.maker.sign(envelope)
    return orjson.dumps(envelope)


def _bad_signature(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    signature = envelope["meta"]["signature"]
    flipped = "0" if signature[0] != "0" else "1"
    envelope["meta"]["signature"] = flipped + signature[1:]
    return orjson.dumps(envelope)


def _oversize(envelope: dict[str, Any], ctx: _MutationContext) -> bytes:
    data = orjson.dumps(envelope)
    return data + b" " * (ctx.max_record_bytes + 1 - len(data))  # valid JSON, too big


MUTATIONS: dict[str, Mutation] = {
    "truncated_json": Mutation(Reason.INVALID_JSON, _truncated),
    "invalid_utf8": Mutation(Reason.INVALID_JSON, _invalid_utf8),
    "not_an_envelope": Mutation(Reason.NOT_AN_ENVELOPE, _payload_only),
    "unknown_event": Mutation(Reason.UNKNOWN_EVENT, _unknown_event),
    "unknown_version": Mutation(Reason.UNKNOWN_VERSION, _unknown_version),
    "missing_required": Mutation(Reason.SCHEMA_VIOLATION, _missing_required),
    "wrong_type": Mutation(Reason.SCHEMA_VIOLATION, _wrong_type),
    "extra_property": Mutation(Reason.SCHEMA_VIOLATION, _extra_property),
    "bad_signature": Mutation(Reason.SIGNATURE_MISMATCH, _bad_signature),
    "oversize": Mutation(Reason.OVERSIZE, _oversize),
}
