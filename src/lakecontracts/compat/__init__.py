"""Semantic JSON Schema compatibility with proven verdicts.

``A`` is the writer's schema and ``B`` the reader's: the reader is compatible when every
instance the writer's schema accepts, the reader's accepts too. BACKWARD checks the new
schema reading old data (writer = old, reader = new); FORWARD the old reading new data.

The engine walks both schemas once, matching sub-schemas, and hands each pair to small rules
(``rules/``, listed in ``table.py``), one per constraint of the reader. A rule either proves
the writer implies the constraint, or proposes a witness, a concrete instance the writer
accepts and the reader rejects, which the engine checks with the jsonschema reference
validator before reporting. What cannot be decided either way is ``unknown``.
"""
