"""One local SparkSession for the engine tests (stitch, DSAR): local[1], no UI, UTC."""

from __future__ import annotations

import shutil
from typing import Any

import pytest


def local_spark(app: str) -> Any:
    if shutil.which("java") is None:
        pytest.fail("PySpark needs Java 17+: apt-get install -y openjdk-17-jre-headless")
    sql = pytest.importorskip("pyspark.sql")
    session = (
        sql.SparkSession.builder.master("local[1]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session
