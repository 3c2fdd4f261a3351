"""Contract patterns: the only package that reads ``re``'s private parser.

``tree`` (parse trees, character classes), ``ecma`` (ECMA-262 to Python ``re``), ``safety``
(backtracking shapes for lint, and which patterns ``re`` runs in linear time), ``examples``
(deterministic strings, for compat and fusion) and ``sample`` (seeded strings, for
``contracts sample``).
"""
