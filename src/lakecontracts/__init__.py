"""lakecontracts: a declarative schema-contract registry and governance tool."""

__version__ = "0.1.0"
