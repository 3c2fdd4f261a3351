"""``--state-store``: where ``contracts ingest`` and ``contracts collect`` keep their state.

The choices mirror ``runtime.assemble.STATE_STORES``, spelled out here so that loading the
CLI never imports the runtime (or RocksDB); a test keeps the two lists equal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

STATE_STORE_CHOICES = ("rocksdb", "sqlite")


def state_store_option(func: F) -> F:
    return click.option(
        "--state-store",
        "state_store",
        type=click.Choice(STATE_STORE_CHOICES),
        default=STATE_STORE_CHOICES[0],
        show_default=True,
        help="Where the dedupe window and publish journal live. rocksdb: commits and lookups "
        "stay near 1-2 us per event ID however full the 24 h window is (one process per state "
        "folder). sqlite: one file any SQLite tool reads; fine for small volumes, but commits "
        "grow to 15-25 us per ID once the window holds millions of IDs. Each keeps its own "
        "state: a folder holding one store's state refuses the other.",
    )(func)
