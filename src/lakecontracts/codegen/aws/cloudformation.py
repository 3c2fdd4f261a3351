"""Target ``cloudformation``: one template with the catalog, its Lake Formation policy and storage.

Past CloudFormation's limits (a large registry) the tables move to nested stacks, see
:mod:`lakecontracts.codegen.aws.nested`.

The template holds the Glue databases and tables (bronze JSON tables with partition
projection, Silver Parquet tables), the LF-Tags, tag associations, data cells filters and
grants of the ``lakeformation`` target (built from the very same requests, so the two cannot
drift), the bronze, quarantine and Silver buckets with their lifecycle rules from registry.yaml
(bronze: Glacier after ``storage.bronze_glacier_after_days``, default 90; quarantine: expiry
after ``storage.quarantine_expire_after_days``, default 30; noncurrent versions of each expire
after their ``storage.residual`` lifetime), an Athena workgroup with a per-query
bytes-scanned cutoff, and CloudWatch alarms on the runtime's metrics at registry.yaml's alert
thresholds (:mod:`lakecontracts.codegen.aws.alarms`). Account IDs are the stack's own
(``AWS::AccountId``), not the placeholder the API requests carry.

Glue tables carry the ``glue`` target's own ``TableInput``
(:func:`lakecontracts.codegen.aws.glue.table_input`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from lakecontracts.codegen.aws.alarms import alarm_resource, alarms
from lakecontracts.codegen.aws.glue import table_input
from lakecontracts.codegen.aws.lakeformation import PolicyBuilder, Request
from lakecontracts.codegen.aws.nested import fits, split_template
from lakecontracts.codegen.escape import cloudformation_sub_text, cloudformation_text
from lakecontracts.codegen.governed_tables import GovernedTable, database_names, run_tables
from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.codegen.sql.hive_tables import HiveTable, run_hive_tables
from lakecontracts.errors import RegistryConfigError
from lakecontracts.jsonout import json_file_bytes
from lakecontracts.registry.config import RegistryConfig
from lakecontracts.registry.storage import (
    BUCKET_LAYERS,
    bronze_glacier_after_days,
    noncurrent_days,
    quarantine_expire_after_days,
)

TEMPLATE_FILE = "lakehouse.template.json"
ACCOUNT = "${AWS::AccountId}"
DEFAULT_BYTES_SCANNED_CUTOFF = 10 * 1024**3  # 10 GiB per query
MIN_BYTES_SCANNED_CUTOFF = 10_000_000  # Athena's floor

Resource = dict[str, Any]


def logical_id(*parts: str) -> str:
    """``("GlueTable", "silver", "fact_bookings")`` -> ``GlueTableSilverFactBookings``."""
    words = [w for part in parts for w in re.split(r"[^A-Za-z0-9]+", part) if w]
    return "".join(w[0].upper() + w[1:] for w in words)


def glue_table(table: HiveTable, database_id: str) -> Resource:
    """The Glue target's own ``TableInput``, so the template and the API requests agree."""
    return {
        "Type": "AWS::Glue::Table",
        "Properties": {
            "CatalogId": ACCOUNT,
            "DatabaseName": {"Ref": database_id},
            "TableInput": _literal(table_input(table)),
        },
    }


