"""The DSAR tombstone tool (issue #17): request, exclusion, purge, verification, receipt.

``subject`` expands a subject through the identity graph to hashed nodes; ``request`` writes
the tombstone event, the request record and the exclusion list (hashes only, never raw IDs);
``matcher`` finds a subject's rows in a Parquet table; ``purge`` rewrites only the files that
hold one, atomically and journalled; ``identity`` removes the subject from the stitch outputs
and re-splits what remains; ``verify`` scans every layer for residue; ``receipt`` signs and
checks the result with Ed25519.
"""
