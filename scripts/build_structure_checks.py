"""Rebuild src/lakecontracts/registry/structure_checks/ from the bundled file-format schemas.

Run after changing a schema in src/lakecontracts/registry/schemas/ (a test fails until you do):

    .venv/bin/python scripts/build_structure_checks.py
"""

from __future__ import annotations

from pathlib import Path

from lakecontracts.registry.structure import PREBUILT, prebuilt_module_name, prebuilt_source

OUT = Path(__file__).resolve().parents[1] / "src/lakecontracts/registry/structure_checks"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "__init__.py").write_text(
        '"""Prebuilt fastjsonschema checks of the bundled schemas (see registry/structure.py)."""\n'
    )
    for name in PREBUILT:
        path = OUT / f"{prebuilt_module_name(name)}.py"
        path.write_text(prebuilt_source(name), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
