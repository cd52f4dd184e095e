"""The permission matrix of events: role × state of the event × action.

``expected`` is the table of what the platform allows, written out as rules rather than
derived from the predicates. Each case checks the named predicate in
``civic.events.permissions`` and, where the action has an operation, calls it as that person:
a refused call raises ``PermissionDenied`` and changes nothing; an allowed one goes through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from civic.accounts.models import Role, User
from civic.core.errors import PermissionDenied
from civic.db import db
from civic.events import operations as ops
from civic.events import permissions as perm
from civic.events.models import Event, EventRegistration
from civic.extensions import login_manager
from tests.events.builders import council_member, fields, fields_of, past, running, upcoming
from tests.factories import UserFactory

VISITOR = "visitor"  # not signed in
UNVERIFIED = "unverified"  # e-mail address not confirmed
CITIZEN = "citizen"
COUNCIL = "council_member"  # a council member who does not organise this event
COORDINATOR = "coordinator"
ADMIN = "admin"
ORGANISER = "organiser"  # the council member who announced the event

ROLES = (VISITOR, UNVERIFIED, CITIZEN, COUNCIL, COORDINATOR, ADMIN, ORGANISER)
STATES = ("upcoming", "running", "past", "cancelled")
ACTIONS = ("announce", "edit", "cancel", "report", "view_participants", "register")

MANAGERS = {ORGANISER, COORDINATOR, ADMIN}
VERIFIED = {CITIZEN, COUNCIL, COORDINATOR, ADMIN, ORGANISER}


def expected(action: str, role: str, state: str) -> bool:
    match action:
        case "announce":
            return role in {COUNCIL, COORDINATOR, ADMIN, ORGANISER}
        case "edit":
            return role in MANAGERS and state in {"upcoming", "running"}
        case "cancel":
            return role in MANAGERS and state == "upcoming"
        case "report":
            return role in MANAGERS and state in {"running", "past"}
        case "view_participants":
            return role in MANAGERS
        case "register":
            return role in VERIFIED and state == "upcoming"
    raise AssertionError(action)


def _person(role: str, organiser: User) -> Any:
    return {
        VISITOR: lambda: login_manager.anonymous_user(),
        UNVERIFIED: lambda: UserFactory(unverified=True),
        CITIZEN: lambda: UserFactory(),
        COUNCIL: council_member,
        COORDINATOR: lambda: UserFactory(roles=[Role.COORDINATOR]),
        ADMIN: lambda: UserFactory(roles=[Role.ADMIN]),
        ORGANISER: lambda: organiser,
    }[role]()


def _event(state: str, organiser: User) -> Event:
    if state == "running":
        return running(organiser, capacity=5)
    if state == "past":
        return past(organiser, capacity=5)
    return upcoming(organiser, capacity=5, cancelled=state == "cancelled")


PREDICATES: dict[str, Callable[[Any, Event], bool]] = {
    "announce": lambda user, _event: perm.can_announce(user),
    "edit": perm.can_edit_event,
    "cancel": perm.can_cancel_event,
    "report": perm.can_write_report,
    "view_participants": perm.can_view_participants,
    "register": perm.can_register,
}

OPERATIONS: dict[str, Callable[[Any, Event], object]] = {
    "announce": lambda user, _event: ops.announce_event(user, **fields()),
    "edit": lambda user, event: ops.update_event(user, event, **fields_of(event, title="Neu")),
    "cancel": lambda user, event: ops.cancel_event(user, event, "Der Saal fehlt."),
    "report": lambda user, event: ops.write_report(user, event, "Es war gut."),
    "register": ops.register,
}


def _state(event: Event) -> tuple[Any, ...]:
    db.session.expire_all()
    stored = db.session.get(Event, event.id)
    return (
        db.session.scalar(select(func.count()).select_from(Event)),
        db.session.scalar(select(func.count()).select_from(EventRegistration)),
        stored.title,
        stored.cancelled_at,
        stored.report_markdown,
        stored.registered_count,
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(ctx, mailbox, role, state, action):
    organiser = council_member()
    event = _event(state, organiser)
    user = _person(role, organiser)
    allowed = expected(action, role, state)
    assert PREDICATES[action](user, event) is allowed
    if action not in OPERATIONS:
        return
    before = _state(event)
    event = db.session.get(Event, event.id)
    if allowed:
        OPERATIONS[action](user, event)
        assert _state(event) != before
    else:
        with pytest.raises(PermissionDenied):
            OPERATIONS[action](user, event)
        assert _state(event) == before
        assert mailbox.messages == []


@pytest.mark.parametrize("role", ROLES)
def test_the_participants_page_follows_the_matrix(app, role):
    from tests.helpers import browser

    organiser = council_member()
    event = upcoming(organiser)
    person = _person(role, organiser)
    if role in {VISITOR, UNVERIFIED}:
        client = browser(app)
        expected_status = 302  # sent to sign in (an unconfirmed account cannot sign in)
    else:
        client = browser(app, person)
        expected_status = 200 if expected("view_participants", role, "upcoming") else 403
    assert client.get(f"/events/{event.id}/participants").status_code == expected_status
