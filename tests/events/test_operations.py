"""The rules of events, called as operations: seats and the waiting list, moving up,
announcing, changing, cancelling, reports. Each refusal changes nothing."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header
from email.message import Message

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, update

from civic.accounts.models import Role
from civic.core.errors import OperationError, PermissionDenied
from civic.core.models import AuditEntry
from civic.db import db, utcnow
from civic.events import operations as ops
from civic.events.models import Event, EventRegistration
from civic.events.queries import upcoming_events_for_project
from civic.events.workflow import RegistrationStatus
from civic.projects.models import TimelineEntry
from civic.projects.timeline import describe
from civic.projects.workflow import ProjectState
from tests.events.builders import council_member, fields, fields_of, past, running, upcoming
from tests.factories import UserFactory, make_project
from tests.helpers import fresh

REGISTERED, WAITING, CANCELLED = RegistrationStatus


def _rows(event: Event) -> tuple[int, int]:
    """(registered, waiting) counted from the rows, to compare with the counters."""
    counts = dict(
        db.session.execute(
            select(EventRegistration.status, func.count())
            .where(EventRegistration.event_id == event.id)
            .group_by(EventRegistration.status)
        ).all()
    )
    return counts.get(REGISTERED, 0), counts.get(WAITING, 0)


def subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _counters(event: Event) -> tuple[int, int]:
    event = fresh(Event, event.id)
    return event.registered_count, event.waiting_count


# --- seats and the waiting list ----------------------------------------------------------------


def test_seats_are_given_until_full_then_people_wait(ctx, mailbox):
    event = upcoming(capacity=2)
    people = [UserFactory(locale="en") for _ in range(3)]
    results = [ops.register(person, event) for person in people]
    db.session.commit()
    assert [r.status for r, _new in results] == [REGISTERED, REGISTERED, WAITING]
    assert _counters(event) == (2, 1) == _rows(event)
    assert fresh(Event, event.id).is_full
    waiting_mail = mailbox.last_to(people[2].email)
    assert subject(waiting_mail) == "Waiting list: “Stadtteilversammlung”"
    assert "you are on the waiting list (number 1)" in mailbox.body(waiting_mail)
    assert subject(mailbox.last_to(people[0].email)) == (
        "Your registration: “Stadtteilversammlung”"
    )
    assert "Stadtteilhaus Pieschen" in mailbox.body(mailbox.last_to(people[0].email))


def test_an_event_without_capacity_never_fills(ctx):
    event = upcoming(capacity=None)
    for _ in range(5):
        registration, _new = ops.register(UserFactory(), event)
        assert registration.status is REGISTERED
    assert _counters(event) == (5, 0)


def test_a_second_click_counts_once(ctx, mailbox):
    event = upcoming(capacity=5)
    person = UserFactory()
    first, new_first = ops.register(person, event)
    second, new_second = ops.register(person, event)
    db.session.commit()
    assert (new_first, new_second) == (True, False)
    assert first.id == second.id
    assert _counters(event) == (1, 0) == _rows(event)
    assert len(mailbox.to(person.email)) == 1


def test_a_parallel_double_registration_is_kept_to_one_by_the_database(ctx, monkeypatch):
    """Two requests of the same person both find no registration; the unique constraint
    refuses the second row, and the seat it had not yet taken stays free."""
    event = upcoming(capacity=3)
    person = UserFactory()
    ops.register(person, event)
    db.session.commit()
    real = ops.registration_of
    calls = iter([None])
    monkeypatch.setattr(ops, "registration_of", lambda u, e: next(calls, None) or real(u, e))
    registration, new = ops.register(person, event)
    db.session.commit()
    assert new is False and registration.status is REGISTERED
    assert _counters(event) == (1, 0) == _rows(event)


def test_the_last_seat_is_decided_by_the_database_not_by_a_stale_copy(ctx):
    """Another request took the last seat after this one loaded the event: the conditional
    UPDATE sees it, and this person goes onto the waiting list."""
    event = upcoming(capacity=2)
    ops.register(UserFactory(), event)
    db.session.commit()
    assert event.registered_count == 1  # what this request believes
    db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(registered_count=2)
        .execution_options(synchronize_session=False)
    )
    registration, _new = ops.register(UserFactory(), event)
    assert registration.status is WAITING
    assert event.registered_count == 2 and event.waiting_count == 1


def test_cancelling_a_seat_moves_the_first_person_waiting_up(ctx, mailbox):
    event = upcoming(capacity=1)
    first, second, third = (UserFactory(locale="en") for _ in range(3))
    for person in (first, second, third):
        ops.register(person, event)
    db.session.commit()
    mailbox.clear()
    ops.cancel_registration(first, event)
    db.session.commit()
    assert ops.registration_of(first, event).status is CANCELLED
    assert ops.registration_of(second, event).status is REGISTERED
    third_row = ops.registration_of(third, event)
    assert third_row.status is WAITING and ops.waiting_position(third_row) == 1
    assert _counters(event) == (1, 1) == _rows(event)
    assert [m["To"] for m in mailbox.messages] == [second.email]
    assert subject(mailbox.messages[0]) == "A seat for you: “Stadtteilversammlung”"


def test_leaving_the_waiting_list_moves_nobody(ctx, mailbox):
    event = upcoming(capacity=1)
    holder, waiter = UserFactory(), UserFactory()
    ops.register(holder, event)
    ops.register(waiter, event)
    mailbox.clear()
    ops.cancel_registration(waiter, event)
    assert _counters(event) == (1, 0) == _rows(event)
    assert mailbox.messages == []


def test_registering_again_after_cancelling_joins_the_end_of_the_waiting_list(ctx):
    event = upcoming(capacity=1)
    holder, waiter = UserFactory(), UserFactory()
    ops.register(holder, event)
    ops.register(waiter, event)
    ops.cancel_registration(holder, event)
    again, new = ops.register(holder, event)
    assert new is True and again.status is WAITING
    assert ops.registration_of(waiter, event).status is REGISTERED
    assert _counters(event) == (1, 1) == _rows(event)


def test_cancelling_twice_is_refused_the_second_time(ctx):
    event = upcoming(capacity=1)
    person = UserFactory()
    ops.register(person, event)
    ops.cancel_registration(person, event)
    with force_locale("en"), pytest.raises(OperationError, match="not registered"):
        ops.cancel_registration(person, event)
    assert _counters(event) == (0, 0)


@pytest.mark.parametrize("build", [past, running, lambda: upcoming(cancelled=True)])
def test_nobody_registers_for_a_past_running_or_cancelled_event(ctx, build):
    event = build()
    with pytest.raises(PermissionDenied):
        ops.register(UserFactory(), event)
    assert _rows(event) == (0, 0)


def test_an_unconfirmed_account_cannot_register(ctx):
    event = upcoming()
    with pytest.raises(PermissionDenied):
        ops.register(UserFactory(unverified=True), event)
    assert _rows(event) == (0, 0)


def test_a_registration_cannot_be_given_up_once_the_event_has_begun(ctx):
    event = upcoming(capacity=1)
    person = UserFactory()
    ops.register(person, event)
    db.session.commit()
    event.starts_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    with force_locale("en"), pytest.raises(OperationError, match="begun"):
        ops.cancel_registration(person, event)
    assert ops.registration_of(person, event).status is REGISTERED


# --- capacity changes --------------------------------------------------------------------------


def test_more_seats_move_people_up_from_the_waiting_list(ctx, mailbox):
    organiser = council_member()
    event = upcoming(organiser, capacity=1)
    people = [UserFactory() for _ in range(4)]
    for person in people:
        ops.register(person, event)
    mailbox.clear()
    ops.update_event(organiser, event, **fields_of(event, capacity=3))
    assert _counters(event) == (3, 1) == _rows(event)
    assert sorted(m["To"] for m in mailbox.messages) == sorted(p.email for p in people[1:3])


def test_fewer_seats_than_people_registered_is_refused_and_nothing_changes(ctx):
    organiser = council_member()
    event = upcoming(organiser, capacity=5)
    for _ in range(3):
        ops.register(UserFactory(), event)
    db.session.commit()
    with pytest.raises(OperationError) as refused:
        ops.update_event(organiser, event, **fields_of(event, title="Neuer Titel", capacity=2))
    assert refused.value.field == "capacity"
    with force_locale("en"):
        assert "3 people are registered already" in str(refused.value.message)
    db.session.rollback()
    stored = fresh(Event, event.id)
    assert (stored.capacity, stored.title) == (5, "Stadtteilversammlung")
    ops.update_event(organiser, stored, **fields_of(stored, capacity=3))
    assert fresh(Event, event.id).capacity == 3


def test_unlimited_seats_move_everyone_up(ctx):
    organiser = council_member()
    event = upcoming(organiser, capacity=1)
    for _ in range(3):
        ops.register(UserFactory(), event)
    ops.update_event(organiser, event, **fields_of(event, capacity=None))
    assert _counters(event) == (3, 0)


# --- announcing, changing, cancelling, reporting -----------------------------------------------


def test_announcing_links_published_projects_and_tells_their_timeline(ctx):
    organiser = council_member()
    project = make_project()
    event = ops.announce_event(organiser, **fields(project_ids=[project.id]))
    db.session.commit()
    assert [p.id for p in event.projects] == [project.id]
    entry = db.session.scalar(
        select(TimelineEntry).where(
            TimelineEntry.project_id == project.id, TimelineEntry.kind == "event_announced"
        )
    )
    assert entry.details == {"event_id": event.id}
    with force_locale("en"):
        assert describe(entry) == "Event announced: Werkstatt: Plätze für alle"
    assert db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "event.announce")
    )
    assert event.description_html == "<p>Wir <strong>planen</strong> gemeinsam.</p>\n"


def test_only_published_projects_can_be_linked(ctx):
    draft = make_project(state=ProjectState.DRAFT)
    with pytest.raises(OperationError) as refused:
        ops.announce_event(council_member(), **fields(project_ids=[draft.id]))
    assert refused.value.field == "projects"
    with pytest.raises(OperationError):
        ops.announce_event(council_member(), **fields(project_ids=[2**31 - 1]))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at_offset": timedelta(0)}, "ends_at"),
        ({"ends_at_offset": timedelta(hours=-1)}, "ends_at"),
        ({"starts_at": utcnow() - timedelta(hours=1)}, "starts_at"),
        ({"capacity": 0}, "capacity"),
        ({"district_id": 2**31 - 1}, "district"),
    ],
)
def test_announcing_refuses_impossible_events(ctx, change, field):
    values = fields()
    if "ends_at_offset" in change:
        values["ends_at"] = values["starts_at"] + change.pop("ends_at_offset")
    if "starts_at" in change:
        values["ends_at"] = change["starts_at"] + timedelta(hours=2)
    values.update(change)
    with pytest.raises(OperationError) as refused:
        ops.announce_event(council_member(), **values)
    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_a_citizen_cannot_announce(ctx):
    with pytest.raises(PermissionDenied):
        ops.announce_event(UserFactory(), **fields())


def test_a_new_time_or_place_is_told_to_everyone_who_comes(ctx, mailbox):
    organiser = council_member()
    event = upcoming(organiser, capacity=1)
    holder, waiter = UserFactory(), UserFactory()
    ops.register(holder, event)
    ops.register(waiter, event)
    mailbox.clear()
    ops.update_event(organiser, event, **fields_of(event, title="Neuer Titel"))
    assert mailbox.messages == []  # a new title alone is no news for the people who come
    later = event.starts_at + timedelta(days=1)
    ops.update_event(
        organiser,
        event,
        **fields_of(
            event,
            venue="Zentralbibliothek, Schloßstraße 2",
            starts_at=later,
            ends_at=later + timedelta(hours=2),
        ),
    )
    assert sorted(m["To"] for m in mailbox.messages) == sorted([holder.email, waiter.email])
    body = mailbox.body(mailbox.last_to(holder.email))
    assert "Zentralbibliothek" in body and "Stadtteilhaus Pieschen" in body


def test_cancelling_needs_a_reason_and_tells_everyone_registered_or_waiting(ctx, mailbox):
    organiser = council_member()
    event = upcoming(organiser, capacity=1)
    holder, waiter = UserFactory(), UserFactory()
    ops.register(holder, event)
    ops.register(waiter, event)
    mailbox.clear()
    with pytest.raises(OperationError) as refused:
        ops.cancel_event(organiser, event, "   ")
    assert refused.value.field == "reason" and event.cancelled_at is None
    told = ops.cancel_event(organiser, event, "Der Saal ist überflutet.")
    db.session.commit()
    assert {r.user_id for r in told} == {holder.id, waiter.id}
    assert sorted(m["To"] for m in mailbox.messages) == sorted([holder.email, waiter.email])
    assert "Der Saal ist überflutet." in mailbox.body(mailbox.last_to(waiter.email))
    with pytest.raises(PermissionDenied):
        ops.register(UserFactory(), fresh(Event, event.id))
    with pytest.raises(PermissionDenied):
        ops.cancel_event(organiser, fresh(Event, event.id), "Noch einmal")


def test_an_event_that_has_begun_cannot_be_cancelled_but_gets_a_report(ctx):
    organiser = council_member()
    event = running(organiser=organiser)
    with pytest.raises(PermissionDenied):
        ops.cancel_event(organiser, event, "Zu spät")
    ops.write_report(organiser, event, "Es kamen 40 Leute. <script>alert(1)</script>")
    assert "<script>" not in event.report_html and "40 Leute" in event.report_html


def test_no_report_before_the_event(ctx):
    organiser = council_member()
    event = upcoming(organiser)
    with pytest.raises(PermissionDenied):
        ops.write_report(organiser, event, "Vorab")


def test_upcoming_events_for_a_project(ctx):
    project = make_project()
    soon = upcoming(starts_in=timedelta(days=2), title="Bald")
    later = upcoming(starts_in=timedelta(days=9), title="Später")
    latest = upcoming(starts_in=timedelta(days=20), title="Noch später")
    much_later = upcoming(starts_in=timedelta(days=30), title="Viel später")
    gone = past(title="Vorbei")
    off = upcoming(cancelled=True, title="Abgesagt")
    for event in (soon, later, latest, much_later, gone, off):
        event.projects = [project]
    unrelated = upcoming(starts_in=timedelta(days=1))
    db.session.commit()
    assert [e.title for e in upcoming_events_for_project(project.id)] == [
        "Bald",
        "Später",
        "Noch später",
    ]
    assert len(upcoming_events_for_project(project.id, limit=10)) == 4
    assert unrelated not in upcoming_events_for_project(project.id, limit=10)


def test_coordinators_look_after_events_of_others(ctx):
    event = upcoming(capacity=3)
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    ops.update_event(coordinator, event, **fields_of(event, title="Vom Koordinationsbüro"))
    assert fresh(Event, event.id).title == "Vom Koordinationsbüro"
