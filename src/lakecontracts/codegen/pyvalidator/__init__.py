"""Compile a draft-07 JSON Schema into a standalone, straight-line Python validator module."""
