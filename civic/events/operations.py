"""Everything that changes an event or a registration. Each operation takes the acting user,
checks the permission and the state, writes the audit log where the change is an
administrative one, sends the mails it causes, and flushes; the caller commits. Refusals are
``OperationError`` (a message for the user) or ``PermissionDenied``.

Seats are counted in ``Event.registered_count`` and taken with a conditional UPDATE
(``… WHERE capacity IS NULL OR registered_count < capacity``): the database, not a check in
Python, decides who gets the last seat when several people register at the same moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from civic.accounts.models import User
from civic.core import audit
from civic.core.errors import OperationError, PermissionDenied
from civic.core.mail import send_mail
from civic.core.markdown import render_markdown
from civic.core.models import District
from civic.core.site import get_settings
from civic.db import db, utcnow
from civic.events import permissions as perm
from civic.events.models import Event, EventRegistration
from civic.events.workflow import ACTIVE_STATUSES, RegistrationStatus
from civic.projects.models import Project
from civic.projects.operations import record_event

REGISTERED, WAITING, CANCELLED = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITING,
    RegistrationStatus.CANCELLED,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _external(endpoint: str, **values: object) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _mail(user: User, subject: Any, template: str, event: Event, **context: Any) -> bool:
    return send_mail(
        user.email,
        subject,
        template,
        locale=user.locale,
        user=user,
        event=event,
        link=_external("events.detail", event_id=event.id),
        settings=get_settings(),
        **context,
    )


# --- announcing and editing --------------------------------------------------------------------


def _district(district_id: int | None) -> District | None:
    if not district_id:
        return None
    district = db.session.get(District, district_id)
    if district is None:
        raise OperationError(_l("Please choose from the list."), field="district")
    return district


def _projects(ids: Iterable[int], keep: Iterable[Project] = ()) -> list[Project]:
    """The projects to link: published ones only (a link kept from before stays allowed)."""
    wanted = set(ids)
    if not wanted:
        return []
    found = list(db.session.scalars(select(Project).where(Project.id.in_(wanted))))
    kept = {p.id for p in keep}
    if len(found) != len(wanted) or any(not p.is_published and p.id not in kept for p in found):
        raise OperationError(_l("Only published projects can be linked."), field="projects")
    return sorted(found, key=lambda p: p.title)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    if ends_at <= starts_at:
        raise OperationError(_l("The end must be after the start."), field="ends_at")


def _check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity < 1:
        raise OperationError(
            _l("Please enter at least 1, or leave the field empty for unlimited seats."),
            field="capacity",
        )


def _apply_fields(
    event: Event,
    *,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: str,
    accessibility: str,
    district: District | None,
    projects: list[Project],
) -> None:
    event.title = title
    event.description_markdown = description
    event.description_html = render_markdown(description)
    event.starts_at = starts_at
    event.ends_at = ends_at
    event.venue = venue
    event.accessibility = accessibility
    event.district = district
    event.projects = projects


def _announce_on_projects(actor: User, event: Event, projects: Iterable[Project]) -> None:
    for project in projects:
        record_event(project, "event_announced", actor, to_value=event.title, event_id=event.id)


def announce_event(
    actor: User,
    *,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: str,
    accessibility: str = "",
    district_id: int | None = None,
    capacity: int | None = None,
    project_ids: Iterable[int] = (),
) -> Event:
    """A new event; it appears in the list and on the timeline of each linked project."""
    _require(perm.can_announce(actor))
    _check_times(starts_at, ends_at)
    if starts_at <= utcnow():
        raise OperationError(_l("An event cannot begin in the past."), field="starts_at")
    _check_capacity(capacity)
    district = _district(district_id)
    projects = _projects(project_ids)
    event = Event(organiser_id=actor.id, organiser=actor, capacity=capacity)
    _apply_fields(
        event,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        accessibility=accessibility,
        district=district,
        projects=projects,
    )
    db.session.add(event)
    db.session.flush()
    _announce_on_projects(actor, event, projects)
    audit.record(actor, "event.announce", "event", event.id, title=title)
    db.session.flush()
    return event


def _set_capacity(event: Event, capacity: int | None) -> None:
    """Change the number of seats; never below the people registered already (checked by the
    UPDATE itself, so that a registration at the same moment cannot slip past)."""
    if capacity == event.capacity:
        return
    stmt = update(Event).where(Event.id == event.id)
    if capacity is not None:
        stmt = stmt.where(Event.registered_count <= capacity)
    result = db.session.execute(
        stmt.values(capacity=capacity).execution_options(synchronize_session=False)
    )
    db.session.refresh(event, ["capacity", "registered_count", "waiting_count"])
    if not getattr(result, "rowcount", 0):
        raise OperationError(
            _l(
                "%(num)d people are registered already, so there must be at least %(num)d "
                "seats. To have fewer, ask people to cancel their registration first.",
                num=event.registered_count,
            ),
            field="capacity",
        )


def update_event(
    actor: User,
    event: Event,
    *,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: str,
    accessibility: str = "",
    district_id: int | None = None,
    capacity: int | None = None,
    project_ids: Iterable[int] = (),
) -> Event:
    """Change an event. People who come are told when the time or the place changes; more
    seats move people up from the waiting list."""
    _require(perm.can_edit_event(actor, event))
    _check_times(starts_at, ends_at)
    if starts_at != event.starts_at and starts_at <= utcnow():
        raise OperationError(_l("An event cannot be moved into the past."), field="starts_at")
    _check_capacity(capacity)
    district = _district(district_id)
    projects = _projects(project_ids, keep=event.projects)
    before = {"starts_at": event.starts_at, "ends_at": event.ends_at, "venue": event.venue}
    linked_before = {p.id for p in event.projects}
    _set_capacity(event, capacity)
    _apply_fields(
        event,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        accessibility=accessibility,
        district=district,
        projects=projects,
    )
    db.session.flush()
    _announce_on_projects(actor, event, [p for p in projects if p.id not in linked_before])
    changed = [name for name, value in before.items() if getattr(event, name) != value]
    audit.record(actor, "event.update", "event", event.id, changed=changed)
    promoted = fill_seats(event)
    if changed:
        for registration in active_registrations(event):
            if registration.id in {p.id for p in promoted}:
                continue  # their mail about the seat names the new time and place already
            _mail(
                registration.user,
                _l("Changed: “%(title)s”", title=event.title),
                "event_changed",
                event,
                before=before,
                before_times=SimpleNamespace(**before),
                changed=changed,
                registration=registration,
            )
    db.session.flush()
    return event


def cancel_event(actor: User, event: Event, reason: str) -> list[EventRegistration]:
    """Call an event off; everyone registered or waiting is told, with the reason."""
    _require(perm.can_cancel_event(actor, event))
    if not reason.strip():
        raise OperationError(
            _l("Please say why the event is cancelled; the people who come are told."),
            field="reason",
        )
    event.cancelled_at = utcnow()
    event.cancel_reason = reason
    audit.record(actor, "event.cancel", "event", event.id, reason=reason)
    db.session.flush()
    told = active_registrations(event)
    for registration in told:
        _mail(
            registration.user,
            _l("Cancelled: “%(title)s”", title=event.title),
            "event_cancelled",
            event,
            registration=registration,
        )
    return told


def write_report(actor: User, event: Event, report: str) -> None:
    """A short report once the event has begun; it stays with the event in the list."""
    _require(perm.can_write_report(actor, event))
    if not report.strip():
        raise OperationError(_l("Please write a few lines about the event."), field="report")
    event.report_markdown = report
    event.report_html = render_markdown(report)
    audit.record(actor, "event.report", "event", event.id)
    db.session.flush()


# --- registrations -----------------------------------------------------------------------------


def registration_of(user: Any, event: Event) -> EventRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(EventRegistration).where(
            EventRegistration.event_id == event.id, EventRegistration.user_id == user.id
        )
    )


def active_registrations(event: Event) -> list[EventRegistration]:
    """Everyone registered or waiting, with their accounts (for mails)."""
    return list(
        db.session.scalars(
            select(EventRegistration)
            .where(
                EventRegistration.event_id == event.id,
                EventRegistration.status.in_(ACTIVE_STATUSES),
            )
            .options(selectinload(EventRegistration.user))
            .order_by(EventRegistration.updated_at, EventRegistration.id)
        )
    )


def _counters(event_id: int, **values: Any) -> None:
    """Change the maintained counters by SQL (``registered_count=+1``), never from Python's
    copy, so that parallel requests add up. ``updated_at`` stays: seats are no edit."""
    db.session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(
            updated_at=Event.updated_at,
            **{name: getattr(Event, name) + delta for name, delta in values.items()},
        )
        .execution_options(synchronize_session=False)
    )


def _take_seat(event_id: int) -> bool:
    """Take one seat if one is free; the condition is checked by the database."""
    result = db.session.execute(
        update(Event)
        .where(
            Event.id == event_id,
            or_(Event.capacity.is_(None), Event.registered_count < Event.capacity),
        )
        .values(registered_count=Event.registered_count + 1, updated_at=Event.updated_at)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def _move(registration_id: int, source: RegistrationStatus, target: RegistrationStatus) -> bool:
    """Change a registration's status only if it still has ``source`` (a second click or a
    parallel request finds it changed and does nothing)."""
    result = db.session.execute(
        update(EventRegistration)
        .where(EventRegistration.id == registration_id, EventRegistration.status == source)
        .values(status=target, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def _refresh(event: Event, *registrations: EventRegistration | None) -> None:
    db.session.refresh(event, ["registered_count", "waiting_count", "capacity"])
    for registration in registrations:
        if registration is not None:
            db.session.refresh(registration, ["status", "updated_at"])


def register(actor: User, event: Event) -> tuple[EventRegistration, bool]:
    """Register for an event: a seat if one is free, else a place on the waiting list.
    Returns the registration and whether it is new (a second click changes nothing)."""
    _require(perm.can_register(actor, event))
    existing = registration_of(actor, event)
    if existing is not None and existing.status in ACTIVE_STATUSES:
        return existing, False
    try:
        with db.session.begin_nested():
            if existing is None:
                now = utcnow()
                registration = EventRegistration(
                    event_id=event.id,
                    user_id=actor.id,
                    status=WAITING,
                    created_at=now,
                    updated_at=now,
                )
                db.session.add(registration)
                db.session.flush()
            elif _move(existing.id, CANCELLED, WAITING):
                registration = existing
            else:
                _refresh(event, existing)
                return existing, False
            if _take_seat(event.id):
                _move(registration.id, WAITING, REGISTERED)
            else:
                _counters(event.id, waiting_count=1)
    except IntegrityError:
        # A parallel request of the same person was faster; the constraint kept it to one.
        found = registration_of(actor, event)
        assert found is not None
        return found, False
    _refresh(event, registration)
    _mail(
        actor,
        _l("Your registration: “%(title)s”", title=event.title)
        if registration.status is REGISTERED
        else _l("Waiting list: “%(title)s”", title=event.title),
        "event_registered",
        event,
        registration=registration,
        position=waiting_position(registration),
    )
    return registration, True


def cancel_registration(actor: User, event: Event) -> EventRegistration:
    """Give up one's seat or place on the waiting list; a freed seat goes to the first person
    waiting, who is told by e-mail."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    registration = registration_of(actor, event)
    if registration is None or registration.status is CANCELLED:
        raise OperationError(_l("You are not registered for this event."))
    if not perm.can_cancel_registration(actor, event):
        raise OperationError(
            _l("This event has begun or was cancelled; registrations no longer change.")
        )
    was = registration.status
    if _move(registration.id, was, CANCELLED):
        if was is REGISTERED:
            _counters(event.id, registered_count=-1)
            fill_seats(event)
        else:
            _counters(event.id, waiting_count=-1)
    _refresh(event, registration)
    return registration


