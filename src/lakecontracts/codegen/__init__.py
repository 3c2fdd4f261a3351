"""Code generation: one module per target, all reading the resolved schemas.

A target renders files (path relative to its own folder under ``generated/`` -> bytes); the
writer compares them with what is on disk, writes what changed atomically and removes files
the target no longer produces. ``contracts generate --check`` reports the difference instead.
"""
