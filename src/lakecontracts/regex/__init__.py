"""Contract patterns: the only package that reads ``re``'s private parser.

``tree`` (parse trees, character classes), ``ecma`` (ECMA-262 to Python ``re``), ``safety``
(backtracking shapes for lint, and which patterns ``re`` runs in linear time), ``examples``
(deterministic strings, for compat and fusion), ``sample`` (seeded strings, for
``contracts sample``), ``re2`` (the RE2 spelling of a pattern, for linear-time matching),
``bounded`` (step-bounded matching programs for what RE2 cannot run) and ``automata``
(whether every string one pattern accepts matches another, for compat).
"""
