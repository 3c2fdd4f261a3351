"""One reporting vocabulary for lint and the gate, and one set of writers.

``vocabulary`` (``Severity``, ``Verdict``, the ``RuleInfo`` record), ``finding`` (the one
located ``Finding`` and the ``Waiver`` that may silence it) and the writers: ``text``,
``jsonout`` (JSON documents), ``sarif`` (SARIF 2.1.0), ``github`` (workflow annotations) and
``junit`` (JUnit XML). Lint and the gate compose their reports from these; neither builds a
format itself. A low package: it imports only ``errors``.
"""
