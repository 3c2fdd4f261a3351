"""Version policy and governance rules, on real git repositories with the example registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from lakecontracts.errors import Location
from lakecontracts.gate.table import POLICY_RULES
from lakecontracts.reporting.finding import Waiver
from tests.compat.gitrepo import LEG_V2, PAYMENT, RESET, GitRepo, git, of_rule, rules


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo")
    repo.branch("feature")
    return repo


def test_no_change_passes(repo: GitRepo) -> None:
    report = repo.compat()
    assert report.contracts == [] and not report.failed
    assert report.against_label == "merge base of HEAD and main"


def test_compatible_change_passes_and_stays_in_version(repo: GitRepo) -> None:
    # BACKWARD_TRANSITIVE: an optional field on a closed model is compatible.
    repo.edit(
        PAYMENT, "    livemode:", "    note: {type: string, description: A note.}\n    livemode:"
    )
    repo.commit("add optional field")
    report = repo.compat()
    assert not report.failed, [f.message for f in report.findings]
    (result,) = report.contracts
    assert result.key == "payments.payment_succeeded@1"
    assert result.suggestion is not None and result.suggestion.bump == "same-version"


def test_description_only_change_needs_no_bump(repo: GitRepo) -> None:
    repo.edit(PAYMENT, "Captured amount in minor", "Captured amount, in minor")
    report = repo.compat()  # uncommitted working-tree changes count too
    (result,) = report.contracts
    assert result.suggestion is not None and result.suggestion.bump == "same-version"
    assert not report.failed


def test_break_within_version_fails_with_fix(repo: GitRepo) -> None:
    repo.edit(LEG_V2, "maximum: 20", "maximum: 10")
    repo.commit("narrow traveller_index")
    report = repo.compat()
    assert report.failed
    (finding,) = of_rule(report, "VERSION_BREAK_WITHOUT_BUMP")
    assert "create events/booking/leg_created/v3.yaml" in finding.fix
    assert "'supersedes: 2'" in finding.fix
    assert finding.path == "/payload/traveller_index"
    assert finding.location.file.endswith(LEG_V2)
    assert finding.location.line == 21  # traveller_index's schema in v2.yaml
    (change,) = finding.changes
    assert change.to_json()["witness"]["payload"]["traveller_index"] > 10
    (result,) = report.contracts
    assert result.suggestion is not None and result.suggestion.bump == "new-version"


def test_new_version_that_drops_a_silver_column_fails_continuity(repo: GitRepo) -> None:
    text = repo.path(LEG_V2).read_text(encoding="utf-8")
    v3 = text.replace("v: 2", "v: 3").replace("supersedes: 1", "supersedes: 2")
    v3 = v3.replace("    currency: payload.currency\n", "", 1)
    repo.write("events/booking/leg_created/v3.yaml", v3)
    repo.commit("v3")
    report = repo.compat()
    (finding,) = of_rule(report, "SILVER_CONTINUITY")
    assert "fact_booking_legs.currency" in finding.message
    assert finding.v == 3
    assert report.failed
    assert not of_rule(report, "SUPERSEDES_CHAIN")


def test_new_version_with_same_silver_columns_passes(repo: GitRepo) -> None:
    text = repo.path(LEG_V2).read_text(encoding="utf-8")
    v3 = text.replace("v: 2", "v: 3").replace("supersedes: 1", "supersedes: 2")
    v3 = v3.replace("maximum: 20", "maximum: 10")
    repo.write("events/booking/leg_created/v3.yaml", v3)
    report = repo.compat()
    assert not report.failed, [f.message for f in report.findings]
    (result,) = report.contracts
    assert result.kind == "new-version" and result.against == ["v2"]
    assert result.suggestion is not None and result.suggestion.bump == "new-version"


def test_new_version_changing_a_silver_column_type_fails(repo: GitRepo) -> None:
    text = repo.path(LEG_V2).read_text(encoding="utf-8")
    v3 = text.replace("v: 2", "v: 3").replace("supersedes: 1", "supersedes: 2")
    v3 = v3.replace(
        "    amount_minor:\n      type: integer", "    amount_minor:\n      type: number"
    )
    repo.write("events/booking/leg_created/v3.yaml", v3)
    (finding,) = of_rule(repo.compat(), "SILVER_CONTINUITY")
    assert "was int" in finding.message and "is double" in finding.message


def test_supersedes_chain(repo: GitRepo) -> None:
    text = repo.path(LEG_V2).read_text(encoding="utf-8")
    repo.write("events/booking/leg_created/v4.yaml", text.replace("v: 2", "v: 4"))
    messages = [f.message for f in of_rule(repo.compat(), "SUPERSEDES_CHAIN")]
    assert any("supersedes 1" in m and "newest version at the ref is v2" in m for m in messages)
    assert any("skips versions" in m for m in messages)


def test_transitive_mode_catches_a_break_the_previous_revision_hides(repo: GitRepo) -> None:
    # On main: rev1 allows traveller_index up to 10; rev2 (mode NONE) narrows to 5.
    git_main = repo.top

    git(git_main, "checkout", "-q", "main")
    repo.edit(PAYMENT, "compatibility: BACKWARD_TRANSITIVE", "compatibility: NONE")
    repo.edit(PAYMENT, "maximum: 1000000000", "maximum: 1000")
    rev1 = repo.commit("rev1: max 1000, mode NONE")
    repo.edit(PAYMENT, "maximum: 1000\n", "maximum: 500\n")
    rev2 = repo.commit("rev2: max 500")
    git(git_main, "checkout", "-q", "-b", "pr")
    # The pull request widens to 700: compatible with rev2 (500), not with rev1 (1000).
    repo.edit(PAYMENT, "maximum: 500\n", "maximum: 700\n")
    repo.edit(PAYMENT, "compatibility: NONE", "compatibility: BACKWARD")
    plain = repo.compat()
    assert not of_rule(plain, "VERSION_BREAK_WITHOUT_BUMP")
    assert plain.contracts[0].against == [rev2[:10]]

    repo.edit(PAYMENT, "compatibility: BACKWARD", "compatibility: BACKWARD_TRANSITIVE")
    transitive = repo.compat()
    (finding,) = of_rule(transitive, "VERSION_BREAK_WITHOUT_BUMP")
    assert finding.against == rev1[:10]
    assert finding.changes[0].to_json()["witness"]["payload"]["amount_minor"] > 700
    assert transitive.contracts[0].against[:2] == [rev2[:10], rev1[:10]]


RETIRED = "status: retired\nretired_on: 2026-05-01"
#: Edits (file, old, new) that each make exactly one governance rule fire.
GOVERNANCE: dict[str, list[tuple[str, str, str]]] = {
    "PRIVACY_TIER_LOWERED": [(RESET, "privacy_tier: confidential", "privacy_tier: internal")],
    "PII_CLASS_CHANGED": [(RESET, "x-pii: pseudonymous", "x-pii: none")],
    "IDENTIFIER_REMOVED": [(RESET, "anon_id, session_id]", "anon_id]")],
    "NATURAL_KEY_CHANGED": [(RESET, "natural_key: [reset_id]", "natural_key: [reset_id, action]")],
    "VERSION_RETIRED_WHILE_ACTIVE": [(RESET, "status: active", RETIRED)],
}  # fmt: skip
GOVERNANCE_PATHS = {
    "PRIVACY_TIER_LOWERED": "/privacy_tier",
    "PII_CLASS_CHANGED": "/payload/previous_anon_id_sha256",
    "IDENTIFIER_REMOVED": "/identifiers",
    "NATURAL_KEY_CHANGED": "/silver/natural_key",
    "VERSION_RETIRED_WHILE_ACTIVE": "/status",
}


def waiver(rule: str, expires: str = "2026-12-31", path: str | None = None) -> Waiver:
    return Waiver(
        rule=rule,
        event="identity.privacy_reset",
        v=1,
        path=path,
        reason="Reviewed in PRIV-1.",
        approver="privacy-team",
        expires=expires,
        location=Location("compat-waivers.yaml", 2, 5),
    )


@pytest.mark.parametrize("rule", list(GOVERNANCE))
def test_governance_rule_fires_and_a_waiver_silences_it(repo: GitRepo, rule: str) -> None:
    for rel, old, new in GOVERNANCE[rule]:
        repo.edit(rel, old, new)
    repo.commit(rule)
    report = repo.compat()
    assert rules(report) == {rule}, [f.message for f in report.findings]
    (finding,) = of_rule(report, rule)
    assert finding.path == GOVERNANCE_PATHS[rule]
    assert finding.fix
    waived = repo.compat(waivers=(waiver(rule, path=GOVERNANCE_PATHS[rule]),))
    assert not waived.failed
    assert of_rule(waived, rule)[0].waived_by is not None


def test_waiver_for_another_path_does_not_silence(repo: GitRepo) -> None:
    repo.edit(RESET, "x-pii: pseudonymous", "x-pii: none")
    report = repo.compat(waivers=(waiver("PII_CLASS_CHANGED", path="/payload/other"),))
    assert report.failed
    assert {f.rule for f in report.findings} == {"PII_CLASS_CHANGED", "WAIVER_UNUSED"}


def test_expired_waiver_fails(repo: GitRepo) -> None:
    repo.edit(RESET, "x-pii: pseudonymous", "x-pii: none")
    report = repo.compat(waivers=(waiver("PII_CLASS_CHANGED", expires="2026-05-31"),))
    assert rules(report) == {"PII_CLASS_CHANGED", "WAIVER_EXPIRED"}
    (expired,) = of_rule(report, "WAIVER_EXPIRED")
    assert "expired on 2026-05-31" in expired.message
    assert expired.location.file == "compat-waivers.yaml"


def test_retiring_after_the_sunset_date_is_fine(repo: GitRepo) -> None:
    leg_v1 = "events/booking/leg_created/v1.yaml"
    repo.edit(leg_v1, "sunset_on: 2027-04-15", "sunset_on: 2026-04-15")
    repo.commit("sunset passed")

    base = git(repo.top, "rev-parse", "HEAD")
    repo.edit(leg_v1, "status: deprecated", "status: retired")
    repo.edit(leg_v1, "sunset_on: 2026-04-15", "sunset_on: 2026-04-15\nretired_on: 2026-05-01")
    assert "VERSION_RETIRED_WHILE_ACTIVE" not in rules(repo.compat(against=base))


def test_retiring_during_the_sunset_window_fails(repo: GitRepo) -> None:
    leg_v1 = "events/booking/leg_created/v1.yaml"
    repo.edit(leg_v1, "status: deprecated", "status: retired")
    repo.edit(leg_v1, "sunset_on: 2027-04-15", "sunset_on: 2027-04-15\nretired_on: 2027-05-01")
    (finding,) = of_rule(repo.compat(), "VERSION_RETIRED_WHILE_ACTIVE")
    assert "sunset_on 2027-04-15 not yet passed" in finding.message


def test_weakening_the_mode_in_place_fails(repo: GitRepo) -> None:
    repo.edit(RESET, "compatibility: BACKWARD_TRANSITIVE", "compatibility: NONE")
    assert rules(repo.compat()) == {"COMPATIBILITY_MODE_WEAKENED"}


def test_envelope_change_compares_every_contract(repo: GitRepo) -> None:
    repo.edit(
        "registry.yaml",
        'request_id: {type: [string, "null"], maxLength: 128',
        'request_id: {type: [string, "null"], maxLength: 64',
    )
    report = repo.compat()
    assert len(report.contracts) == 18
    assert "VERSION_BREAK_WITHOUT_BUMP" in rules(report)


def test_rule_ids_are_unique_and_self_describing() -> None:
    ids = [rule.id for rule in POLICY_RULES]
    assert len(ids) == len(set(ids))
    assert all(i.isupper() and " " not in i for i in ids)


def test_warehouse_rules_say_when_they_could_not_judge_a_version(repo: GitRepo) -> None:
    # Before: the mapping error was swallowed and the warehouse rules silently saw no tables.
    repo.edit("registry.yaml", "  bronze_database: bronze_events\n", "")
    repo.edit(LEG_V2, "maximum: 20", "maximum: 10")
    report = repo.compat()
    findings = of_rule(report, "ATHENA_MAPPING_UNCHECKED")
    assert findings, rules(report, failing=False)
    assert "bronze_database" in findings[0].message


LOGIN = "events/identity/user_logged_in/v1.yaml"


def test_deleting_a_draft_version_is_fine(repo: GitRepo) -> None:
    repo.edit(PAYMENT, "status: active", "status: draft")
    base = repo.commit("draft")
    git(repo.top, "rm", "-q", f"contracts/{PAYMENT}")
    repo.commit("drop it")
    assert "VERSION_DELETED_WHILE_ACTIVE" not in rules(repo.compat(against=base), failing=False)


def test_deleting_a_retired_version_is_fine(repo: GitRepo) -> None:
    repo.edit(PAYMENT, "status: active", "status: retired\nretired_on: 2026-01-01")
    base = repo.commit("retire")
    git(repo.top, "rm", "-q", f"contracts/{PAYMENT}")
    repo.commit("drop it")
    assert "VERSION_DELETED_WHILE_ACTIVE" not in rules(repo.compat(against=base), failing=False)


def test_removing_a_field_tier_that_inherits_a_lower_tier_is_reported(repo: GitRepo) -> None:
    repo.edit(LOGIN, "privacy_tier: confidential", "privacy_tier: internal")
    base = repo.commit("contract tier internal; risk_band stays confidential")
    repo.edit(LOGIN, "      x-privacy-tier: confidential\n", "")
    report = repo.compat(against=base)
    (finding,) = of_rule(report, "PRIVACY_TIER_LOWERED")
    assert "risk_band" in finding.message and "confidential to internal" in finding.message


def test_warehouse_rules_without_catalog_and_storage_say_so(repo: GitRepo) -> None:
    text = repo.path("registry.yaml").read_text(encoding="utf-8")
    start, end = text.index("storage:\n"), text.index("# Who sees what.")
    repo.write("registry.yaml", text[:start] + text[end:])
    base = repo.commit("no catalog, no storage")
    repo.edit(
        LEG_V2, "traveller_index:\n      type: integer", "traveller_index:\n      type: number"
    )
    report = repo.compat(against=base)
    judged = rules(report, failing=False)
    assert "ATHENA_MAPPING_UNCHECKED" in judged or "ATHENA_TYPE_CHANGED" in judged, judged
