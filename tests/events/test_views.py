"""The event pages as people use them: the list and its filters, the event page, announcing
with the form, registering, cancelling, the participants list, the report and the calendar
files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from civic.accounts.models import Role
from civic.db import db, utcnow
from civic.events import operations as ops
from civic.events.models import Event, EventRegistration
from civic.events.workflow import RegistrationStatus
from tests.events.builders import council_member, make_event, past, upcoming
from tests.factories import DistrictFactory, UserFactory, make_project
from tests.helpers import browser, fresh, post, submit, text_of


def _form(**overrides):
    data = {
        "title": "Stadtteilversammlung Neustadt",
        "description": "Wir sprechen über den **Alaunplatz**.",
        "starts_at": "2030-12-07T18:00",
        "ends_at": "2030-12-07T20:00",
        "venue": "Stadtteilhaus Neustadt, Prießnitzstraße 18",
        "accessibility": "Stufenloser Zugang, Höranlage",
        "district": "0",
        "capacity": "",
    }
    data.update(overrides)
    return data


# --- announcing --------------------------------------------------------------------------------


def test_a_council_member_announces_an_event_in_local_time(app):
    organiser = council_member()
    district = DistrictFactory(name="Neustadt")
    project = make_project()
    client = browser(app, organiser)
    response = submit(
        client,
        "/events/new",
        _form(district=str(district.id), capacity="30", projects=str(project.id)),
    )
    assert response.status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "Stadtteilversammlung Neustadt"))
    # 18:00 in Dresden in December is 17:00 UTC (CET); in July it would be 16:00 (CEST).
    assert event.starts_at == datetime(2030, 12, 7, 17, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2030, 12, 7, 19, 0, tzinfo=UTC)
    assert (event.capacity, event.district_id, event.organiser_id) == (
        30,
        district.id,
        organiser.id,
    )
    page = text_of(client.get(response.location))
    assert "Saturday, December 7, 2030, 6:00 PM – 8:00 PM" in page
    assert "Stufenloser Zugang, Höranlage" in page and "Neustadt" in page
    assert "30 of 30 seats free" in page
    assert project.title in page
    assert "Event announced: Stadtteilversammlung Neustadt" in text_of(
        client.get(f"/projects/{project.id}")
    )


def test_summer_time_is_converted_too(app):
    client = browser(app, council_member())
    submit(client, "/events/new", _form(starts_at="2030-07-01T18:00", ends_at="2030-07-01T19:30"))
    event = db.session.scalar(select(Event))
    assert event.starts_at == datetime(2030, 7, 1, 16, 0, tzinfo=UTC)


def test_a_german_reader_sees_the_german_date(app, client):
    event = make_event()
    event.starts_at = datetime(2030, 12, 7, 17, 0, tzinfo=UTC)
    event.ends_at = datetime(2030, 12, 7, 19, 0, tzinfo=UTC)
    db.session.commit()
    assert "Samstag, 7. Dezember 2030, 18:00 – 20:00" in text_of(client.get(f"/events/{event.id}"))


@pytest.mark.parametrize(
    ("changes", "message", "kept"),
    [
        ({"ends_at": "2030-12-07T17:00"}, "The end must be after the start.", "2030-12-07T17:00"),
        ({"starts_at": "31.02.2030 18:00"}, "Please enter a date and time", "31.02.2030 18:00"),
        (
            {"starts_at": "2010-12-07T18:00", "ends_at": "2010-12-07T20:00"},
            "An event cannot begin in the past.",
            "2010-12-07T18:00",
        ),
        (
            {"starts_at": "1850-01-01T18:00"},
            "Please enter a date between 2000 and 2100.",
            "1850-01-01T18:00",
        ),
        ({"capacity": "0"}, "Please enter a number between 1 and 100,000.", 'value="0"'),
        ({"title": ""}, "Please give the event a title.", "Prießnitzstraße 18"),
        ({"venue": ""}, "Please say where the event takes place.", "Stadtteilversammlung Neustadt"),
    ],
)
def test_form_errors_are_shown_next_to_the_field_and_keep_the_input(app, changes, message, kept):
    client = browser(app, council_member())
    response = submit(client, "/events/new", _form(**changes))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html and 'class="error"' in html
    assert kept in html
    assert "Wir sprechen über den **Alaunplatz**." in html
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_a_draft_project_cannot_be_linked(app):
    from civic.projects.workflow import ProjectState

    draft = make_project(state=ProjectState.DRAFT)
    client = browser(app, council_member())
    response = submit(client, "/events/new", _form(projects=str(draft.id)))
    assert response.status_code == 200
    assert draft.title not in response.get_data(as_text=True)  # not offered at all
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_a_citizen_sees_no_announce_button_and_may_not_announce(app):
    client = browser(app, UserFactory())
    assert "Announce event" not in text_of(client.get("/events"))
    assert client.get("/events/new").status_code == 403
    client = browser(app, council_member())
    assert "Announce event" in text_of(client.get("/events"))


def test_editing_keeps_local_times_and_refuses_fewer_seats_than_registered(app):
    organiser = council_member()
    event = upcoming(organiser, capacity=3)
    with app.test_request_context():
        for _ in range(2):
            ops.register(UserFactory(), event)
        db.session.commit()
    client = browser(app, organiser)
    form_html = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    from civic.events.forms import to_local

    with app.test_request_context():
        start_value = to_local(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{start_value}"' in form_html
    data = _form(
        title=event.title,
        starts_at=start_value,
        ends_at=(datetime.fromisoformat(start_value) + timedelta(hours=2)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        venue=event.venue,
        capacity="1",
    )
    response = submit(client, f"/events/{event.id}/edit", data)
    assert response.status_code == 200
    assert "2 people are registered already" in text_of(response)
    assert fresh(Event, event.id).capacity == 3
    response = submit(client, f"/events/{event.id}/edit", {**data, "capacity": "5"})
    assert response.status_code == 302
    stored = fresh(Event, event.id)
    assert stored.capacity == 5 and stored.starts_at == event.starts_at


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_upcoming_events_soonest_first_and_past_ones_with_their_report(app):
    later = upcoming(starts_in=timedelta(days=20), title="Später im Monat")
    soon = upcoming(starts_in=timedelta(days=2), title="Schon übermorgen")
    off = upcoming(starts_in=timedelta(days=5), title="Fällt aus", cancelled=True)
    old = past(
        title="Schon vorbei",
        report_markdown="Es war **schön**.",
        report_html="<p>Es war <strong>schön</strong>.</p>",
    )
    client = browser(app)
    page = text_of(client.get("/events"))
    assert page.index(soon.title) < page.index(off.title) < page.index(later.title)
    assert "Cancelled: Der Saal ist nicht verfügbar." in page
    assert old.title not in page
    archive = client.get("/events?when=past").get_data(as_text=True)
    assert old.title in archive and "Es war <strong>schön</strong>." in archive
    assert soon.title not in archive and off.title not in archive


def test_the_list_filters_by_district_and_by_project(app):
    pieschen, prohlis = DistrictFactory(name="Pieschen"), DistrictFactory(name="Prohlis")
    project = make_project()
    upcoming(title="In Pieschen", district_id=pieschen.id)
    linked = upcoming(title="Zum Projekt", district_id=prohlis.id)
    linked.projects = [project]
    db.session.commit()
    client = browser(app)
    page = text_of(client.get(f"/events?district={pieschen.slug}"))
    assert "In Pieschen" in page and "Zum Projekt" not in page
    page = text_of(client.get(f"/events?project={project.id}"))
    assert "Zum Projekt" in page and "In Pieschen" not in page
    assert f"Events linked to the project “{project.title}”" in page
    page = text_of(client.get(f"/events?district={pieschen.slug}&project={project.id}"))
    assert "No event matches these filters." in page


def test_a_project_hidden_by_moderation_is_not_named_on_the_event_pages(app):
    shown, hidden = make_project(title="Offener Garten"), make_project(title="Verborgen")
    event = upcoming(title="Pflanztag")
    event.projects = [shown, hidden]
    hidden.hidden_at = utcnow()
    db.session.commit()
    client = browser(app)
    for url in ("/events", f"/events/{event.id}"):
        page = text_of(client.get(url))
        assert "Pflanztag" in page and "Offener Garten" in page
        assert "Verborgen" not in page


def test_empty_lists_say_so(app):
    client = browser(app)
    assert "No events are planned at the moment." in text_of(client.get("/events"))
    assert "No event has taken place yet." in text_of(client.get("/events?when=past"))


def test_the_list_is_paginated(app):
    organiser = council_member()
    for day in range(1, 24):
        upcoming(organiser, starts_in=timedelta(days=day), title=f"Termin {day:02d}")
    client = browser(app)
    first = text_of(client.get("/events"))
    assert "Termin 01" in first and "Termin 21" not in first and "Page 1 of 2" in first
    second = text_of(client.get("/events?page=2"))
    assert "Termin 21" in second and "Termin 01" not in second


def test_the_navigation_and_the_list_link_to_the_calendar_feed(app):
    html = browser(app).get("/events").get_data(as_text=True)
    assert 'href="/events"' in html and 'aria-current="page">Events' in html
    assert 'href="/events.ics"' in html


def test_the_list_uses_a_fixed_number_of_queries(app, count_queries):
    viewer = UserFactory()
    client = browser(app, viewer)
    district = DistrictFactory()

    def build(n):
        for i in range(n):
            event = upcoming(capacity=5, district_id=district.id, starts_in=timedelta(days=1 + i))
            event.projects = [make_project(), make_project()]
            db.session.commit()
            ops_user = UserFactory()
            with app.test_request_context():
                ops.register(ops_user, event)
                ops.register(viewer, event)
                db.session.commit()

    build(3)
    client.get("/events")
    count_queries.statements.clear()
    assert client.get("/events").status_code == 200
    few = count_queries.count
    build(27)
    count_queries.statements.clear()
    assert client.get("/events").status_code == 200
    assert count_queries.count == few, count_queries.statements


# --- registering -------------------------------------------------------------------------------


def test_a_visitor_who_registers_is_sent_to_sign_in_and_comes_back(app):
    event = upcoming()
    client = browser(app)
    page = text_of(client.get(f"/events/{event.id}"))
    assert "Sign in to register" in page
    response = post(client, f"/events/{event.id}/register")
    assert response.status_code == 302
    assert response.location == f"/login?next=/events/{event.id}"
    assert db.session.scalar(select(func.count()).select_from(EventRegistration)) == 0


def test_registering_and_cancelling_through_the_page(app, mailbox):
    event = upcoming(capacity=1)
    person = UserFactory(locale="en")
    client = browser(app, person)
    url = f"/events/{event.id}"
    response = submit(client, url, {}, action=url + "/register", follow_redirects=True)
    page = text_of(response)
    assert "You are registered. We have sent you a confirmation by e-mail." in page
    assert "You: Registered" in page and "Fully booked · waiting list open" in page
    again = text_of(submit(client, url, {}, action=url + "/register", follow_redirects=True))
    assert "You are registered already." in again
    assert fresh(Event, event.id).registered_count == 1
    assert len(mailbox.to(person.email)) == 1

    other = UserFactory()
    other_client = browser(app, other)
    page = text_of(other_client.get(url))
    assert "Join the waiting list" in page and "All seats are taken" in page
    page = text_of(submit(other_client, url, {}, action=url + "/register", follow_redirects=True))
    assert "All seats are taken, so you are on the waiting list (number 1)." in page

    question = text_of(client.get(url + "/unregister"))
    assert "Your seat goes to the next person on the waiting list" in question
    page = text_of(submit(client, url + "/unregister", {}, follow_redirects=True))
    assert "Your registration is cancelled." in page
    assert "You are registered." in text_of(other_client.get(url))
    assert (
        ops.registration_of(other, fresh(Event, event.id)).status is RegistrationStatus.REGISTERED
    )


def test_registration_is_closed_for_past_and_cancelled_events(app):
    person = UserFactory()
    client = browser(app, person)
    for event in (past(), upcoming(cancelled=True)):
        url = f"/events/{event.id}"
        assert "Register" not in text_of(client.get(url)).replace("Registration", "")
        page = text_of(submit(client, url, {}, action=url + "/register", follow_redirects=True))
        assert "Registration is closed" in page
    assert db.session.scalar(select(func.count()).select_from(EventRegistration)) == 0


def test_a_post_without_csrf_token_is_refused(app):
    event = upcoming()
    client = browser(app, UserFactory())
    assert client.post(f"/events/{event.id}/register").status_code == 400
    assert client.post(f"/events/{event.id}/cancel", data={"reason": "x"}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(EventRegistration)) == 0


# --- organising --------------------------------------------------------------------------------


def test_the_participants_page_is_for_organisers_only(app):
    organiser = council_member()
    event = upcoming(organiser, capacity=1)
    holder = UserFactory(display_name="Hanna Halter", email="hanna@example.org")
    waiter = UserFactory(display_name="Wim Warter", email="wim@example.org")
    with app.test_request_context():
        ops.register(holder, event)
        ops.register(waiter, event)
        db.session.commit()
    url = f"/events/{event.id}/participants"
    assert browser(app, holder).get(url).status_code == 403
    assert browser(app, council_member()).get(url).status_code == 403
    assert browser(app).get(url).status_code == 302
    page = text_of(browser(app, organiser).get(url))
    assert "1 of 1 seats taken, 1 people on the waiting list." in page
    assert page.index("Hanna Halter") < page.index("Waiting list") < page.index("Wim Warter")
    assert "hanna@example.org" in page and "wim@example.org" in page
    assert browser(app, UserFactory(roles=[Role.COORDINATOR])).get(url).status_code == 200


def test_cancelling_an_event_asks_for_a_reason_first(app, mailbox):
    organiser = council_member()
    event = upcoming(organiser)
    person = UserFactory(locale="en")
    with app.test_request_context():
        ops.register(person, event)
        db.session.commit()
    mailbox.clear()
    client = browser(app, organiser)
    url = f"/events/{event.id}/cancel"
    assert "Do you really want to cancel" in text_of(client.get(url))
    response = submit(client, url, {"reason": ""})
    assert response.status_code == 200 and "Please say why the event is cancelled." in text_of(
        response
    )
    assert fresh(Event, event.id).cancelled_at is None and mailbox.messages == []
    page = text_of(
        submit(client, url, {"reason": "Der Saal ist überflutet."}, follow_redirects=True)
    )
    assert "The event is cancelled. 1 person was told by e-mail." in page
    assert "This event is cancelled." in page and "Der Saal ist überflutet." in page
    assert "Der Saal ist überflutet." in mailbox.body(mailbox.last_to(person.email))
    assert client.get(url).status_code == 403


def test_a_report_is_written_after_the_event_and_shown_with_it(app):
    organiser = council_member()
    event = past(organiser)
    client = browser(app, organiser)
    url = f"/events/{event.id}/report"
    response = submit(client, url, {"report": ""})
    assert "Please write a few lines about the event." in text_of(response)
    submit(client, url, {"report": "Es kamen **40** Leute."})
    html = browser(app).get(f"/events/{event.id}").get_data(as_text=True)
    assert "Es kamen <strong>40</strong> Leute." in html
    assert (
        browser(app, organiser).get(f"/events/{upcoming(organiser).id}/report").status_code == 403
    )


# --- calendar files ----------------------------------------------------------------------------


def test_one_event_as_icalendar(app):
    event = upcoming(title="Werkstatt; mit, Sonderzeichen", capacity=3)
    response = browser(app).get(f"/events/{event.id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    [item] = calendar.walk("VEVENT")
    assert str(item["UID"]) == f"event-{event.id}@localhost"
    assert item.decoded("DTSTART") == event.starts_at
    assert item.decoded("DTEND") == event.ends_at
    assert item.decoded("DTSTART").utcoffset() == timedelta(0)
    assert str(item["SUMMARY"]) == "Werkstatt; mit, Sonderzeichen"
    assert str(item["DESCRIPTION"]) == event.description_markdown
    assert str(item["LOCATION"]) == event.venue
    assert str(item["URL"]) == f"http://localhost/events/{event.id}"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in item


def test_the_feed_holds_upcoming_and_recent_events_and_marks_cancelled_ones(app):
    soon = upcoming(title="Bald")
    off = upcoming(title="Abgesagt", cancelled=True)
    recent = make_event(starts_in=timedelta(days=-80), title="Vor 80 Tagen")
    make_event(starts_in=timedelta(days=-100), title="Vor 100 Tagen")
    response = browser(app).get("/events.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    items = {str(i["SUMMARY"]): i for i in Calendar.from_ical(response.data).walk("VEVENT")}
    assert set(items) == {"Bald", "Abgesagt", "Vor 80 Tagen"}
    assert str(items["Abgesagt"]["STATUS"]) == "CANCELLED"
    assert str(items["Bald"]["UID"]) == f"event-{soon.id}@localhost"
    assert {str(i["UID"]) for i in items.values()} == {
        f"event-{e.id}@localhost" for e in (soon, off, recent)
    }


def test_unknown_events_are_not_found(app):
    client = browser(app, UserFactory(roles=[Role.ADMIN]))
    for url in ("/events/99999", "/events/99999.ics", f"/events/{2**31}", "/events/99999/edit"):
        assert client.get(url).status_code == 404, url


def test_now_is_used_for_upcoming(app):
    """An event that has begun but not ended is still listed as upcoming, marked as taking
    place now."""
    make_event(starts_in=timedelta(minutes=-30), hours=2, title="Läuft gerade")
    page = text_of(browser(app).get("/events"))
    assert "Läuft gerade" in page and "Taking place now" in page
    assert utcnow()