def fill_seats(event: Event) -> list[EventRegistration]:
    """Give free seats to the people waiting, first come first served, and tell them."""
    promoted: list[EventRegistration] = []
    if not perm.registration_open(event):
        return promoted
    while True:
        candidate = db.session.scalar(
            select(EventRegistration)
            .where(EventRegistration.event_id == event.id, EventRegistration.status == WAITING)
            .order_by(EventRegistration.updated_at, EventRegistration.id)
            .limit(1)
        )
        if candidate is None or not _take_seat(event.id):
            break
        if _move(candidate.id, WAITING, REGISTERED):
            _counters(event.id, waiting_count=-1)
            promoted.append(candidate)
        else:
            _counters(event.id, registered_count=-1)  # gone meanwhile: give the seat back
        db.session.expire(candidate)
    _refresh(event, *promoted)
    for registration in promoted:
        _mail(
            registration.user,
            _l("A seat for you: “%(title)s”", title=event.title),
            "event_moved_up",
            event,
            registration=registration,
        )
    return promoted


def waiting_position(registration: EventRegistration) -> int | None:
    """1 for the first person on the waiting list; None when not waiting."""
    if registration.status is not WAITING:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(EventRegistration)
        .where(
            EventRegistration.event_id == registration.event_id,
            EventRegistration.status == WAITING,
            or_(
                EventRegistration.updated_at < registration.updated_at,
                (EventRegistration.updated_at == registration.updated_at)
                & (EventRegistration.id < registration.id),
            ),
        )
    )
    return (ahead or 0) + 1
