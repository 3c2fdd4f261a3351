"""The dbt target's output, without running dbt (tests/codegen/test_dbt_run.py runs it)."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest
import yaml

from lakecontracts.codegen.dbt import render_dbt
from lakecontracts.codegen.dbt.layout import build_layout
from lakecontracts.codegen.dbt.sql import ADAPTER_DIALECTS
from lakecontracts.codegen.dbt.text import doc
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.types import UnsupportedSchemaError
from lakecontracts.errors import RegistryConfigError
from lakecontracts.registry.registry import Registry
from lakecontracts.registry.resolved import ResolvedEvent
from tests.conftest import EXAMPLE_REGISTRY


@pytest.fixture(scope="module")
def inp() -> GenerationInput:
    return GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))


@pytest.fixture(scope="module")
def files(inp: GenerationInput) -> dict[str, bytes]:
    return render_dbt(inp)


def tables(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    sources = yaml.safe_load(files["models/sources.yml"])["sources"]
    assert [s["name"] for s in sources] == ["bronze_events"]
    return {t["name"]: t for t in sources[0]["tables"]}


def columns(entry: dict[str, Any]) -> dict[str, list[Any]]:
    return {c["name"]: c.get("data_tests", []) for c in entry["columns"]}


def test_output_is_byte_identical_across_runs(inp: GenerationInput) -> None:
    assert render_dbt(inp) == render_dbt(inp)


def test_one_source_table_per_non_draft_version(files: dict[str, bytes]) -> None:
    found = tables(files)
    assert {"booking__leg_created__v1", "booking__leg_created__v2"} <= set(found)
    assert "documents__identity_verified__v1" not in found  # draft: never in bronze
    assert "models/staging/stg_documents__identity_verified.sql" not in files


def test_source_config_in_dbt_111_spelling(files: dict[str, bytes]) -> None:
    v2 = tables(files)["booking__leg_created__v2"]
    config = v2["config"]
    assert config["loaded_at_field"] == "ingest.ingested_at"
    assert config["freshness"]["error_after"] == {"count": 72, "period": "hour"}
    meta = config["meta"]
    assert (meta["event"], meta["v"], meta["privacy_tier"], meta["owner"]) == (
        "booking.leg_created",
        2,
        "internal",
        "team-bookings",
    )
    assert meta["schema_hash"].startswith("sha256:")
    assert "event=booking.leg_created/v=2/dt=*/hour=*/*.ndjson" in meta["external_location"]
    assert tables(files)["booking__leg_created__v1"]["config"]["freshness"] is None  # deprecated


def test_source_column_tests(files: dict[str, bytes]) -> None:
    found = columns(tables(files)["booking__leg_created__v2"])
    assert found["payload.leg_id"] == ["not_null", "unique"]
    assert found["payload.status"] == [
        "not_null",
        {"accepted_values": {"arguments": {"values": ["pending", "confirmed", "cancelled"]}}},
    ]
    assert found["payload.traveller_index"] == []  # optional
    v1 = columns(tables(files)["booking__leg_created__v1"])
    assert v1["payload.currency"] == []  # nullable in v1


def test_staging_model_unions_versions_into_silver_columns(files: dict[str, bytes]) -> None:
    sql = files["models/staging/stg_booking__leg_created.sql"].decode()
    v1, v2 = sql.split("union all")
    assert "source('bronze_events', 'booking__leg_created__v1')" in v1
    assert "cast(null as {{ lakecontracts_type('int') }}) as \"amount_minor\"" in v1
    assert 'cast(bronze."payload"."amount_minor" as' in v2
    selected = [line.rsplit(" as ", 1)[1] for line in v1.splitlines() if ' as "' in line]
    assert selected == [line.rsplit(" as ", 1)[1] for line in v2.splitlines() if ' as "' in line]
    assert 'lakecontracts_instant(\'bronze."meta"."occurred_at"\')' in sql


def test_staging_schema_tests(files: dict[str, bytes]) -> None:
    """Staging holds every version's rows (a dual write repeats keys): no uniqueness or
    reference tests there; those belong to Silver, after deduplication."""
    models = {m["name"]: m for m in yaml.safe_load(files["models/staging/schema.yml"])["models"]}
    legs = columns(models["stg_booking__leg_created"])
    assert legs["leg_id"] == ["not_null"]
    # v1 feeds no amount (no not_null); v2's bounds become the project's range test
    assert legs["amount_minor"] == [
        {"lakecontracts_range": {"arguments": {"min_value": 0, "max_value": 100000000}}}
    ]
    status = legs["status"][-1]["accepted_values"]["arguments"]["values"]
    assert status == ["pending", "confirmed", "cancelled", "booked"]  # v2's, then v1's
    # the envelope's ^u-[0-9a-z]{6,40}$ in RE2 (DuckDB, Athena), braces escaped for Jinja
    assert legs["user_id"] == [{"lakecontracts_pattern": {"arguments": {"pattern": USER_RE2}}}]


USER_RE2 = "\\Au\\x{{ '{' }}2d{{ '}' }}(?:[0-9a-z]){{ '{' }}6,40{{ '}' }}\\z"


def test_staging_pattern_tests_run_on_duckdb() -> None:
    """The spelled pattern, rendered as dbt renders test arguments, matches as the contract."""
    import duckdb
    from jinja2 import Environment

    literal = Environment().from_string(USER_RE2).render()
    assert literal == "\\Au\\x{2d}(?:[0-9a-z]){6,40}\\z"
    rows = duckdb.execute(
        "select v, regexp_matches(v, '" + literal + "') from (values ('u-abc123'), "
        "('u-ABC123'), ('xu-abc123'), ('u-abc12')) t(v) order by v"
    ).fetchall()
    assert dict(rows) == {"u-abc123": True, "u-ABC123": False, "xu-abc123": False, "u-abc12": False}


def test_silver_schema_tests(files: dict[str, bytes]) -> None:
    models = {m["name"]: m for m in yaml.safe_load(files["models/silver/schema.yml"])["models"]}
    legs = columns(models["fact_booking_legs"])
    assert legs["fact_booking_legs_sk"] == ["not_null", "unique"]
    assert legs["leg_id"] == ["not_null", "unique"]
    assert legs["user_id"] == [
        {"relationships": {"arguments": {"to": "ref('dim_user_public')", "field": "user_id"}}}
    ]
    refunds = columns(models["fact_refunds"])
    assert refunds["payment_intent_id"][-1]["relationships"]["arguments"]["to"] == (
        "ref('fact_payments')"
    )


def test_silver_model_keeps_one_row_per_natural_key(files: dict[str, bytes]) -> None:
    sql = files["models/silver/fact_booking_legs.sql"].decode()
    assert 'partition by "leg_id" order by "_event_v" desc, "_ingested_at" desc' in sql
    assert "from {{ ref('stg_booking__leg_created') }}" in sql
    assert 'where "_rank" = 1' in sql
    assert "materialized='view'" in sql  # Athena: the conformed rows are never stored
    assert '"_event_id" not in (select "event_id" from {{ lakecontracts_excluded_events() }}' in sql
    for split in ("fact_booking_legs__sanitized", "fact_payouts__private"):
        written = files[f"models/silver/{split}.sql"].decode()
        assert "partitioned_by=['dt']" in written and "partition_by (dt)" in written


def test_the_privacy_split_follows_metabase_visibility(files: dict[str, bytes]) -> None:
    """fact_payouts is confidential throughout: sanitized keeps keys only, private hashes all;
    fact_booking_legs is internal: no private companion."""
    sanitized = files["models/silver/fact_payouts__sanitized.sql"].decode()
    assert '"amount_minor"' not in sanitized and 'i."identity_id"' in sanitized
    private = files["models/silver/fact_payouts__private.sql"].decode()
    assert '{{ lakecontracts_hash(\'c."amount_minor"\') }} as "amount_minor"' in private
    assert "models/silver/fact_booking_legs__private.sql" not in files
    models = {m["name"]: m for m in yaml.safe_load(files["models/silver/schema.yml"])["models"]}
    contract = models["fact_payouts__private"]
    assert contract["config"] == {"contract": {"enforced": True}}
    types = {c["name"]: c["data_type"] for c in contract["columns"]}
    assert types["amount_minor"] == "string" and types["dt"] == "date"
    legs = {c["name"]: c["data_type"] for c in models["fact_booking_legs__sanitized"]["columns"]}
    assert legs["amount_minor"] == "int" and legs["occurred_at"] == "timestamp"


def test_type_macros_cover_every_adapter(files: dict[str, bytes]) -> None:
    macros = files["macros/lakecontracts.sql"].decode()
    assert '"int": "INTEGER"' in macros and '"int": "integer"' in macros
    assert "duckdb__lakecontracts_instant" in macros
    # Trino's cast(varchar as timestamp) rejects the ISO 'T' form: Athena parses instants
    assert "from_iso8601_timestamp(" in macros.split("athena__lakecontracts_instant", 1)[1]
    assert "default__lakecontracts_instant" in macros  # any other adapter: a compile error


def test_every_adapter_quotes_identifiers_alike() -> None:
    assert len({dialect.quote("Leg_Id") for dialect in ADAPTER_DIALECTS.values()}) == 1


def _with_payload_type(event: ResolvedEvent, field: str, schema: dict[str, Any]) -> ResolvedEvent:
    changed = copy.deepcopy(event.schema)
    changed["properties"]["payload"]["properties"][field] = schema
    return replace(event, schema=changed)


def _change(inp: GenerationInput, v: int, field: str, schema: dict[str, Any]) -> list[Any]:
    return [
        _with_payload_type(e, field, schema) if (e.event, e.v) == ("booking.leg_created", v) else e
        for e in inp.events
    ]


def test_incompatible_silver_type_across_versions_is_an_error(inp: GenerationInput) -> None:
    events = _change(inp, 1, "currency", {"type": "boolean"})
    with pytest.raises(UnsupportedSchemaError, match=r"booking\.leg_created@1: silver column"):
        build_layout(events)


def test_numeric_widening_across_versions_is_allowed(inp: GenerationInput) -> None:
    events = _change(inp, 1, "status", {"type": "integer", "minimum": 0, "maximum": 9})
    narrow = GenerationInput(inp.registry, events, inp.manifest)
    events = _change(narrow, 2, "status", {"type": "number"})
    model = next(m for m in build_layout(events).models if m.event == "booking.leg_created")
    status = next(c for c in model.columns if c.name == "status")
    assert status.type.kind == "double"  # the newest version's type wins
    assert status.feeds[1].column.type.kind == "int"


def test_missing_bronze_database_is_a_config_error(inp: GenerationInput) -> None:
    config = inp.registry.config
    no_catalog = replace(config.catalog, settings={})
    broken = replace(
        inp, registry=replace(inp.registry, config=replace(config, catalog=no_catalog))
    )
    with pytest.raises(RegistryConfigError, match=r"catalog\.bronze_database") as caught:
        render_dbt(broken)
    where = caught.value.location
    assert where is not None and where.file.endswith("registry.yaml")
    assert where == config.catalog.place.location("bronze_database")
    assert where.line > 1


def test_blank_silver_storage_is_a_located_config_error(inp: GenerationInput) -> None:
    config = inp.registry.config
    locations = {**config.storage.locations, "silver": " "}
    storage = replace(config.storage, locations=locations)
    broken = replace(inp, registry=replace(inp.registry, config=replace(config, storage=storage)))
    with pytest.raises(RegistryConfigError, match=r"storage\.silver") as caught:
        render_dbt(broken)
    assert caught.value.location == config.storage.place.location("silver")
    assert caught.value.location is not None and caught.value.location.line > 1


def test_descriptions_reach_dbt_verbatim() -> None:
    assert doc("plain  text\n here") == "plain text here"
    assert doc("uses {{ jinja }}") == "uses {{ '{' }}{{ '{' }} jinja {{ '}' }}{{ '}' }}"


def test_silver_lf_tags_are_the_lake_formation_targets(inp: GenerationInput) -> None:
    """lf_tags_config per Silver table equals the lakeformation target's assignments."""
    from lakecontracts.codegen.aws.lakeformation import ACCOUNT_ID, PolicyBuilder
    from lakecontracts.codegen.dbt.lftags import silver_lf_tags
    from lakecontracts.codegen.governed_tables import silver_tables

    config = inp.registry.config
    tags = silver_lf_tags(config, inp.events)
    bounces = tags["fact_email_bounces"]
    assert bounces.table["privacy_tier"] == "confidential"
    assert bounces.columns["pii"]["pseudonymous"] == ("recipient_sha256",)
    for request in PolicyBuilder(
        config, silver_tables(config, inp.events), ACCOUNT_ID
    ).assignments():
        target = request["Resource"].get("TableWithColumns")
        if target is None:
            continue
        for tag in request["LFTags"]:
            value = tag["TagValues"][0]
            found = tags[target["Name"]].columns[tag["TagKey"]][value]
            assert set(target["ColumnNames"]) <= set(found)


