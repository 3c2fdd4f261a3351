"""The dbt target's Athena flavour, without AWS: compiled by dbt-athena, read by sqlglot.

``dbt compile`` with dbt-athena (from .venv-dbt) renders every model and data test for
``target.type == 'athena'``. Compiling an incremental model asks the catalog whether the
table exists (STS for the account, Glue ``GetTables``), so the adapter talks to moto's server on
127.0.0.1 with fake credentials, never to AWS. Every compiled statement must then parse in
sqlglot's ``athena`` dialect, and every function and cast in it must be one Athena supports
for its input types (``tests/codegen/athena_sql.py``, citing Trino's documentation).
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from lakecontracts.codegen.aws.glue import render_glue
from lakecontracts.codegen.dbt import render_dbt
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.codegen.sql.hive_tables import hive_tables
from lakecontracts.registry.registry import Registry
from tests.codegen.athena_sql import CASTS, FUNCTIONS, Checker, bronze_paths
from tests.conftest import EXAMPLE_REGISTRY, REPO_ROOT

DBT = Path(os.environ.get("LAKECONTRACTS_DBT", REPO_ROOT / ".venv-dbt" / "bin" / "dbt"))
PROJECT = """name: lakecontracts_athena
version: "1.0"
config-version: 2
profile: lakecontracts
model-paths: [models]
macro-paths: [macros]
"""


def _profiles(root: Path) -> list[str]:
    return ["--no-populate-cache", "--threads", "1", "--profiles-dir", str(root)]


def _has_dbt_athena() -> bool:
    return DBT.is_file() and any(
        (DBT.parent.parent / "lib").glob("python3*/site-packages/dbt/adapters/athena")
    )


needs_dbt_athena = pytest.mark.skipif(
    not _has_dbt_athena(),
    reason=f"no dbt-athena beside {DBT}: .venv-dbt/bin/pip install -e '.[dbt]'",
)


@pytest.fixture(scope="module")
def inp() -> GenerationInput:
    return GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))


@pytest.fixture(scope="module")
def checker(inp: GenerationInput) -> Checker:
    tables = hive_tables(inp.registry.config, inp.events)
    return Checker(bronze_paths(tables), {})


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server_module = pytest.importorskip("moto.server")
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    # moto's backends are per process: start from an empty catalog whatever ran before.
    urllib.request.urlopen(
        urllib.request.Request(f"http://{host}:{port}/moto-api/reset", method="POST")
    ).close()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def env(moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("home")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(root),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # moto's server, fake credentials, no shared config: nothing can reach AWS
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": str(root / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(root / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_REGION": "eu-west-1",
        "LAKECONTRACTS_ATHENA_RESULTS": "s3://athena-results.invalid/",
    }
    return env


@pytest.fixture(scope="module")
def athena_root(
    inp: GenerationInput, env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The example registry's project after ``dbt compile --target athena``."""
    root = tmp_path_factory.mktemp("dbt-athena")
    for relative, data in render_dbt(inp).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    (root / "dbt_project.yml").write_text(PROJECT)
    # the profile example the target generates, as a deployment would copy it
    (root / "profiles.yml").write_bytes((root / "profiles.example.yml").read_bytes())
    done = subprocess.run(
        [str(DBT), "compile", "--target", "athena", *_profiles(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return root


@pytest.fixture(scope="module")
def compiled(athena_root: Path) -> dict[str, str]:
    """Every compiled file (models and data tests), by path."""
    out = athena_root / "target" / "compiled" / "lakecontracts_athena"
    return {str(p.relative_to(out)): p.read_text() for p in sorted(out.rglob("*.sql"))}


@pytest.fixture(scope="module")
def incremental(
    inp: GenerationInput, athena_root: Path, moto_endpoint: str, env: dict[str, str]
) -> dict[str, str]:
    """The Silver models compiled once their tables exist (moto's Glue holds the ``glue``
    target's own requests), so ``is_incremental()`` is true and its branch is compiled."""
    boto3 = pytest.importorskip("boto3")
    glue = boto3.client(
        "glue",
        endpoint_url=moto_endpoint,
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    requests = {path: json.loads(data) for path, data in render_glue(inp).items()}
    glue.create_database(**requests["silver.json"])
    for path, request in sorted(requests.items()):
        if path.startswith("silver/"):
            glue.create_table(**request)
            # The split tables dbt materialises incrementally on Athena (the conformed model is
            # a view there): their relations must exist for is_incremental() to be true.
            for split in ("__sanitized", "__private"):
                table = request["TableInput"]
                copy = {**table, "Name": table["Name"] + split}
                glue.create_table(DatabaseName=request["DatabaseName"], TableInput=copy)
    target = "target-incremental"
    select = ["--select", "path:models/silver", "--target-path", target]
    done = subprocess.run(
        [str(DBT), "compile", "--target", "athena", *select, *_profiles(athena_root)],
        cwd=athena_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    out = athena_root / target / "compiled" / "lakecontracts_athena" / "models" / "silver"
    return {p.name: p.read_text() for p in sorted(out.glob("*.sql"))}


def parse(sql: str) -> list[exp.Expression]:
    statements: list[exp.Expression] = []
    for statement in sqlglot.parse(sql, read="athena"):
        if statement is not None:
            assert isinstance(statement, exp.Expression), statement
            statements.append(statement)
    return statements


@pytest.mark.slow
@needs_dbt_athena
def test_every_model_and_data_test_compiles_for_athena(compiled: dict[str, str]) -> None:
    models = {p for p in compiled if not p.startswith("models/") or p.count("/") == 2}
    assert "models/staging/stg_booking__leg_created.sql" in models
    assert "models/silver/fact_booking_legs.sql" in models
    tests = [p for p in compiled if p.endswith(".yml/" + p.rsplit("/", 1)[-1])]
    assert len(compiled) > 300 and tests  # the data tests compiled too


@pytest.mark.slow
@needs_dbt_athena
def test_every_compiled_statement_parses_in_sqlglots_athena_dialect(
    compiled: dict[str, str],
) -> None:
    failures = []
    for path, sql in compiled.items():
        try:
            statements = sqlglot.parse(sql, read="athena", error_level=sqlglot.ErrorLevel.RAISE)
        except sqlglot.errors.ParseError as error:
            failures.append(f"{path}: {error}")
            continue
        if not any(s is not None for s in statements):
            failures.append(f"{path}: no statement")
    assert failures == []


@pytest.mark.slow
@needs_dbt_athena
def test_every_function_and_cast_is_one_athena_supports(
    compiled: dict[str, str], checker: Checker
) -> None:
    statements = {path: parse(sql) for path, sql in compiled.items()}
    for path, parsed in statements.items():
        if path.startswith("models/staging/"):
            for statement in parsed:
                checker.learn(statement)
    problems = [
        f"{path}: {problem}"
        for path, parsed in statements.items()
        for statement in parsed
        for problem in checker.problems(statement)
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
@needs_dbt_athena
def test_silver_models_carry_the_athena_config(athena_root: Path) -> None:
    """dbt-athena read the Athena branch of the config (its manifest shows it): the stored
    Silver table is the sanitized split; the conformed model is a view."""
    manifest = json.loads((athena_root / "target" / "manifest.json").read_text())
    nodes = manifest["nodes"]
    assert nodes["model.lakecontracts_athena.fact_booking_legs"]["config"]["materialized"] == "view"
    config = nodes["model.lakecontracts_athena.fact_booking_legs__sanitized"]["config"]
    assert config["table_type"] == "hive" and config["partitioned_by"] == ["dt"]
    assert config["external_location"] == "s3://lakehouse-silver/fact_booking_legs/"
    tags = config["lf_tags_config"]
    assert tags["tags"] == {
        "privacy_tier": "internal",
        "domain": "booking",
        "row_filter_city": "exempt",
    }
    assert "leg_id" in tags["tags_columns"]["privacy_tier"]["internal"]


@pytest.mark.slow
@needs_dbt_athena
def test_bronze_instants_are_parsed_with_from_iso8601_timestamp(compiled: dict[str, str]) -> None:
    staging = parse(compiled["models/staging/stg_booking__leg_created.sql"])[0]
    parsed = [
        c for c in staging.find_all(exp.Cast) if c.to.sql("athena").upper().startswith("TIMESTAMP")
    ]
    from_bronze = [c for c in parsed if not isinstance(c.this, exp.Null)]
    assert len(from_bronze) == 6  # occurred_at, _ingested_at, _occurred_at, in both versions
    for cast in from_bronze:
        assert isinstance(cast.this, exp.Paren)
        shifted = cast.this.this
        assert isinstance(shifted, exp.AtTimeZone) and shifted.args["zone"].name == "UTC"
        assert isinstance(shifted.this, exp.FromISO8601Timestamp)


@pytest.mark.slow
@needs_dbt_athena
def test_the_incremental_branch_is_athena_sql_too(
    compiled: dict[str, str], incremental: dict[str, str], checker: Checker
) -> None:
    assert "fact_booking_legs.sql" in incremental
    for path, sql in compiled.items():
        if path.startswith("models/staging/"):
            for statement in parse(sql):
                checker.learn(statement)
    problems = []
    split = [name for name in incremental if "__" in name]
    assert "fact_booking_legs__sanitized.sql" in split
    for name, sql in incremental.items():
        (model,) = parse(sql)
        if name in split:  # incremental on Athena; the conformed model is a view
            assert model.find(exp.Max) is not None, name  # the is_incremental() branch
        problems += [f"{name}: {p}" for p in checker.problems(model)]
    assert problems == []


# The checker itself, on SQL written by hand (no dbt needed): it must be able to fail.


def test_checker_refuses_a_varchar_to_timestamp_cast(checker: Checker) -> None:
    sql = (
        'select cast(bronze."meta"."occurred_at" as timestamp) as "occurred_at" '
        'from "awsdatacatalog"."bronze_events"."booking__leg_created__v2" as bronze'
    )
    (problem,) = list(checker.problems(parse(sql)[0]))
    assert "no cast from varchar to timestamp" in problem


def test_checker_refuses_a_function_athena_lacks_or_a_wrong_input(checker: Checker) -> None:
    sql = (
        "select strftime(now(), '%Y') as y, "
        'md5(bronze."payload"."leg_id") as h '
        'from "awsdatacatalog"."bronze_events"."booking__leg_created__v2" as bronze'
    )
    problems = list(checker.problems(parse(sql)[0]))
    assert any("not in the Athena function table" in p for p in problems)
    assert any("md5 takes no varchar" in p for p in problems)


def test_checker_accepts_the_iso8601_parse(checker: Checker) -> None:
    sql = (
        'select cast((from_iso8601_timestamp(bronze."meta"."occurred_at") at time zone \'UTC\')'
        ' as timestamp) as "occurred_at" '
        'from "awsdatacatalog"."bronze_events"."booking__leg_created__v2" as bronze'
    )
    assert list(checker.problems(parse(sql)[0])) == []


def test_every_table_row_cites_trinos_documentation() -> None:
    links = [f.docs for f in FUNCTIONS.values()] + list(CASTS.values())
    assert all(link.startswith("https://trino.io/docs/current/") for link in links)
    assert ("varchar", "timestamp") not in CASTS
