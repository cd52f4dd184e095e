"""The map of projects in the browser. The tile server is a small HTTP server of the test,
reached as ``localhost:<port>`` while the platform runs on ``127.0.0.1:<port>``: another host
to the browser, so every request the page makes shows where it went. Before the visitor asks
for the map, nothing may go anywhere but to the platform."""

from __future__ import annotations

import json
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from tests.browser.conftest import check_axe


def _png(width: int = 256, height: int = 256) -> bytes:
    """A plain light-grey PNG, the size of a map tile."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xdd" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class TileServer:
    def __init__(self) -> None:
        self.paths: list[str] = []
        tile = _png()
        paths = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"localhost:{self.port}"


@pytest.fixture
def tiles(live_server) -> Iterator[TileServer]:
    """A tile server of the test, set in the live platform's settings (restored after)."""
    server = TileServer()
    server.thread.start()
    engine = create_engine(live_server["database"])
    with engine.begin() as conn:
        before = conn.execute(text("SELECT map_tile_url, map_attribution FROM site_settings")).one()
        conn.execute(
            text("UPDATE site_settings SET map_tile_url = :url, map_attribution = :credit"),
            {
                "url": f"http://{server.host}/{{z}}/{{x}}/{{y}}.png",
                "credit": "© Test-Kacheln <b>fett</b>",
            },
        )
    try:
        yield server
    finally:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE site_settings SET map_tile_url = :url, map_attribution = :credit"),
                {"url": before.map_tile_url, "credit": before.map_attribution},
            )
        engine.dispose()
        server.server.shutdown()
        server.server.server_close()


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).netloc for url in urls if urlsplit(url).scheme in ("http", "https")}


def _loneliest(features: list[dict]) -> dict:
    def gap(item: dict) -> float:
        x, y = item["geometry"]["coordinates"]
        return min(
            (x - ox) ** 2 + (y - oy) ** 2
            for other in features
            if other is not item
            for ox, oy in [other["geometry"]["coordinates"]]
        )

    return max(features, key=gap)


def test_the_map_asks_the_tile_server_only_after_the_click(page, live_server, tiles):
    app_host = urlsplit(live_server["url"]).netloc
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/map")
    page.wait_for_load_state("networkidle")
    assert page.locator("#map-load").is_visible()
    assert "Server localhost" in page.locator("#map-consent").inner_text()
    assert _hosts(requests) == {app_host}
    assert not tiles.paths
    check_axe(page)

    expected = json.loads(page.request.get("/open-data/projects.geojson").text())["features"]
    assert len(expected) >= 25
    page.locator("#map-load").click()
    pins = page.locator(".leaflet-marker-icon.pin")
    pins.nth(len(expected) - 1).wait_for()
    assert not page.locator("#map-load").is_visible()
    assert pins.count() == len(expected)
    page.wait_for_load_state("networkidle")
    assert tiles.paths and all(path.endswith(".png") for path in tiles.paths)
    assert _hosts(requests) == {app_host, tiles.host}
    # The attribution is shown as text, never as markup.
    assert "© Test-Kacheln <b>fett</b>" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.locator("#map-status").inner_text().endswith(str(len(expected)))
    check_axe(page)

    # A pin opens its popup; its link leads to the project (one that no other pin covers).
    item = _loneliest(expected)["properties"]
    pin = page.locator(f".leaflet-marker-icon[data-project-id='{item['id']}']")
    assert item["title"] in pin.get_attribute("aria-label")
    pin.click()
    link = page.locator(".leaflet-popup-content a", has_text=item["title"])
    link.click()
    page.wait_for_url(f"**/projects/{item['id']}")

    # The choice holds for this tab: back on the map, it loads without asking.
    page.goto("/map")
    page.locator(".leaflet-marker-icon.pin").first.wait_for()
    assert not page.locator("#map-load").is_visible()


def test_pins_work_with_the_keyboard(page, tiles):
    page.goto("/map?phase=development")
    page.locator("#map-load").click()
    pin = page.locator(".leaflet-marker-icon.pin-development").first
    pin.wait_for()
    assert page.locator(".leaflet-marker-icon.pin").count() == (
        page.locator(".leaflet-marker-icon.pin-development").count()
    )
    pin.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    assert focused
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert "/projects/" in href
    page.keyboard.press("Enter")
    page.wait_for_url("**/projects/*")


def test_an_initiator_chooses_the_place_on_a_map(page, live_server, tiles):
    app_host = urlsplit(live_server["url"]).netloc
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill("buergerin@demo.civic.example")
    page.get_by_label("Passwort").fill("demo-passwort")
    page.get_by_role("button", name="Anmelden").click()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/projects/new")
    page.wait_for_load_state("networkidle")
    assert _hosts(requests) == {app_host}
    picker = page.locator("[data-location-picker]")
    assert "localhost" in picker.inner_text()
    picker.locator("[data-map-load]").click()
    area = picker.locator("[data-map]")
    area.locator(".leaflet-tile-loaded").first.wait_for()
    assert tiles.host in _hosts(requests)

    area.click(position={"x": 120, "y": 80})
    latitude = float(page.locator("input[name=latitude]").input_value())
    longitude = float(page.locator("input[name=longitude]").input_value())
    assert 50.9 < latitude < 51.2 and 13.5 < longitude < 14.0
    assert area.locator(".pin-chosen").count() == 1
    assert f"{latitude:.5f}" in picker.locator("[data-map-status]").inner_text()
    # Keyboard: Enter on the map takes its centre.
    area.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert float(page.locator("input[name=longitude]").input_value()) != longitude
    check_axe(page)


def test_without_javascript_the_list_is_the_map(chromium, live_server, tiles):
    context = chromium.new_context(
        base_url=live_server["url"], locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/map")
        assert not page.locator("#map-load").is_visible()
        assert "JavaScript" in page.locator("#map-consent").inner_text()
        rows = page.locator("table.map-list tbody tr")
        assert rows.count() == 20
        rows.first.locator("a").click()
        assert "/projects/" in page.url
        page.goto("/projects/new")
        assert not page.locator("[data-location-picker]").is_visible()
    finally:
        context.close()
