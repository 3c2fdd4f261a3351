"""Lint: one small function per rule, a rule table, findings with positions."""
