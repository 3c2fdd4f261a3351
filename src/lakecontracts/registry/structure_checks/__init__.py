"""Prebuilt fastjsonschema checks of the bundled schemas (see registry/structure.py)."""
