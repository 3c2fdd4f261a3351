"""JUnit XML for CI test views: one ``testcase`` per subject, a ``failure`` per failing finding.

Findings that do not fail (warnings, waived) go to the case's ``system-out``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lakecontracts.reporting.finding import Finding


@dataclass(frozen=True)
class JUnitCase:
    name: str  # a contract version ("event@v") or a file
    file: str
    findings: Sequence[Finding]


def junit_document(
    tool: str,
    suite: str,
    cases: Sequence[JUnitCase],
    fails: Callable[[Finding], bool] = lambda finding: finding.fails,
) -> str:
    """``testsuites`` named ``tool`` holding one ``testsuite`` named ``suite``."""
    failing = sum(1 for case in cases for f in case.findings if fails(f))
    suites = ET.Element("testsuites", name=tool, tests="0", failures=str(failing))
    element = ET.SubElement(suites, "testsuite", name=suite)
    classname = tool.replace(" ", ".")
    for case in cases:
        _case(element, classname, case, fails)
    element.set("tests", str(len(cases)))
    element.set("failures", str(failing))
    element.set("errors", "0")
    suites.set("tests", str(len(cases)))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _case(
    suite: ET.Element, classname: str, case: JUnitCase, fails: Callable[[Finding], bool]
) -> None:
    element = ET.SubElement(suite, "testcase", classname=classname, name=case.name, file=case.file)
    notes = []
    for f in case.findings:
        if fails(f):
            failure = ET.SubElement(element, "failure", type=f.rule, message=f.message)
            failure.text = f"{f.location}: {f.message}" + (f"\nfix: {f.fix}" if f.fix else "")
        else:
            notes.append(f"{f.location}: {f.rule} [{f.status}] {f.message}")
    if notes:
        ET.SubElement(element, "system-out").text = "\n".join(notes)
