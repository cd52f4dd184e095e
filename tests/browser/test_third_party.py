"""No request leaves the platform: fonts, images, scripts and styles all come from its own
host. Every page of the accessibility check (every role; demo data, the empty platform and
forms with errors) records its requests and fails on one to another host (``RequestLog``).
Here: the pages with a map, whose tiles come from another server only after the visitor asks
for them, and the templates and style sheets, which load nothing from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import RequestLog

ROOT = Path(__file__).resolve().parents[2]
# What would make a browser fetch something from another host: an absolute or
# protocol-relative address in src, in a stylesheet/icon/preload link, in CSS url() or @import,
# or a frame.
LOADS_FROM_ELSEWHERE = [
    re.compile(r"""<(script|img|audio|video|source|embed)\b[^>]*\bsrc=["']?(https?:)?//""", re.I),
    re.compile(r"""<link\b[^>]*\bhref=["']?(https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?(https?:)?//""", re.I),
    re.compile(r"""@import\s+(url\()?\s*["']?(https?:)?//""", re.I),
    re.compile(r"<iframe\b", re.I),
]


def test_map_pages_ask_the_tile_server_nothing_before_the_visitor_does(page, live_server):
    requests = RequestLog(page, live_server["url"])
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill("buergerin@demo.civic.example")
    page.get_by_label("Passwort").fill("demo-passwort")
    page.get_by_role("button", name="Anmelden").click()

    # The demo names OpenStreetMap's tile server; nothing goes there before the click.
    page.goto("/map")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Karte laden").is_visible()
    assert "tile.openstreetmap.org" in page.locator("#map-consent").inner_text()
    page.goto("/projects/new")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Ort auf der Karte wählen").is_visible()
    assert page.evaluate("typeof window.L") == "undefined"

    assert len(requests.urls) > 5
    assert not requests.foreign(), "\n".join(requests.foreign())


def test_templates_and_style_sheets_load_nothing_from_other_hosts():
    files = [
        *ROOT.glob("civic/**/templates/**/*.html"),
        *ROOT.glob("civic/templates/**/*.css"),
        *ROOT.glob("static/css/*.css"),
        *ROOT.glob("static/js/*.js"),
        *ROOT.glob("static/vendor/**/*.css"),
    ]
    assert len(files) > 50
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        for pattern in LOADS_FROM_ELSEWHERE
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "loaded from another host:\n" + "\n".join(found)
