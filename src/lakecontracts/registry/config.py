"""registry.yaml: what every contract in a registry shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lakecontracts.errors import Location, RegistryConfigError
from lakecontracts.registry.alerts import AlertSettings, settings_from
from lakecontracts.registry.keywords import DRAFT7_KEYWORDS
from lakecontracts.registry.sections import (
    Catalog,
    Job,
    Outputs,
    Storage,
    Workspace,
    catalog_section,
    jobs_section,
    outputs_section,
    storage_section,
    workspaces_section,
)
from lakecontracts.registry.structure import structure_violations
from lakecontracts.registry.yamlsource import JsonPath, YamlDocument, load_yaml_file

REGISTRY_FILE = "registry.yaml"
COMPATIBILITY_MODES = (
    "NONE",
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
)


@dataclass(frozen=True)
class Blocked:
    """Values the stitch never treats as an identity: literals (case-insensitive) and regexes,
    each tried on the value with and without the identifier's prefix."""

    values: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    def __add__(self, other: Blocked) -> Blocked:
        return Blocked(self.values + other.values, self.patterns + other.patterns)


@dataclass(frozen=True)
class StitchRule:
    """How an identifier takes part in identity stitching (``identifiers.<name>.stitch``).

    ``links``: ``analytics`` may create edges in the analytics graph; ``fraud`` only in the
    fraud graph (``contracts stitch --graph fraud``); ``none`` never (domain object IDs).
    """

    links: str = "none"
    max_per_identity: int | None = None
    weight: float = 1.0
    blocked: Blocked = Blocked()


@dataclass(frozen=True)
class StitchSettings:
    """Registry-wide stitch settings (``stitch:``): the hash key version, a component size
    cap and values blocked for every identifier."""

    key_version: int = 1
    max_component_size: int | None = None
    blocked: Blocked = Blocked()


@dataclass(frozen=True)
class Identifier:
    """An identifier the stitch job reads: ``user_id``, ``device.ua_hash`` or a ``ids.*`` family."""

    name: str
    path: str
    prefix: str
    purpose: str
    persistence: dict[str, Any]
    allowed_uses: tuple[str, ...]
    stitch: StitchRule = field(default_factory=lambda: StitchRule())
    #: Where ``identifiers.<name>`` is in registry.yaml (None when built outside a file).
    location: Location | None = field(default=None, compare=False)

    @property
    def lifetime_hours(self) -> int | None:
        """How long an edge through this identifier lives after its last sighting (None: for
        ever): a rolling identifier's ``days``/``hours``."""
        if self.persistence.get("kind") != "rolling":
            return None
        return int(self.persistence.get("days", 0)) * 24 + int(self.persistence.get("hours", 0))

    def matches(self, name: str) -> bool:
        if self.name.endswith(".*"):
            stem = self.name[:-1]
            return name.startswith(stem) and len(name) > len(stem)
        return name == self.name


@dataclass(frozen=True)
class RegistryConfig:
    """The parsed, validated registry.yaml."""

    root: Path
    name: str
    schema_base_uri: str
    default_compatibility: str
    main_branch: str
    owners: tuple[str, ...]
    privacy_tiers: tuple[str, ...]
    pii_classes: dict[str, dict[str, Any]]
    identifiers: tuple[Identifier, ...]
    envelope: dict[str, Any]
    stitch: StitchSettings
    outputs: Outputs
    storage: Storage
    catalog: Catalog
    workspaces: tuple[Workspace, ...]
    alerts: AlertSettings
    jobs: tuple[Job, ...]
    document: YamlDocument

    def tier_rank(self, tier: str) -> int:
        """Position of ``tier`` in the ordered list; -1 when unknown."""
        try:
            return self.privacy_tiers.index(tier)
        except ValueError:
            return -1

    def workspace(self, name: str) -> Workspace | None:
        return next((space for space in self.workspaces if space.name == name), None)

    def identifier(self, name: str) -> Identifier | None:
        return next((ident for ident in self.identifiers if ident.matches(name)), None)

    def schema_uri(self, event: str, version: int) -> str:
        return f"{self.schema_base_uri}{event}/v{version}.json"


