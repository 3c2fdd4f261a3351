"""The static catalog site: pages, escaping, determinism, self-contained pages."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from lakecontracts.codegen.catalog.render import event_views, page_path, render_catalog
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.errors import UsageError
from lakecontracts.registry.registry import Registry
from tests.conftest import EXAMPLE_REGISTRY


class Links(HTMLParser):
    """Collects every URL a page refers to and the text of its rows."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [v or "" for k, v in attrs if k in ("href", "src", "action", "srcset")]


def generation_input() -> GenerationInput:
    return GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))


@pytest.fixture(scope="module")
def inp() -> GenerationInput:
    return generation_input()


@pytest.fixture(scope="module")
def site(inp: GenerationInput) -> dict[str, bytes]:
    return render_catalog(inp)


def test_one_page_per_event_plus_the_index(inp: GenerationInput, site: dict[str, bytes]) -> None:
    names = sorted({e.event for e in inp.events})
    assert sorted(site) == sorted(["index.html", *(f"events/{n}.html" for n in names)])
    index = site["index.html"].decode()
    for name in names:
        assert f'href="events/{name}.html"' in index


def test_pages_link_only_inside_the_site(site: dict[str, bytes]) -> None:
    for path, data in site.items():
        parser = Links()
        parser.feed(data.decode())
        assert "link" not in parser.tags and "img" not in parser.tags, path
        for url in parser.urls:
            assert not re.match(r"^[a-z]+:|^//", url), (path, url)
            target = url.split("#")[0]
            if target:
                resolved = (path.rsplit("/", 1)[0] + "/" if "/" in path else "") + target
                assert resolved.replace("events/../", "") in site, (path, url)
        assert "default-src 'none'" in data.decode()


def test_event_page_shows_versions_fields_diff_and_lineage(site: dict[str, bytes]) -> None:
    page = site["events/booking.leg_created.html"].decode()
    for text in (
        'id="v1"',
        'id="v2"',
        "<code>amount_minor</code>",
        "<dt>Sunset on</dt><dd>2027-04-15</dd>",
        "Changes from v1",
        "<code>price</code></td><td>removed",
        "bronze_events.booking__leg_created__v1",
        "stg_booking__leg_created",
        "silver.fact_booking_legs",
        "team-bookings",
        "FULL_TRANSITIVE",
    ):
        assert text in page, text


def test_contract_text_is_escaped(inp: GenerationInput) -> None:
    first = inp.events[0]
    hostile = '<script>alert(1)</script> & "quoted"'
    contract = replace(first.contract, description=hostile, owner="<b>team</b>")
    events = [replace(first, contract=contract), *inp.events[1:]]
    site = render_catalog(replace(inp, events=events))
    for data in (site["index.html"], site[f"events/{first.event}.html"]):
        text = data.decode()
        assert "<script>alert(1)" not in text and "<b>team</b>" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_rendering_is_deterministic(site: dict[str, bytes]) -> None:
    assert render_catalog(generation_input()) == site


def test_newest_version_is_listed_first(inp: GenerationInput) -> None:
    view = next(v for v in event_views(inp) if v.name == "booking.leg_created")
    assert [v.contract.v for v in view.versions] == [2, 1]
    assert view.versions[0].diff is not None and view.versions[1].diff is None
    assert "booking.leg_created" in view.search_text


@pytest.mark.parametrize("name", ["../escape", "a/../../b"])
def test_page_paths_cannot_leave_the_site(name: str) -> None:
    with pytest.raises(UsageError):
        page_path(name)
