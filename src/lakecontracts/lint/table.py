"""The rule table: every lint rule, its stable ID, category, default severity and purpose.

IDs never change meaning once released; a rule that must behave differently gets a new ID.
Add a rule by writing a function in ``rules/`` and one row here (see CONTRIBUTING.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from lakecontracts.lint.context import LintContext
from lakecontracts.lint.findings import Problem, Rule
from lakecontracts.lint.rules import (
    alerts,
    docs,
    identity,
    keywords,
    lifecycle,
    naming,
    patterns,
    privacy,
    refs,
    residual,
    silver,
    stitch,
    structure,
    types,
)
from lakecontracts.reporting.vocabulary import Severity

E, W = Severity.ERROR, Severity.WARNING


def _engine_reported(ctx: LintContext) -> Iterator[Problem]:
    """Suppression rules are checked by the engine itself, not per document."""
    return iter(())


RULES: tuple[Rule, ...] = (
    # structure
    Rule("CONTRACT_STRUCTURE", "structure", E, "Keys and value types follow the contract file format.", structure.contract_structure),
    Rule("PAYLOAD_IS_OBJECT", "structure", E, "The payload is an object schema.", structure.payload_is_object),
    # naming
    Rule("EVENT_NAME_FORMAT", "naming", E, "Event names are domain.object_action in snake_case.", naming.event_name_format, suppressible=False),
    Rule("PATH_MATCHES_EVENT", "naming", E, "The file lives at events/<domain>/<name>/ for its event.", naming.path_matches_event),
    Rule("PATH_MATCHES_VERSION", "naming", E, "The file is named v<N>.yaml for its 'v'.", naming.path_matches_version),
    Rule("FIELD_NAME_SNAKE_CASE", "naming", E, "Field names match ^[a-z][a-z0-9_]*$.", naming.field_name_snake_case, suppressible=False),
    Rule("FIELD_NAME_NOT_RESERVED", "naming", E, "Field names are not Athena DDL or DML reserved words.", naming.field_name_not_reserved),
    Rule("SILVER_TABLE_NAME", "naming", E, "Silver tables are named fact_<name> or dim_<name>.", naming.silver_table_name, suppressible=False),
    Rule("SILVER_COLUMN_NAME", "naming", E, "Silver columns are snake_case and not reserved words.", naming.silver_column_name, suppressible=False),
    # documentation and ownership
    Rule("OWNER_DECLARED", "docs", E, "The owner is one of the registry's owners.", docs.owner_declared),
    Rule("EVENT_DESCRIPTION", "docs", E, "The event has a meaningful description.", docs.description_present),
    Rule("FIELD_DESCRIPTION", "docs", E, "Every field has a description.", docs.field_description_present),
    # types
    Rule("FIELD_TYPE_DECLARED", "types", E, "Every field declares a type.", types.type_declared),
    Rule("TYPE_KNOWN", "types", E, "Types are JSON Schema types.", types.type_known),
    Rule("TYPE_SINGLE_OR_NULLABLE", "types", E, "No mixed-type unions beyond nullable: one Athena column type.", types.type_single_or_nullable),
    Rule("ADDITIONAL_PROPERTIES_DECLARED", "types", E, "Every object schema declares additionalProperties.", types.additional_properties_declared),
    Rule("ARRAY_ITEMS_DECLARED", "types", E, "Every array declares one items schema.", types.array_items_declared),
    Rule("REQUIRED_FIELDS_DEFINED", "types", E, "Required names are defined in properties.", types.required_fields_defined),
    Rule("ENUM_NON_EMPTY", "types", E, "Enums list at least one value.", types.enum_non_empty),
    Rule("ENUM_UNIQUE", "types", E, "Enum values are unique.", types.enum_unique),
    Rule("ENUM_MATCHES_TYPE", "types", E, "Enum values have the declared type.", types.enum_matches_type),
    Rule("SCHEMA_KEYWORD_KNOWN", "types", E, "Schemas use only draft-07 keywords and x- annotations.", keywords.schema_keyword_known),
    Rule("NULLABLE_ENUM_HAS_NULL", "types", E, "A nullable field's enum lists null.", keywords.nullable_enum_has_null),
    Rule("NUMERIC_BOUNDS_ORDERED", "types", E, "minimum is not above maximum.", types.numeric_bounds_ordered),
    Rule("LENGTH_BOUNDS_ORDERED", "types", E, "min length/items/properties are not above their max.", types.length_bounds_ordered),
    # patterns and formats
    Rule("PATTERN_COMPILES", "patterns", E, "Regex patterns compile.", patterns.pattern_compiles),
    Rule("PATTERN_NOT_CATASTROPHIC", "patterns", E, "Patterns have no catastrophic-backtracking shape (nested or adjacent repeats).", patterns.pattern_not_catastrophic),
    Rule("PATTERN_ANCHORED", "patterns", W, "Patterns are anchored with ^...$.", patterns.pattern_anchored),
    Rule("FORMAT_KNOWN", "patterns", E, "Formats are ones the validators assert.", patterns.format_known),
    # references
    Rule("REF_LOCAL_ONLY", "refs", E, "$ref is local; schema handling never uses the network.", refs.ref_local_only),
    Rule("REF_RESOLVES", "refs", E, "Local $ref points at an existing definition.", refs.ref_resolves),
    # privacy
    Rule("PRIVACY_TIER_KNOWN", "privacy", E, "The contract's privacy tier is declared in the registry.", privacy.privacy_tier_known),
    Rule("FIELD_TIER_KNOWN", "privacy", E, "Field x-privacy-tier values are declared in the registry.", privacy.field_tier_known),
    Rule("PII_CLASS_KNOWN", "privacy", E, "x-pii values are declared PII classes.", privacy.pii_class_known),
    Rule("PII_DIRECT_FORBIDDEN", "privacy", E, "Direct PII is never stored raw in events.", privacy.pii_direct_forbidden),
    Rule("PII_MIN_TIER", "privacy", E, "PII fields carry at least their class's minimum tier.", privacy.pii_min_tier),
    Rule("CONTRACT_TIER_COVERS_FIELDS", "privacy", E, "The contract tier is at least every field's tier.", privacy.contract_tier_covers_fields),
    Rule("ANNOTATION_KNOWN", "privacy", W, "x- annotations are known ones (catches typos like x-pi).", privacy.annotation_known),
    # identity
    Rule("IDENTIFIER_DECLARED", "identity", E, "Identifiers are declared in registry.yaml.", identity.identifiers_declared),
    Rule("IDENTIFIER_UNIQUE", "identity", E, "Identifiers are listed once.", identity.identifiers_unique),
    # lifecycle
    Rule("SUPERSEDES_REQUIRED", "lifecycle", E, "v > 1 says which version it supersedes.", lifecycle.supersedes_required),
    Rule("SUPERSEDES_EARLIER_VERSION", "lifecycle", E, "supersedes names an earlier, existing version.", lifecycle.supersedes_earlier_version),
    Rule("VERSION_DEFINED_ONCE", "lifecycle", E, "One file per event version (no v1.yaml beside v1.yml).", lifecycle.version_defined_once),
    Rule("COMPATIBILITY_MODE_KNOWN", "lifecycle", E, "The compatibility mode is a known mode.", lifecycle.compatibility_mode_known),
    Rule("DEPRECATED_HAS_DATES", "lifecycle", E, "Deprecated contracts have deprecated_on and sunset_on.", lifecycle.deprecated_has_dates),
    Rule("RETIRED_HAS_DATE", "lifecycle", E, "Retired contracts have retired_on.", lifecycle.retired_has_date),
    Rule("LIFECYCLE_DATES_ORDERED", "lifecycle", E, "deprecated_on <= sunset_on <= retired_on.", lifecycle.lifecycle_dates_ordered),
    Rule("LIFECYCLE_DATES_MATCH_STATUS", "lifecycle", E, "Lifecycle dates only on deprecated or retired contracts.", lifecycle.lifecycle_dates_match_status),
    # silver
    Rule("SILVER_SOURCE_EXISTS", "silver", E, "Silver columns read real payload/meta/context paths.", silver.silver_source_exists),
    Rule("NATURAL_KEY_DECLARED", "silver", E, "Natural keys are payload fields.", silver.natural_key_declared),
    Rule("NATURAL_KEY_REQUIRED", "silver", E, "Natural keys are required fields.", silver.natural_key_required),
    Rule("NATURAL_KEY_NOT_NULLABLE", "silver", E, "Natural keys are not nullable.", silver.natural_key_not_nullable),
    Rule("NATURAL_KEY_ANNOTATED", "silver", W, "Fields marked x-natural-key are in silver.natural_key.", silver.natural_key_annotated),
    Rule("SILVER_REFERENCE_FORMAT", "silver", E, "References are table.column from a Silver column.", silver.silver_reference_format, suppressible=False),
)  # fmt: skip

SUPPRESSION_RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("SUPPRESSION_HAS_REASON", "suppression", E, "Every suppression gives a reason.", _engine_reported),
        Rule("SUPPRESSION_KNOWN_RULE", "suppression", E, "Suppressions name existing rules.", _engine_reported),
        Rule("SUPPRESSION_ALLOWED", "suppression", E, "Safe-name rules (file, table and SQL names) are never suppressed.", _engine_reported),
    )
}  # fmt: skip

#: Rules over registry.yaml itself, run once per lint of the whole registry (or of registry.yaml).
REGISTRY_RULES: tuple[Rule, ...] = (
    Rule("IDENTIFIER_PATH_IN_ENVELOPE", "identity", E, "Each identifier's path is a field the envelope declares.", identity.identifier_path_in_envelope),
    Rule("STITCH_FRAUD_ONLY_NEVER_LINKS", "identity", E, "An identifier not allowed for analytics never links users in the analytics graph.", stitch.fraud_only_never_links_users),
    Rule("STITCH_DOMAIN_IDS_NEVER_LINK", "identity", E, "Domain object IDs (ids.*) declare links: none.", stitch.domain_ids_never_link),
    Rule("STITCH_ACCOUNT_CAPPED", "identity", E, "A linking account identifier is capped at one per identity.", stitch.account_anchor_capped),
    Rule("ALERT_LAG_ABOVE_FIREHOSE_BUFFER", "alerts", W, "The p95 ingestion lag alert sits above the Firehose buffer interval, so it can be met.", alerts.lag_alert_reachable),
    Rule("STITCH_LIFETIME_DECLARED", "identity", E, "A rolling linking identifier declares its lifetime.", stitch.rolling_lifetime_declared),
    Rule("DSAR_RESIDUAL_WITHIN_DEADLINE", "privacy", E, "Every residual-data location is gone within the DSAR deadline.", residual.residual_within_deadline),
    Rule("DSAR_RESIDUAL_HAS_LIFECYCLE", "privacy", E, "Every residual-data location names the lifecycle rule that removes it.", residual.residual_has_lifecycle),
    Rule("DSAR_QUARANTINE_WITHIN_DEADLINE", "privacy", E, "Quarantined records expire within the DSAR deadline.", residual.quarantine_within_deadline),
)  # fmt: skip

ALL_RULES: tuple[Rule, ...] = RULES + tuple(SUPPRESSION_RULES.values()) + REGISTRY_RULES
