"""The compatibility rule table: stable IDs, the reader keywords each rule owns, the check.

A rule ID names what must hold for the reader to accept the writer's data ("the reader's
minimum covers the writer's values"). IDs never change meaning; a rule that must behave
differently gets a new ID. Which directions a mode checks lives in ``modes.py``.
"""

from __future__ import annotations

from lakecontracts.compat.outcome import CompatRule, RuleTable
from lakecontracts.compat.rules import arrays, combinators, objects, scalars

RULES: tuple[CompatRule, ...] = (
    CompatRule("TYPE_COVERED", ("type",), "The reader accepts every JSON type the writer allows (integer is a number).", scalars.type_covered),
    CompatRule("ENUM_COVERED", ("enum", "const"), "The reader's enum/const contains every value the writer allows.", scalars.enum_covered),
    CompatRule("MINIMUM_COVERED", ("minimum", "exclusiveMinimum"), "The reader's lower bound admits the writer's values.", scalars.minimum_covered),
    CompatRule("MAXIMUM_COVERED", ("maximum", "exclusiveMaximum"), "The reader's upper bound admits the writer's values.", scalars.maximum_covered),
    CompatRule("MULTIPLE_OF_COVERED", ("multipleOf",), "Every writer number is a multiple of the reader's multipleOf.", scalars.multiple_of_covered),
    CompatRule("MIN_LENGTH_COVERED", ("minLength",), "The reader's minLength admits the writer's strings.", scalars.min_length_covered),
    CompatRule("MAX_LENGTH_COVERED", ("maxLength",), "The reader's maxLength admits the writer's strings.", scalars.max_length_covered),
    CompatRule("PATTERN_COVERED", ("pattern",), "Every writer string matches the reader's pattern.", scalars.pattern_covered),
    CompatRule("FORMAT_COVERED", ("format",), "Every writer string has the reader's format.", scalars.format_covered),
    CompatRule("CONTENT_COVERED", ("contentEncoding", "contentMediaType"), "Writer strings decode as the reader's content encoding and media type.", scalars.content_covered),
    CompatRule("REQUIRED_COVERED", ("required",), "The writer always sends what the reader requires.", objects.required_covered),
    CompatRule("PROPERTIES_COVERED", ("properties",), "Each reader property accepts what the writer sends under that name.", objects.properties_covered),
    CompatRule("ADDITIONAL_PROPERTIES_COVERED", ("additionalProperties",), "The reader's content model accepts the writer's other properties.", objects.additional_properties_covered),
    CompatRule("PATTERN_PROPERTIES_COVERED", ("patternProperties",), "Reader pattern properties accept the writer's matching properties.", objects.pattern_properties_covered),
    CompatRule("PROPERTY_NAMES_COVERED", ("propertyNames",), "The reader's propertyNames admits the writer's names.", objects.property_names_covered),
    CompatRule("PROPERTY_COUNT_COVERED", ("minProperties", "maxProperties"), "The reader's property counts admit the writer's objects.", objects.property_count_covered),
    CompatRule("DEPENDENCIES_COVERED", ("dependencies",), "The writer meets the reader's dependencies.", objects.dependencies_covered),
    CompatRule("ITEMS_COVERED", ("items", "additionalItems"), "Reader item schemas accept the writer's items, position by position.", arrays.items_covered),
    CompatRule("ITEM_COUNT_COVERED", ("minItems", "maxItems"), "The reader's item counts admit the writer's arrays.", arrays.item_count_covered),
    CompatRule("UNIQUE_ITEMS_COVERED", ("uniqueItems",), "The writer never sends duplicates when the reader needs unique items.", arrays.unique_items_covered),
    CompatRule("CONTAINS_COVERED", ("contains", "minContains", "maxContains"), "Writer arrays contain what the reader's contains asks for, as often as it asks.", arrays.contains_covered),
    CompatRule("ALL_OF_COVERED", ("allOf",), "The writer meets every allOf branch of the reader.", combinators.all_of_covered),
    CompatRule("ANY_OF_COVERED", ("anyOf",), "Some anyOf branch of the reader accepts each writer value.", combinators.any_of_covered),
    CompatRule("ONE_OF_EXCLUSIVE", ("oneOf",), "Each writer value matches exactly one oneOf branch (no overlap).", combinators.one_of_exclusive),
    CompatRule("NOT_COVERED", ("not",), "The writer never produces what the reader's not excludes.", combinators.not_covered),
    CompatRule("CONDITIONAL_COVERED", ("if", "then", "else"), "The writer meets the reader's if/then/else.", combinators.conditional_covered),
)  # fmt: skip

#: Rules the engine itself applies, listed for --list-rules and documentation.
ENGINE_RULES: dict[str, str] = {
    "VALUES_COVERED": "Every value of a writer enum/const is accepted by the reader.",
    "SCHEMA_NOT_FALSE": "The reader does not reject everything (schema false) where the writer sends data.",
    "KEYWORD_UNDERSTOOD": "Every reader keyword a JSON Schema draft defines is understood; one that is not makes the verdict unknown (with --strict-keywords, also keywords no draft defines).",
    "DEPTH": "The schemas nest within the engine's depth limit.",
}
#: Notes the engine adds that never fail a comparison.
INFO_RULES: dict[str, str] = {
    "KEYWORD_ANNOTATION": "A keyword no JSON Schema draft defines is read as an annotation (validators ignore it), reported once per keyword.",
}  # fmt: skip


#: The table the engine runs (``Engine(..., rules=RULE_TABLE)``).
RULE_TABLE = RuleTable(RULES)
