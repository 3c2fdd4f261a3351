"""Nested stacks for a template past CloudFormation's limits (500 resources, 1 MB of body).

At 1,000 contracts the single template holds thousands of resources and about 11 MB, so
``render_cloudformation`` splits it: the parent keeps everything shared (Glue databases,
LF-Tags, tag-policy grants, database tag associations, the bucket, the workgroup, alarms)
and one ``AWS::CloudFormation::Stack`` per chunk of tables; each child holds whole tables
(the Glue table with its tag associations, data cells filters and their grants), the tables
of one domain, as many per child as the budget below allows, in name order.

A child names the parent's databases through parameters of the same logical ID (so a
resource's ``{"Ref": "GlueDatabaseBronze"}`` reads the same in both), and its stack resource
depends on the LF-Tags its associations use. ``TemplateURL`` is the child's file name beside
the parent: ``aws cloudformation package`` uploads the children and rewrites it (see
docs/deploying.md). The budgets leave headroom under the limits; a template within them
stays one file, as the example registry's does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lakecontracts.jsonout import json_file_bytes

MAX_RESOURCES = 450  # CloudFormation: 500 per stack
MAX_BYTES = 900_000  # CloudFormation: 1 MB for a template body read from S3
#: What one child may hold: room left for the template's own lines and a table that grows.
CHUNK_RESOURCES = 400
CHUNK_BYTES = 700_000
CHILD_PREFIX = "lakehouse.tables-"
TEMPLATE_VERSION = "2010-09-09"

Resource = dict[str, Any]
#: A local ``TemplateURL`` is what ``aws cloudformation package`` reads (cfn-lint W3002 says
#: exactly that); it is the documented way to deploy, and it lets cfn-lint check that the
#: parent passes every parameter a child declares (E3043), which a URL would not.
PACKAGED = {"cfn-lint": {"config": {"ignore_checks": ["W3002"]}}}


@dataclass
class Stacks:
    parent: dict[str, Any]
    children: dict[str, dict[str, Any]] = field(default_factory=dict)  # file name -> template


def fits(template: dict[str, Any], body: bytes) -> bool:
    """Whether one template is within the budget (resources and bytes)."""
    return len(template["Resources"]) <= MAX_RESOURCES and len(body) <= MAX_BYTES


def split_template(
    template: dict[str, Any], owners: dict[str, str], domains: dict[str, str], databases: set[str]
) -> Stacks:
    """The parent and its children; ``owners`` maps a resource to its Glue table resource,
    ``domains`` a table resource to its domain, ``databases`` are the database resource IDs."""
    resources: dict[str, Resource] = template["Resources"]
    by_table: dict[str, list[str]] = {}
    for resource_id in sorted(owners):
        by_table.setdefault(owners[resource_id], []).append(resource_id)
    parent_resources = {k: v for k, v in resources.items() if k not in owners}
    tags = sorted(k for k, v in parent_resources.items() if v["Type"] == "AWS::LakeFormation::Tag")
    stacks = Stacks(parent={**template, "Resources": parent_resources})
    for name, members in _chunks(resources, by_table, domains):
        child = _child(name, {k: resources[k] for k in members}, databases)
        stacks.children[f"{CHILD_PREFIX}{name}.template.json"] = child
        parameters = {p: {"Ref": p} for p in sorted(child.get("Parameters", {}))}
        parent_resources[_stack_id(name)] = {
            "Type": "AWS::CloudFormation::Stack",
            "DependsOn": tags,
            "Metadata": PACKAGED,
            "Properties": {
                "TemplateURL": f"{CHILD_PREFIX}{name}.template.json",
                **({"Parameters": parameters} if parameters else {}),
            },
        }
    return stacks


def _chunks(
    resources: dict[str, Resource], by_table: dict[str, list[str]], domains: dict[str, str]
) -> list[tuple[str, list[str]]]:
    """Tables grouped by domain, then cut where a child would pass the chunk budget."""
    out: list[tuple[str, list[str]]] = []
    by_domain: dict[str, list[str]] = {}
    for table_id in sorted(by_table):
        by_domain.setdefault(domains[table_id], []).append(table_id)
    for domain, tables in sorted(by_domain.items()):
        parts: list[list[str]] = [[]]
        count = size = 0
        for table_id in tables:
            members = by_table[table_id]
            weight = sum(len(json_file_bytes(resources[m])) for m in members) * 2
            if parts[-1] and (
                count + len(members) > CHUNK_RESOURCES or size + weight > CHUNK_BYTES
            ):
                parts.append([])
                count = size = 0
            parts[-1] += members
            count += len(members)
            size += weight
        slug = re.sub(r"[^a-z0-9]+", "-", domain.lower()).strip("-") or "tables"
        out += [(f"{slug}-{index}", members) for index, members in enumerate(parts, 1)]
    return out


def _child(name: str, resources: dict[str, Resource], databases: set[str]) -> dict[str, Any]:
    """A child template: its resources, dependencies outside it dropped (the parent's stack
    resource carries them), the databases it reads as parameters."""
    kept: dict[str, Resource] = {}
    for resource_id, resource in resources.items():
        depends = [d for d in resource.get("DependsOn", []) if d in resources]
        body = {k: v for k, v in resource.items() if k != "DependsOn"}
        kept[resource_id] = {**body, "DependsOn": depends} if depends else body
    refs = _refs(kept)
    outside = refs - set(kept) - databases
    if any(not ref.startswith("AWS::") for ref in outside):  # a bug in the split, not input
        raise AssertionError(f"nested stack {name} refers to {sorted(outside)}")
    child: dict[str, Any] = {
        "AWSTemplateFormatVersion": TEMPLATE_VERSION,
        "Description": f"Lakehouse tables {name}: Glue tables, their LF-Tags, filters, grants",
        "Resources": kept,
    }
    used = sorted(refs & databases)
    if used:
        child["Parameters"] = {
            ref: {"Type": "String", "Description": "Glue database name (the parent's resource)"}
            for ref in used
        }
    return child


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["Ref"]} if isinstance(node.get("Ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def _stack_id(name: str) -> str:
    return "Tables" + "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", name) if w)
