"""Agreement of `contracts diff` verdicts with Apicurio Registry's labelled JSON Schema pairs.

Issue #13's measure, with ``unknown`` counted as disagreement: a pair agrees only when the
verdicts its label needs (BACKWARD, and FORWARD for "backward"/"both") are decided and give
the label. Prints agreement with the published labels, agreement once the labels the test
suite refutes (tests/conformance/test_apicurio_compat.py: a witness confirmed by the reference
validator, or a proof) are corrected, and how many pairs have an ``unknown`` verdict. The
pairs are read from $CONTRACTS_SHARED_DIR (default ../shared)/conformance/apicurio-compatibility
(skipped when absent).

    python benchmarks/bench_compat_agreement.py
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from lakecontracts.compat.compare import compare_schemas
from lakecontracts.compat.model import CompatResult
from lakecontracts.reporting.vocabulary import Verdict

SHARED = Path(
    os.environ.get("CONTRACTS_SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared"
)
DATA = SHARED / "conformance" / "apicurio-compatibility" / "compatibility-test-data.json"
#: (id, label) pairs whose label docs/compat/apicurio-disagreements.md refutes (the
#: conformance test checks each witness or proof), with the right label.
REFUTED = {
    ("Const", "none"): "both",
    ("Complex: oneOf 1", "backward"): "none",
    ("Complex: oneOf 3", "backward"): "none",
    ("String: pattern 1", "backward"): "both",
    ("String: pattern 2", "none"): "both",
    ("Conditional: if", "none"): "both",
    ("Conditional: then", "backward"): "both",
    ("Conditional: else", "backward"): "both",
    ("Complex: anyOf 1", "backward"): "both",
}


def label(result: CompatResult) -> str | None:
    if result.backward is Verdict.INCOMPATIBLE:
        return "none"
    if result.backward is Verdict.COMPATIBLE and result.forward is Verdict.COMPATIBLE:
        return "both"
    if result.backward is Verdict.COMPATIBLE and result.forward is Verdict.INCOMPATIBLE:
        return "backward"
    return None


def main() -> None:
    if not DATA.is_file():
        print(f"(Apicurio corpus not found at {DATA}: skipped)")
        return
    tests = json.loads(DATA.read_text(encoding="utf-8"))["tests"]
    published = corrected = undecided = any_unknown = 0
    start = time.process_time()
    for case in tests:
        result = compare_schemas(case["original"], case["updated"])
        ours = label(result)
        published += ours == case["compatibility"]
        truth = REFUTED.get((case["id"], case["compatibility"]), case["compatibility"])
        corrected += ours == truth
        undecided += ours is None
        any_unknown += Verdict.UNKNOWN in (result.backward, result.forward)
    cpu = time.process_time() - start
    total = len(tests)
    print(f"{total} Apicurio pairs compared in {cpu:.2f} s CPU; unknown counts as disagreement")
    print(f"  agree with the published label:        {published:3d} ({published / total:.1%})")
    print(f"  agree once refuted labels are fixed:   {corrected:3d} ({corrected / total:.1%})")
    print(f"  a verdict the label needs is unknown:  {undecided:3d} ({undecided / total:.1%})")
    print(f"  either direction unknown:              {any_unknown:3d} ({any_unknown / total:.1%})")


if __name__ == "__main__":
    main()
