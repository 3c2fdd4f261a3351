"""Names derived from an event version, shared by every artifact that needs one."""

from __future__ import annotations


def versioned_name(event: str, version: int) -> str:
    """``booking.leg_created`` v2 -> ``booking__leg_created__v2``.

    Event names never contain ``__`` (lint's EVENT_NAME_FORMAT), so the name is unique; it is
    the validator module, the bronze table and the dbt source table of that version.
    """
    return f"{event.replace('.', '__')}__v{version}"
