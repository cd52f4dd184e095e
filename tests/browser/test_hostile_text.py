"""Hostile text in every field, read by a real browser: no script ever runs.

The demo city is loaded and then every text a person can write (titles, summaries,
descriptions, concepts, plans, needs, offers, names, about texts, comments, news, events, fund
applications and decisions, workspace messages, reports, moderation reasons, the site's
settings …) is overwritten with a payload from ``tests/security/xss_corpus.py``. Markdown
fields get the payload as their source and its rendering as the operations store it; plain
fields get the raw payload, as if a form had let it through. Then Chromium opens every page of
the platform, as every role that sees it, and fails if a payload opened a dialog or set
``window.__xss``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import _serve
from tests.browser.test_accessibility import _people, _sign_in, pages_by_role
from tests.conftest import Mailbox
from tests.security.xss_corpus import CORPUS

FILL = """
from civic import create_app
from civic.core import demo
from civic.core.site import get_settings
from civic.db import db
from tests.security.xss_corpus import poison

app = create_app()
with app.test_request_context():
    demo.load()
    db.session.commit()
    written = poison(db.session)
    # A tile server of the site itself, so that the map (and its attribution) is shown.
    get_settings().map_tile_url = "/static/img/{z}-{x}-{y}.png"
    db.session.commit()
    assert written > 500, written
"""


@pytest.fixture(scope="module")
def hostile_server(smtp: tuple[Mailbox, int]) -> Iterator[dict[str, str]]:
    _box, mail_port = smtp
    with _serve(mail_port, "hostile", ["-c", FILL]) as server:
        yield server


class Watch:
    """Dialogs a page opens and whether a payload set ``window.__xss``, page by page."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.ran: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.ran.append(f"{self.page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def visit(self, url: str) -> int:
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.check()
        return response.status

    def check(self) -> None:
        if self.page.evaluate("() => window.__xss"):
            self.ran.append(f"{self.page.url}: window.__xss was set")


def test_the_corpus_covers_every_kind_of_attack():
    joined = "\n".join(CORPUS).lower()
    for trick in (
        "<script",
        "onerror=",
        "javascript:",
        "&#x09;",
        "<svg",
        "<math",
        "<noscript",
        "<template",
        "\u202e",
        "](javascript:",
        '" onmouseover=',
    ):
        assert trick in joined, trick


def test_no_payload_runs_on_any_page(app, chromium, hostile_server):
    context = chromium.new_context(base_url=hostile_server["url"], locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch = Watch(page)
    roles = pages_by_role(app, hostile_server["database"])
    people = _people(hostile_server["database"])
    errors: list[str] = []
    visited = 0
    try:
        for role, urls in roles.items():
            if role != "visitor":
                context.clear_cookies()
                _sign_in(page, people[role])
            for url in urls:
                status = watch.visit(url)
                invalid_token = url.startswith(("/invitations/", "/unsubscribe/"))
                if status >= 500 or (status not in (200, 400) and not invalid_token):
                    errors.append(f"{role} {url}: {status}")
                visited += 1
            if role == "citizen":
                # The live list of similar projects while an idea is written, and the map's
                # pop-ups, put text into the page with JavaScript.
                watch.visit("/projects/new")
                page.locator("#title").fill(CORPUS[0])
                page.locator("#summary").fill(CORPUS[1])
                page.wait_for_timeout(1200)
                watch.check()
        watch.visit("/map")
        for pin in page.locator(".leaflet-marker-icon").all()[:10]:
            pin.click()
            watch.check()
    finally:
        context.close()
    assert visited > 100
    assert errors == []
    assert watch.ran == []
