"""Target ``catalog``: a static HTML site describing every event, version and field.

``index.html`` lists the events with a client-side search (inline script; ``?q=`` pre-fills
it); ``events/<event>.html`` shows each version's fields, governance, lifecycle, the diff
from the previous version and the lineage event -> bronze table -> staging model -> Silver
table. Pages load nothing from elsewhere (inline CSS and script, and a Content-Security-Policy
that forbids any other source); every value is HTML-escaped by jinja2's autoescape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import jinja2

from lakecontracts.codegen.catalog.diff import FieldDiff, diff_fields
from lakecontracts.codegen.catalog.fields import FieldRow, payload_fields
from lakecontracts.codegen.inputs import GenerationInput, Rendered
from lakecontracts.codegen.lineage.graph import (
    EDGE_KINDS,
    Edge,
    VersionDatasets,
    version_datasets,
)
from lakecontracts.fsutil import safe_join
from lakecontracts.registry.contract import Contract
from lakecontracts.registry.resolved import ResolvedEvent

PAGES_DIR = "events"

#: Lifecycle date label -> how to read it from a contract.
LIFECYCLE_DATES: tuple[tuple[str, Callable[[Contract], str | None]], ...] = (
    ("deprecated on", lambda c: c.deprecated_on),
    ("sunset on", lambda c: c.sunset_on),
    ("retired on", lambda c: c.retired_on),
)


@dataclass(frozen=True)
class VersionView:
    """One event version as its page shows it."""

    resolved: ResolvedEvent
    compatibility: str
    fields: list[FieldRow]
    diff: FieldDiff | None  # from the previous version; None for the first
    datasets: VersionDatasets
    lifecycle: list[tuple[str, str]]

    @property
    def contract(self) -> Contract:
        return self.resolved.contract


@dataclass(frozen=True)
class EventView:
    """One event with every version, newest first."""

    name: str
    domain: str
    page: str  # path of its page inside the site
    versions: list[VersionView]

    @property
    def newest(self) -> VersionView:
        return self.versions[0]

    @property
    def staging_models(self) -> list[str]:
        return sorted(
            {v.datasets.staging_model.name for v in self.versions if v.datasets.staging_model}
        )

    @property
    def silver_tables(self) -> list[str]:
        return sorted(
            {v.datasets.silver_table.name for v in self.versions if v.datasets.silver_table}
        )

    @property
    def edges(self) -> list[Edge]:
        """Lineage edges of every version, oldest version first, each once."""
        chains = (v.datasets.edges() for v in reversed(self.versions))
        return list(dict.fromkeys(edge for chain in chains for edge in chain))

    @property
    def search_text(self) -> str:
        """What the index search matches against (lowercase)."""
        contract = self.newest.contract
        words = (self.name, self.domain, contract.owner, contract.status, contract.privacy_tier)
        return " ".join((*words, contract.description)).lower()


def render_catalog(inp: GenerationInput) -> Rendered:
    events = event_views(inp)
    env = _environment()
    pages: Rendered = {"index.html": _render(env, "index.html.j2", events=events, root="")}
    for event in events:
        pages[event.page] = _render(
            env, "event.html.j2", event=event, root="../", edge_kinds=EDGE_KINDS
        )
    return pages


def event_views(inp: GenerationInput) -> list[EventView]:
    """Every event with its versions, sorted by name."""
    config = inp.registry.config
    views = []
    for name, group in groupby(inp.events, key=lambda e: e.event):
        ordered = sorted(group, key=lambda e: e.v)
        versions: list[VersionView] = []
        previous: tuple[int, list[FieldRow]] | None = None
        for resolved in ordered:
            fields = payload_fields(resolved)
            contract = resolved.contract
            versions.append(
                VersionView(
                    resolved=resolved,
                    compatibility=contract.compatibility or config.default_compatibility,
                    fields=fields,
                    diff=None if previous is None else diff_fields(*previous, contract.v, fields),
                    datasets=version_datasets(resolved, config),
                    lifecycle=[
                        (label, d) for label, read in LIFECYCLE_DATES if (d := read(contract))
                    ],
                )
            )
            previous = (contract.v, fields)
        versions.reverse()
        views.append(EventView(name, ordered[0].contract.domain, page_path(name), versions))
    return sorted(views, key=lambda view: view.name)


def page_path(event: str) -> str:
    """``events/<event>.html``, refusing names that would leave the folder."""
    base = Path(PAGES_DIR)
    page = safe_join(base, f"{event}.html").relative_to(base.resolve())
    return f"{PAGES_DIR}/{page.as_posix()}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lakecontracts.codegen.catalog", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_html_safe_text,
    )
    env.filters["href"] = quote
    return env


def _html_safe_text(value: object) -> object:
    """HTML cannot hold NUL (parsers turn it into U+FFFD): say so in the output itself."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def _render(env: jinja2.Environment, template: str, **context: object) -> bytes:
    return env.get_template(template).render(**context).encode()
