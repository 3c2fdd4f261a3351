"""CloudWatch alarms: on the metrics the runtime really emits, at registry.yaml's thresholds."""

from __future__ import annotations

import json
import time
from typing import Any

from lakecontracts.codegen.aws.cloudformation import TEMPLATE_FILE, render_cloudformation
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.alerts import AlertSettings
from lakecontracts.registry.registry import Registry
from lakecontracts.runtime.firehose import SERVICE as FIREHOSE_SERVICE
from lakecontracts.runtime.firehose import over_limit_document
from lakecontracts.runtime.metrics import IngestMetrics
from lakecontracts.runtime.records import Reason
from tests.conftest import EXAMPLE_REGISTRY

#: Metrics emitted in documents of their own (tested one by one below), not by IngestMetrics.
OWN_DOCUMENTS = {"FirehoseResponseOverLimit", "BronzeToSilverFreshness"}


def _alarms() -> dict[str, dict[str, Any]]:
    template = json.loads(
        render_cloudformation(GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY)))[
            TEMPLATE_FILE
        ]
    )
    return {
        key: resource["Properties"]
        for key, resource in template["Resources"].items()
        if resource["Type"] == "AWS::CloudWatch::Alarm"
    }


def test_thresholds_are_the_registry_settings() -> None:
    alarms = _alarms()
    assert alarms["SchemaFailureRateWarningAlarm"]["Threshold"] == 0.3  # percent
    assert alarms["SchemaFailureRateCriticalAlarm"]["Threshold"] == 0.5
    assert alarms["SchemaFailureRateWarningAlarm"]["Period"] == 300
    assert alarms["IngestionLagP95CriticalAlarm"]["Threshold"] == 60.0
    assert alarms["BronzeToSilverFreshnessWarningAlarm"]["Threshold"] == 15 * 60.0  # seconds
    assert "BronzeToSilverFreshnessCriticalAlarm" not in alarms  # no critical_minutes set
    athena = alarms["AthenaBytesScannedWarningAlarm"]
    assert athena["Threshold"] == float(1024**4) and athena["Period"] == 86400
    assert athena["Dimensions"] == [{"Name": "WorkGroup", "Value": {"Ref": "AthenaWorkGroup"}}]
    assert AlertSettings().athena_budget_bytes is None  # no budget declared: no alarm


def test_alarms_watch_metrics_the_runtime_emits() -> None:
    metrics = IngestMetrics()
    now = time.time()
    occurred = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 5))
    metrics.accepted_many(now, [occurred] * 10, 0)
    metrics.quarantined(now, Reason.SCHEMA_VIOLATION)
    emitted = set()
    # Both runtimes that ingest: the batch command and the Firehose Lambda (its own service).
    documents = [*metrics.emf_lines(), *metrics.emf_lines(service=FIREHOSE_SERVICE)]
    for document in documents:
        dimensions = {
            d: document[d] for d in document["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0]
        }
        for block in document["_aws"]["CloudWatchMetrics"]:
            for metric in block["Metrics"]:
                emitted.add((block["Namespace"], metric["Name"], json.dumps(dimensions)))
    for alarm in _alarms().values():
        if alarm["Namespace"] == "AWS/Athena" or alarm["MetricName"] in OWN_DOCUMENTS:
            continue
        wanted = json.dumps({d["Name"]: d["Value"] for d in alarm["Dimensions"]})
        assert (alarm["Namespace"], alarm["MetricName"], wanted) in emitted, alarm["AlarmName"]
    watched = {
        (a["MetricName"], a["Dimensions"][0]["Value"])
        for a in _alarms().values()
        if a["MetricName"] in ("SchemaFailureRate", "IngestionLagP95")
    }
    assert {service for _, service in watched} == {"ingest", FIREHOSE_SERVICE}


def test_the_over_limit_alarm_watches_the_firehose_handlers_emf_line() -> None:
    document = over_limit_document(time.time(), 3)
    directive = document["_aws"]["CloudWatchMetrics"][0]
    dimensions = {d: document[d] for d in directive["Dimensions"][0]}
    alarm = _alarms()["FirehoseResponseOverLimitWarningAlarm"]
    assert alarm["Namespace"] == directive["Namespace"]
    assert [m["Name"] for m in directive["Metrics"]] == [alarm["MetricName"]]
    assert {d["Name"]: d["Value"] for d in alarm["Dimensions"]} == dimensions
    assert (alarm["Statistic"], alarm["Threshold"]) == ("Sum", 0.0)
