"""Fixtures for codegen tests: one local Spark session with Hive support for the whole run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """local[1], small memory, no UI, warehouse and Derby metastore under a temp folder.

    ``${...}`` substitution is off so properties such as ``storage.location.template`` keep
    their ``${dt}`` placeholders, and the session time zone is UTC so timestamp casts of
    RFC 3339 strings are exact.
    """
    if shutil.which("java") is None:
        pytest.fail("PySpark needs Java 17+: apt-get install -y openjdk-17-jre-headless")
    sql = pytest.importorskip("pyspark.sql")
    base = tmp_path_factory.mktemp("spark")
    session = (
        sql.SparkSession.builder.master("local[1]")
        .appName("lakecontracts-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.variable.substitute", "false")
        .config("spark.sql.warehouse.dir", str(base / "warehouse"))
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={base / 'metastore'};create=true",
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={base}")
        .enableHiveSupport()
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