def load_registry_config(root: Path) -> RegistryConfig:
    """Load ``root/registry.yaml``, raising :class:`RegistryConfigError` with positions."""
    path = root / REGISTRY_FILE
    if not path.is_file():
        raise RegistryConfigError(
            f"no {REGISTRY_FILE} in {root}",
            location=Location(str(path)),
            hint="run inside a registry, pass --registry DIR, or create one with `contracts init`",
        )
    doc = load_yaml_file(path, _display(path))
    data = doc.data
    problems = structure_violations(data, "registry")
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RegistryConfigError(
            f"invalid registry file: {first.message}{more}",
            location=doc.location(first.path, key=first.at_key),
            hint="every section is described in docs/reference/registry.md; "
            "`contracts init` writes a valid registry.yaml",
        )
    _check_tiers(doc)
    _check_envelope_keywords(doc)
    _check_runtime_fields(doc)
    _check_blocked_patterns(doc)
    section = data["registry"]
    return RegistryConfig(
        root=root,
        name=section["name"],
        schema_base_uri=section["schema_base_uri"],
        default_compatibility=section["default_compatibility"],
        main_branch=section.get("main_branch", "main"),
        owners=tuple(section.get("owners", ())),
        privacy_tiers=tuple(data["privacy_tiers"]),
        pii_classes=dict(data["pii_classes"]),
        identifiers=tuple(
            Identifier(
                name=name,
                path=spec["path"],
                prefix=spec["prefix"],
                purpose=spec["purpose"],
                persistence=dict(spec["persistence"]),
                allowed_uses=tuple(spec.get("allowed_uses", ())),
                stitch=_stitch_rule(spec.get("stitch")),
                location=doc.location(("identifiers", name), key=True),
            )
            for name, spec in data["identifiers"].items()
        ),
        envelope=data["envelope"],
        stitch=_stitch_settings(data.get("stitch")),
        outputs=outputs_section(doc),
        storage=storage_section(doc),
        catalog=catalog_section(doc),
        workspaces=workspaces_section(doc),
        alerts=settings_from(data),
        jobs=jobs_section(doc),
        document=doc,
    )


def _blocked(spec: dict[str, Any] | None) -> Blocked:
    spec = spec or {}
    return Blocked(tuple(spec.get("values", ())), tuple(spec.get("patterns", ())))


def _stitch_rule(spec: dict[str, Any] | None) -> StitchRule:
    if spec is None:
        return StitchRule()
    return StitchRule(
        links=spec["links"],
        max_per_identity=spec.get("max_per_identity"),
        weight=float(spec.get("weight", 1.0)),
        blocked=_blocked(spec.get("blocked")),
    )


def _stitch_settings(spec: dict[str, Any] | None) -> StitchSettings:
    if spec is None:
        return StitchSettings()
    return StitchSettings(
        key_version=spec["key_version"],
        max_component_size=spec.get("max_component_size"),
        blocked=_blocked(spec.get("blocked")),
    )


def _check_blocked_patterns(doc: YamlDocument) -> None:
    """A blocked pattern that does not compile would fail the nightly stitch: refuse it here."""
    places: list[JsonPath] = [("stitch", "blocked", "patterns")]
    places += [
        ("identifiers", name, "stitch", "blocked", "patterns") for name in doc.data["identifiers"]
    ]
    for place in places:
        node: Any = doc.data
        for step in place:
            node = node.get(step) if isinstance(node, dict) else None
        for index, pattern in enumerate(node or ()):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise RegistryConfigError(
                    f"blocked pattern {pattern!r} is not a valid regular expression: {exc}",
                    location=doc.location((*place, index)),
                    hint="write a Python regular expression, e.g. '^0+$'",
                ) from None