class TemplateBuilder:
    """Turns the governed tables and the Lake Formation requests into CloudFormation resources."""

    def __init__(
        self, config: RegistryConfig, tables: list[GovernedTable], catalog: list[HiveTable]
    ) -> None:
        self.config = config
        self.tables = tables
        self.catalog = catalog
        self.policy = PolicyBuilder(config, tables, ACCOUNT)
        self.resources: dict[str, Resource] = {}
        self.database_ids = {
            name: logical_id("GlueDatabase", layer)
            for layer, name in database_names(config).items()
        }
        self.table_ids = {
            (t.database, t.name): logical_id("GlueTable", t.layer, t.name) for t in tables
        }
        self.tag_ids: dict[str, str] = {}
        #: resource ID -> the Glue table resource it belongs to (nested stacks keep them together)
        self.owners: dict[str, str] = {}

    def build(self) -> dict[str, Any]:
        self.add_catalog()
        self.add_tags()
        self.add_associations()
        filter_ids = self.add_cell_filters()
        self.add_grants(filter_ids)
        self.add_buckets()
        self.add_workgroup()
        self.add_alarms()
        return {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"Lakehouse catalog and access policy for registry {self.config.name}",
            "Parameters": {
                "BytesScannedCutoffPerQuery": {
                    "Type": "Number",
                    "Default": DEFAULT_BYTES_SCANNED_CUTOFF,
                    "MinValue": MIN_BYTES_SCANNED_CUTOFF,
                    "Description": "Athena cancels a query of the workgroup past this many bytes.",
                }
            },
            "Resources": _with_account(self.resources),
        }

    def add_catalog(self) -> None:
        for name, resource_id in self.database_ids.items():
            self.resources[resource_id] = {
                "Type": "AWS::Glue::Database",
                "Properties": {
                    "CatalogId": ACCOUNT,
                    "DatabaseInput": {"Name": name, "Description": f"{name} (lakehouse catalog)"},
                },
            }
        for table in self.catalog:
            database_id = self.database_ids[table.database]
            table_id = self.table_ids[(table.database, table.name)]
            self.resources[table_id] = glue_table(table, database_id)
            self.owners[table_id] = table_id

    def add_tags(self) -> None:
        for request in self.policy.create_tags():
            resource_id = logical_id("LFTag", request["TagKey"])
            self.tag_ids[request["TagKey"]] = resource_id
            self.resources[resource_id] = {
                "Type": "AWS::LakeFormation::Tag",
                "Properties": {
                    "CatalogId": ACCOUNT,
                    "TagKey": request["TagKey"],
                    "TagValues": request["TagValues"],
                },
            }

    def add_associations(self) -> None:
        for request in self.policy.assignments():
            resource = request["Resource"]
            kind, ref = next(iter(resource.items()))
            target = self._catalog_id(ref)
            values = (
                [p["TagValues"][0] for p in request["LFTags"]] if kind == "TableWithColumns" else []
            )
            resource_id = logical_id("LFTags", target, *values)
            if "DatabaseName" in ref:
                self.owners[resource_id] = target
            self.resources[resource_id] = {
                "Type": "AWS::LakeFormation::TagAssociation",
                "DependsOn": sorted({target, *self.tag_ids.values()}),
                "Properties": {
                    "Resource": {kind: ref},
                    "LFTags": [{"CatalogId": ACCOUNT, **pair} for pair in request["LFTags"]],
                },
            }

    def _catalog_id(self, ref: Request) -> str:
        if "DatabaseName" in ref:
            return self.table_ids[(ref["DatabaseName"], ref["Name"])]
        return self.database_ids[ref["Name"]]

    def add_cell_filters(self) -> dict[tuple[str, str, str], str]:
        ids = {}
        for data, _workspace in self.policy.cell_filters():
            key = (data["DatabaseName"], data["TableName"], data["Name"])
            resource_id = logical_id("CellsFilter", *key)
            ids[key] = resource_id
            self.owners[resource_id] = self.table_ids[key[:2]]
            self.resources[resource_id] = {
                "Type": "AWS::LakeFormation::DataCellsFilter",
                "DependsOn": [self.table_ids[key[:2]]],
                "Properties": data,
            }
        return ids

    def add_grants(self, filter_ids: dict[tuple[str, str, str], str]) -> None:
        for request in self.policy.grants():
            principal = request["Principal"]["DataLakePrincipalIdentifier"].rsplit("/", 1)[-1]
            resource = request["Resource"]
            cells = resource.get("DataCellsFilter")
            if cells is None:
                target = resource["LFTagPolicy"]["ResourceType"].lower() + "s"
                depends = set(self.tag_ids.values())
            else:
                key = (cells["DatabaseName"], cells["TableName"], cells["Name"])
                target = f"filter-{key[0]}-{key[1]}"
                depends = {filter_ids[key]}
                self.owners[logical_id("Grant", principal, target)] = self.table_ids[key[:2]]
            self.resources[logical_id("Grant", principal, target)] = {
                "Type": "AWS::LakeFormation::PrincipalPermissions",
                "DependsOn": sorted(depends),
                "Properties": {
                    "Catalog": ACCOUNT,
                    "Principal": request["Principal"],
                    "Resource": resource,
                    "Permissions": request["Permissions"],
                    "PermissionsWithGrantOption": request["PermissionsWithGrantOption"],
                },
            }

    def add_buckets(self) -> None:
        """A bucket per layer location (bronze, quarantine, Silver) with its lifecycle rules; a
        bucket two layers share (under different prefixes) is one resource with both rule sets,
        named after the first layer."""
        buckets: dict[str, tuple[str, list[Resource]]] = {}
        for layer in BUCKET_LAYERS:
            if layer != "bronze" and self.config.storage.location_of(layer) is None:
                continue
            bucket, prefix = _bucket_and_prefix(self.config, layer)
            _, rules = buckets.setdefault(bucket, (logical_id(layer, "Bucket"), []))
            rules += LIFECYCLE_RULES[layer](self.config, prefix)
        for bucket, (resource_id, rules) in buckets.items():
            self.resources[resource_id] = _bucket(bucket, rules)

    def add_workgroup(self) -> None:
        self.resources["AthenaWorkGroup"] = {
            "Type": "AWS::Athena::WorkGroup",
            "Properties": {
                "Name": self.config.name,
                "Description": f"Queries over the {self.config.name} lakehouse",
                "State": "ENABLED",
                "WorkGroupConfiguration": {
                    "BytesScannedCutoffPerQuery": {"Ref": "BytesScannedCutoffPerQuery"},
                    "EnforceWorkGroupConfiguration": True,
                    "PublishCloudWatchMetricsEnabled": True,
                },
            },
        }

    def add_alarms(self) -> None:
        workgroup = {"Ref": "AthenaWorkGroup"}
        for alarm in alarms(self.config.alerts, self.config.name, workgroup):
            self.resources[alarm.logical_id] = alarm_resource(alarm)


