"""The catalog in a real browser: headless Chromium driven over the DevTools protocol.

Serves the generated site from a temporary folder on 127.0.0.1, types into the search box,
clicks through to an event page and takes a screenshot. Needs Debian's ``chromium``
(``apt-get install -y chromium``) and ``websocket-client`` (dev extra).
"""

from __future__ import annotations

import base64
import functools
import json
import shutil
import struct
import subprocess
import threading
import urllib.request
import zlib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lakecontracts.codegen.catalog.render import event_views, render_catalog
from lakecontracts.codegen.inputs import GenerationInput
from lakecontracts.registry.registry import Registry
from tests.conftest import EXAMPLE_REGISTRY

websocket = pytest.importorskip("websocket", reason="websocket-client (dev extra) is not installed")

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1280,900",
)
WAIT_SECONDS = 30  # upper bound for one protocol reply; never asserted on
VISIBLE_ROWS = (
    "Array.from(document.querySelectorAll('#events tbody tr'))"
    ".filter(r => r.offsetParent !== null).map(r => r.dataset.event)"
)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class DevTools:
    """A minimal Chrome DevTools Protocol client for one page."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=WAIT_SECONDS, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    def wait_for(self, method: str) -> dict[str, Any]:
        while True:
            for index, message in enumerate(self.events):
                if message.get("method") == method:
                    return self.events.pop(index)
            self.events.append(json.loads(self.ws.recv()))

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in reply, reply
        return reply["result"].get("value")

    def navigate(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def click(self, selector: str) -> None:
        box = self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                type=kind,
                x=box[0],
                y=box[1],
                button="left",
                clickCount=1,
            )


@pytest.fixture(scope="module")
def inp() -> GenerationInput:
    return GenerationInput.from_registry(Registry.open(EXAMPLE_REGISTRY))


@pytest.fixture
def site_url(tmp_path: Path, inp: GenerationInput) -> Iterator[str]:
    root = tmp_path / "site"
    for relative, data in render_catalog(inp).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    if CHROMIUM is None:
        pytest.skip("chromium not found on PATH: install it with `apt-get install -y chromium`")
    profile = tmp_path / "profile"
    process = subprocess.Popen(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = _devtools_port(profile / "DevToolsActivePort", process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            pages = [t for t in json.load(reply) if t["type"] == "page"]
        client = DevTools(pages[0]["webSocketDebuggerUrl"])
        client.call("Page.enable")
        client.call(
            "Emulation.setDeviceMetricsOverride",
            width=1280,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        yield client
        client.ws.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _devtools_port(port_file: Path, process: subprocess.Popen[bytes]) -> int:
    """Chromium writes its debugging port into the profile once it listens."""
    for _ in range(WAIT_SECONDS * 10):
        if port_file.is_file() and port_file.read_text().strip():
            return int(port_file.read_text().split()[0])
        if process.poll() is not None:
            pytest.fail(f"chromium exited with code {process.returncode} before listening")
        threading.Event().wait(0.1)
    pytest.fail("chromium did not open its DevTools port")


def test_search_follow_a_link_and_take_a_screenshot(
    browser: DevTools, site_url: str, inp: GenerationInput, tmp_path: Path
) -> None:
    views = event_views(inp)
    browser.navigate(site_url + "index.html")
    assert browser.evaluate(VISIBLE_ROWS) == [v.name for v in views]

    browser.evaluate("document.getElementById('search').focus()")
    browser.call("Input.insertText", text="leg")
    expected = [v.name for v in views if "leg" in v.search_text]
    assert "booking.leg_created" in expected and len(expected) < len(views)
    assert browser.evaluate(VISIBLE_ROWS) == expected
    assert browser.evaluate("document.getElementById('count').textContent") == (
        f"{len(expected)} of {len(views)} events"
    )

    browser.events.clear()
    browser.click('#events a[href="events/booking.leg_created.html"]')
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("location.pathname") == "/events/booking.leg_created.html"
    assert browser.evaluate("document.querySelector('h1').textContent") == "booking.leg_created"
    assert browser.evaluate("document.querySelectorAll('section.version').length") == 2

    shot = browser.call("Page.captureScreenshot", format="png")["data"]
    path = tmp_path / "event.png"
    path.write_bytes(base64.b64decode(shot))
    width, height, distinct_rows = _check_png(path.read_bytes())
    assert (width, height) == (1280, 900)
    assert distinct_rows > 20, "the screenshot looks blank"


def test_query_parameter_prefills_the_search(browser: DevTools, site_url: str) -> None:
    browser.navigate(site_url + "index.html?q=payments")
    visible = browser.evaluate(VISIBLE_ROWS)
    assert visible and all(name.startswith("payments.") for name in visible)
    assert browser.evaluate("document.getElementById('search').value") == "payments"


def _check_png(data: bytes) -> tuple[int, int, int]:
    """Validate signature and chunk CRCs; return size and how many distinct pixel rows it has."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        offset += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height = struct.unpack(">II", chunks[0][1][:8])
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = len(raw) // height
    rows = {raw[i * stride + 1 : (i + 1) * stride] for i in range(height)}
    return width, height, len(rows)