def test_athena_config_and_profile_example(files: dict[str, bytes]) -> None:
    # the stored split tables carry the tags of the columns they hold; the conformed model is
    # a view on Athena (nothing stored, nothing to tag)
    conformed = files["models/silver/fact_email_bounces.sql"].decode()
    assert "lf_tags_config" not in conformed
    sql = files["models/silver/fact_email_bounces__private.sql"].decode()
    athena = sql.split("{%- else %}", 1)[1]
    assert "lf_tags_config={'enabled': true" in athena
    assert "'pseudonymous': ['recipient_sha256']" in athena
    assert "lf_tags_config" not in sql.split("{%- else %}", 1)[0]  # duckdb: no Lake Formation
    sanitized = files["models/silver/fact_email_bounces__sanitized.sql"].decode()
    assert "lf_tags_config={'enabled': true" in sanitized
    assert "recipient_sha256" not in sanitized
    profile = yaml.safe_load(files["profiles.example.yml"])["lakecontracts"]["outputs"]
    assert profile["athena"]["type"] == "athena" and profile["duckdb"]["type"] == "duckdb"
    assert profile["athena"]["schema"] == "silver"
    assert profile["athena"]["work_group"] == "lakehouse-events"  # the stack's workgroup
    assert profile["athena"]["s3_data_dir"] == "s3://lakehouse-silver/"
