"""Lint rule bodies, one small function each, grouped by what they look at.

A rule yields :class:`~lakecontracts.lint.findings.Problem` values (path + message); the
engine attaches the rule ID, severity, file, line and column. Register new rules in
``lakecontracts.lint.table``.
"""
