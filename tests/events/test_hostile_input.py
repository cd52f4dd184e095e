"""Odd and hostile input never makes a server error: the event forms refuse it (and change
nothing) or store it cleaned; the list ignores query strings it did not make; ids beyond what
the database holds are simply not found."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from civic.core.models import AuditEntry
from civic.db import db
from civic.events.models import Event, EventRegistration
from tests.events.builders import council_member, past, upcoming
from tests.factories import UserFactory, make_project
from tests.helpers import browser, csrf_token, fresh, submit

VALUES = [
    "",
    "x" * 30_000,
    "\x00",
    "a\x00b",
    "Zeile\r\nBcc: x@example.org",
    str(10**30),
    "-1",
    "0",
    "1e400",
    "NaN",
    "²",
    "0000-00-00",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "99999-01-01T18:00",
    "2030-02-30T18:00",
    "2030-12-07T25:00",
    "\ufffd\ufffd",
    "<script>alert(1)</script>",
]


@pytest.fixture
def world(app) -> dict[str, Any]:
    organiser = council_member()
    return {
        "organiser": organiser,
        "upcoming": upcoming(organiser, capacity=5),
        "past": past(organiser),
        "project": make_project(),
    }


def _forms(w: dict[str, Any]) -> list[tuple[str, dict[str, str], list[str]]]:
    """(url, a valid submission, the fields to spoil one at a time)."""
    event = {
        "title": "Stadtteilversammlung",
        "description": "Worum es geht",
        "starts_at": "2030-12-07T18:00",
        "ends_at": "2030-12-07T20:00",
        "venue": "Stadtteilhaus",
        "accessibility": "",
        "district": "0",
        "capacity": "10",
        "projects": str(w["project"].id),
    }
    spoilable = [*event]
    return [
        ("/events/new", event, spoilable),
        (f"/events/{w['upcoming'].id}/edit", event, spoilable),
        (f"/events/{w['upcoming'].id}/cancel", {"reason": "Der Saal fehlt"}, ["reason"]),
        (f"/events/{w['past'].id}/report", {"report": "Es war gut"}, ["report"]),
    ]


def _state(w: dict[str, Any]) -> tuple[Any, ...]:
    db.session.expire_all()
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    event = db.session.get(Event, w["upcoming"].id)
    return (
        count(Event),
        count(AuditEntry),
        (event.title, event.starts_at, event.capacity, event.cancelled_at, event.venue),
        db.session.get(Event, w["past"].id).report_markdown,
    )


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_spoilt_field_is_refused_or_stored_cleaned_never_a_server_error(app, world, value):
    client = browser(app, world["organiser"])
    token = csrf_token(client, "/imprint")
    failures = []
    for url, valid, fields in _forms(world):
        for name in fields:
            before = _state(world)
            response = client.post(url, data={"csrf_token": token, **valid, name: value})
            if response.status_code >= 500:
                failures.append((url, name, response.status_code))
            elif response.status_code != 302 and _state(world) != before:
                failures.append((url, name, "refused, but changed data"))
            elif response.status_code == 302:
                stored = [
                    e.title + e.venue + e.description_markdown
                    for e in db.session.scalars(select(Event))
                ]
                if any("\x00" in text for text in stored):
                    failures.append((url, name, "stored a NUL character"))
            db.session.rollback()
    assert not failures


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_odd_query_strings_are_ignored(app, world, value):
    client = browser(app, UserFactory())
    urls = [
        "/events?page=",
        "/events?district=",
        "/events?project=",
        "/events?when=",
        "/events?when=past&page=",
    ]
    statuses = {url: client.get(url + quote(value, safe="")).status_code for url in urls}
    assert all(status == 200 for status in statuses.values()), statuses


@pytest.mark.parametrize(
    "path",
    ["/events/{n}", "/events/{n}.ics", "/events/{n}/edit", "/events/{n}/participants"],
)
@pytest.mark.parametrize("number", [0, 2**31, 10**30])
def test_huge_ids_are_not_found(app, path, number):
    client = browser(app, UserFactory())
    assert client.get(path.format(n=number)).status_code == 404


def test_registering_for_an_unknown_event_is_not_found(app):
    client = browser(app, UserFactory())
    token = csrf_token(client, "/imprint")
    assert client.post(f"/events/{10**30}/register", data={"csrf_token": token}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(EventRegistration)) == 0


def test_a_nul_character_is_dropped_and_html_stays_text(app, world):
    client = browser(app, world["organiser"])
    event = world["upcoming"]
    response = submit(
        client,
        f"/events/{event.id}/edit",
        {
            "title": "Ver\x00sammlung",
            "description": "<img src=x onerror=alert(1)> und **mehr**",
            "starts_at": "2030-12-07T18:00",
            "ends_at": "2030-12-07T20:00",
            "venue": "Stadt\x00haus",
            "district": "0",
            "capacity": "",
        },
    )
    assert response.status_code == 302
    stored = fresh(Event, event.id)
    assert (stored.title, stored.venue) == ("Versammlung", "Stadthaus")
    assert (
        "<img" not in stored.description_html and "<strong>mehr</strong>" in stored.description_html
    )
    assert stored.capacity is None


def test_html_in_plain_fields_is_refused(app, world):
    client = browser(app, world["organiser"])
    response = submit(
        client,
        "/events/new",
        {
            "title": "<b>Fett</b>",
            "starts_at": "2030-12-07T18:00",
            "ends_at": "2030-12-07T20:00",
            "venue": "Stadthaus",
            "district": "0",
        },
    )
    assert response.status_code == 200
    assert "Please use plain text without HTML tags." in response.get_data(as_text=True)
