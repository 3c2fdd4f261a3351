"""Gate rules: one small generator per policy over a :class:`~lakecontracts.gate.pair.VersionPair`,
listed in ``gate/table.py``. A rule only says what is wrong; the checker attaches ID,
severity and location."""
