"""The CI gate: what `contracts compat` checks between the working tree and a git ref.

Shaped like lint: ``history.py`` reads contract versions from git, ``pair.py`` builds the
version pairs the rules judge, ``rules/`` holds one small generator per policy (version,
Silver, governance, warehouse), ``table.py`` lists them with IDs and severities,
``check.py`` runs them (and the compat engine) and applies ``waivers.py``, ``report.py``
holds the result and ``render.py`` writes it. The gate sits above codegen (the warehouse
rules derive Athena tables) and the compat engine; neither imports the gate.
"""