def _scoped(rule: Resource, prefix: str) -> Resource:
    return {**rule, "Prefix": prefix} if prefix else rule


def _noncurrent_rule(config: RegistryConfig, layer: str, prefix: str) -> list[Resource]:
    """Where a purged object survives as a noncurrent version (issue #17): gone within the
    residual lifetime registry.yaml declares for the layer, which lint holds under the deadline."""
    days = noncurrent_days(config, layer)
    if days is None:
        return []
    name = f"noncurrent-versions-expire-after-{days}-days"
    rule = {
        "Id": name if layer == "bronze" else f"{layer}-{name}",
        "Status": "Enabled",
        "NoncurrentVersionExpiration": {"NoncurrentDays": days},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    }
    return [_scoped(rule, prefix)]


def _bronze_rules(config: RegistryConfig, prefix: str) -> list[Resource]:
    days = bronze_glacier_after_days(config)
    glacier = {
        "Id": f"bronze-to-glacier-after-{days}-days",
        "Status": "Enabled",
        "Transitions": [{"StorageClass": "GLACIER", "TransitionInDays": days}],
    }
    return [_scoped(glacier, prefix), *_noncurrent_rule(config, "bronze", prefix)]


def _quarantine_rules(config: RegistryConfig, prefix: str) -> list[Resource]:
    """Quarantine keeps raw bytes as received (possibly personal data, never purged record by
    record): every object expires after ``storage.quarantine_expire_after_days``."""
    days = quarantine_expire_after_days(config)
    expire = {
        "Id": f"quarantine-expire-after-{days}-days",
        "Status": "Enabled",
        "ExpirationInDays": days,
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    }
    return [_scoped(expire, prefix), *_noncurrent_rule(config, "quarantine", prefix)]


