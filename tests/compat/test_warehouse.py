"""Warehouse impact: JSON-compatible changes that still break the Athena tables."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from lakecontracts.codegen.types import ColumnType
from lakecontracts.gate.pair import VersionPair
from lakecontracts.gate.rules.warehouse import athena_partition_changed, type_changes
from tests.compat.gitrepo import PAYMENT, TODAY, GitRepo, of_rule, rules


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.branch("feature")
    return repo


def test_integer_to_number_is_json_compatible_but_breaks_athena(repo: GitRepo) -> None:
    # BACKWARD_TRANSITIVE: a number reader accepts every integer, so JSON-wise this is fine.
    repo.edit(
        PAYMENT, "    amount_minor:\n      type: integer", "    amount_minor:\n      type: number"
    )
    report = repo.compat()
    assert not of_rule(report, "VERSION_BREAK_WITHOUT_BUMP")
    assert rules(report) == {"ATHENA_STRUCT_FIELD_TYPE_CHANGED", "ATHENA_COLUMN_TYPE_CHANGED"}
    (field,) = of_rule(report, "ATHENA_STRUCT_FIELD_TYPE_CHANGED")
    assert field.path == "bronze_events/payments__payment_succeeded__v1.payload.amount_minor"
    assert "int -> double" in field.message
    (column,) = of_rule(report, "ATHENA_COLUMN_TYPE_CHANGED")
    assert column.path == "silver/fact_payments.amount_minor"
    assert report.contracts[0].suggestion is not None
    assert report.contracts[0].suggestion.bump == "new-version"


def test_int_to_bigint_widening_is_allowed(repo: GitRepo) -> None:
    # fee_minor: maximum 100000000 maps to int; raising it past 2^31 makes it bigint.
    repo.edit(
        PAYMENT,
        "      maximum: 100000000\n      description: Stripe",
        "      maximum: 10000000000\n      description: Stripe",
    )
    report = repo.compat()
    assert not report.failed, [f.message for f in report.findings]


def test_removed_struct_field_is_reported(repo: GitRepo) -> None:
    # Removing an optional field from an open payload keeps BACKWARD; Athena loses the field.
    repo.edit(PAYMENT, "  additionalProperties: false\n", "  additionalProperties: true\n")
    repo.commit("open the model")
    from tests.compat.gitrepo import git

    base = git(repo.top, "rev-parse", "HEAD")
    repo.edit(PAYMENT, "    card_country:", "    x_card_country:")
    report = repo.compat(against=base)
    removed = of_rule(report, "ATHENA_STRUCT_FIELD_REMOVED")
    assert [f.path for f in removed] == [
        "bronze_events/payments__payment_succeeded__v1.payload.card_country"
    ]


def test_type_changes_walks_structs_and_arrays() -> None:
    old = ColumnType("struct", fields=())
    from lakecontracts.codegen.types import Column

    old = ColumnType(
        "struct",
        fields=(
            Column("a", ColumnType("int")),
            Column("b", ColumnType("array", element=ColumnType("bigint"))),
            Column("c", ColumnType("string")),
        ),
    )
    new = ColumnType(
        "struct",
        fields=(
            Column("a", ColumnType("bigint")),
            Column("b", ColumnType("array", element=ColumnType("double"))),
        ),
    )
    found = {(c.path, c.kind, c.old, c.new) for c in type_changes(old, new)}
    assert found == {
        ("a", "widened", "int", "bigint"),
        ("b[]", "changed", "bigint", "double"),
        ("c", "removed", "string", ""),
    }


def test_partition_change_is_reported(repo: GitRepo) -> None:
    from lakecontracts.gate.pair import REVISION
    from lakecontracts.registry.registry import Registry
    from lakecontracts.registry.resolve import resolve_schema

    registry = Registry.open(repo.registry)
    contract = registry.load_contract(repo.path(PAYMENT))
    schema = resolve_schema(contract, registry.config)
    config = registry.config
    pair = VersionPair(
        REVISION, contract, contract, schema, schema, config, config, "BACKWARD", "BACKWARD", TODAY
    )
    assert list(athena_partition_changed(pair)) == []
    bronze = "bronze_events/payments__payment_succeeded__v1"
    table = pair.new_tables[bronze]
    pair.new_tables[bronze] = replace(table, partition_keys=table.partition_keys[:1])
    (problem,) = athena_partition_changed(pair)
    assert "(dt string, hour string)" in problem.message or "hour" in problem.message
