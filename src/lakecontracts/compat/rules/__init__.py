"""Compatibility rules: one small function per reader constraint, listed in ``compat/table.py``.

A rule receives a :class:`~lakecontracts.compat.engine.Pair` (writer branch ``a``, reader
schema ``b``) and yields outcomes: proven fine, broken with candidate values, or unknown.
It never builds witnesses or paths itself; the engine does that once.
"""