def _silver_rules(config: RegistryConfig, prefix: str) -> list[Resource]:
    """Silver is rewritten by dbt and by DSAR purges: uploads a failed run left are aborted,
    and noncurrent versions expire when registry.yaml declares their residual lifetime."""
    noncurrent = _noncurrent_rule(config, "silver", prefix)
    if noncurrent:
        return noncurrent
    abort = {
        "Id": "silver-abort-incomplete-uploads-after-1-day",
        "Status": "Enabled",
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    }
    return [_scoped(abort, prefix)]


LIFECYCLE_RULES: dict[str, Callable[[RegistryConfig, str], list[Resource]]] = {
    "bronze": _bronze_rules,
    "quarantine": _quarantine_rules,
    "silver": _silver_rules,
}


def _bucket(name: str, rules: list[Resource]) -> Resource:
    return {
        "Type": "AWS::S3::Bucket",
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "BucketName": name,
            "LifecycleConfiguration": {"Rules": rules},
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                ]
            },
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
        },
    }


def _bucket_and_prefix(config: RegistryConfig, layer: str = "bronze") -> tuple[str, str]:
    location = config.storage.location_of(layer) or ""
    parts = urlsplit(location)
    if parts.scheme != "s3" or not parts.netloc:
        raise RegistryConfigError(
            f"storage.{layer} {location!r} is not an s3://bucket/prefix location",
            location=config.storage.place.location(layer) if location else None,
            hint=f"set `storage: {{{layer}: s3://<bucket>/<prefix>}}` in registry.yaml",
        )
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


class Literal(str):
    """Text from a contract: never substituted, whatever markers it contains."""


def _literal(node: Any) -> Any:
    """Every string below ``node`` marked as contract data (:class:`Literal`)."""
    if isinstance(node, dict):
        return {key: _literal(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_literal(value) for value in node]
    return Literal(node) if isinstance(node, str) else node


def _with_account(node: Any) -> Any:
    """Replace the account marker: alone -> ``Ref``, inside a string -> ``Fn::Sub``.

    Contract text (:class:`Literal`) and text with other ``${`` or ``{{resolve:`` markers
    never reach ``Fn::Sub`` or a dynamic reference: see :mod:`~lakecontracts.codegen.escape`.
    """
    if isinstance(node, dict):
        return {key: _with_account(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_account(value) for value in node]
    if isinstance(node, Literal) or not isinstance(node, str):
        return cloudformation_text(str(node)) if isinstance(node, str) else node
    if node == ACCOUNT:
        return {"Ref": "AWS::AccountId"}
    if ACCOUNT not in node:
        return cloudformation_text(node)
    pieces = node.split(ACCOUNT)
    if any("{{resolve:" in piece for piece in pieces):
        parts: list[Any] = []
        for piece in pieces:
            parts += [cloudformation_text(piece), {"Ref": "AWS::AccountId"}]
        return {"Fn::Join": ["", parts[:-1]]}
    return {"Fn::Sub": ACCOUNT.join(cloudformation_sub_text(piece) for piece in pieces)}


def render_cloudformation(inp: GenerationInput) -> Rendered:
    """One template while it is within CloudFormation's limits, else a parent and nested
    stacks of tables (:mod:`lakecontracts.codegen.aws.nested`)."""
    config = inp.registry.config
    tables = run_tables(inp)
    builder = TemplateBuilder(config, tables, run_hive_tables(inp))
    template = builder.build()
    whole = json_file_bytes(template, sort_keys=True)
    if fits(template, whole):
        return {TEMPLATE_FILE: whole}
    domains = {builder.table_ids[(t.database, t.name)]: t.domain for t in tables}
    stacks = split_template(template, builder.owners, domains, set(builder.database_ids.values()))
    return {
        name: json_file_bytes(body, sort_keys=True)
        for name, body in {TEMPLATE_FILE: stacks.parent, **stacks.children}.items()
    }
