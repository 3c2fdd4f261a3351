"""The ingest runtime: route, verify, validate, enrich, then bronze, quarantine or duplicate.

Reads only ``generated/`` (the manifest, the generated validators and ``runtime/config.json``),
never the registry's YAML, so the same code runs in a Firehose Lambda, a batch job and on a
developer's laptop.
"""