def _check_tiers(doc: YamlDocument) -> None:
    tiers = doc.data["privacy_tiers"]
    references = [
        (("pii_classes", name, "min_tier"), spec.get("min_tier"))
        for name, spec in doc.data["pii_classes"].items()
    ] + [
        (("workspaces", name, "max_tier"), spec.get("max_tier"))
        for name, spec in doc.data.get("workspaces", {}).items()
    ]
    for path, tier in references:
        if tier is not None and tier not in tiers:
            raise RegistryConfigError(
                f"unknown privacy tier '{tier}'",
                location=doc.location(path),
                hint=f"use one of: {', '.join(tiers)}",
            )


def _check_envelope_keywords(doc: YamlDocument) -> None:
    """Draft-07 ignores unknown keywords, so a typo or a stray key from an unquoted comma in a
    flow mapping would silently drop a constraint of every event: refuse it."""
    stack: list[tuple[JsonPath, Any]] = [(("envelope",), doc.data["envelope"])]
    while stack:
        path, node = stack.pop()
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key in ("properties", "definitions", "patternProperties") and isinstance(
                value, dict
            ):
                stack.extend(((*path, key, name), sub) for name, sub in value.items())
            elif key not in DRAFT7_KEYWORDS and not key.startswith("x-"):
                raise RegistryConfigError(
                    f"unknown schema keyword {key!r} in the envelope",
                    location=doc.location((*path, key), key=True),
                    hint="fix the typo, or quote a description that contains a comma",
                )
            elif isinstance(value, dict):
                stack.append(((*path, key), value))


# meta fields the runtime reads after validation (routing, dedupe, lag, signature check): each
# must be declared and required, or a valid event could reach the runtime without it.
RUNTIME_META_FIELDS: dict[str, str] = {
    "event": "{type: string, description: Event name.}",
    "v": "{type: integer, minimum: 1, description: Contract major version.}",
    "event_id": "{type: string, format: uuid, description: Idempotency key.}",
    "occurred_at": "{type: string, format: date-time, description: When it happened.}",
    "sent_at": "{type: string, format: date-time, description: When the producer sent it.}",
    "source": "{type: string, enum: [web, ios, android, backend], description: Producer.}",
    "signature": '{type: string, pattern: "^[0-9a-f]{64}$", description: Digest or HMAC.}',
}


def _check_runtime_fields(doc: YamlDocument) -> None:
    """Every meta field the runtime relies on is declared and required in the envelope: all that
    are missing are reported at once, each with the YAML to add."""
    meta = doc.data["envelope"].get("properties", {}).get("meta")
    if not isinstance(meta, dict):
        raise RegistryConfigError(
            "the envelope declares no `meta` object",
            location=doc.location(("envelope",)),
            hint="add envelope.properties.meta; `contracts init` writes a complete envelope",
        )
    declared = meta.get("properties", {}) if isinstance(meta.get("properties"), dict) else {}
    required = set(meta.get("required", [])) if isinstance(meta.get("required"), list) else set()
    undeclared = [name for name in RUNTIME_META_FIELDS if name not in declared]
    unrequired = [name for name in RUNTIME_META_FIELDS if name in declared and name not in required]
    if not undeclared and not unrequired:
        return
    parts = []
    if undeclared:
        parts.append("does not declare " + ", ".join(undeclared))
    if unrequired:
        parts.append("does not require " + ", ".join(unrequired))
    yaml_lines = "".join(f"\n        {name}: {RUNTIME_META_FIELDS[name]}" for name in undeclared)
    hint = f"add under envelope.properties.meta.properties:{yaml_lines}\n" if undeclared else ""
    hint += (
        f"and list them in envelope.properties.meta.required: [{', '.join(RUNTIME_META_FIELDS)}]"
    )
    raise RegistryConfigError(
        "the envelope's meta " + " and ".join(parts) + ", which the runtime relies on",
        location=doc.location(("envelope", "properties", "meta")),
        hint=hint,
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
