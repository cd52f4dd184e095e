"""Who may do what with an event. Each predicate guards its view, its operation and the
button in the page. ``user`` may be the anonymous user of Flask-Login.

- Council members, the coordination office and admins announce events.
- The organiser, coordinators and admins edit an event until it has ended, cancel it until it
  begins, see who comes, and write the report once it has begun.
- Every confirmed citizen registers for an upcoming event that is not cancelled; nobody
  registers for an event that has begun.
"""

from __future__ import annotations

from typing import Any

from civic.accounts.models import Role
from civic.core.permissions import has_role
from civic.db import utcnow
from civic.events.models import Event
from civic.projects.permissions import can_coordinate, is_citizen


def is_organiser(user: Any, event: Event) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.id == event.organiser_id


def can_announce(user: Any) -> bool:
    return has_role(user, Role.COUNCIL_MEMBER) or can_coordinate(user)


def can_manage_event(user: Any, event: Event) -> bool:
    """The organiser and the coordination office look after an event."""
    return is_organiser(user, event) or can_coordinate(user)


def can_edit_event(user: Any, event: Event) -> bool:
    return can_manage_event(user, event) and not event.is_cancelled and event.ends_at > utcnow()


def can_cancel_event(user: Any, event: Event) -> bool:
    return can_manage_event(user, event) and not event.is_cancelled and event.starts_at > utcnow()


def can_write_report(user: Any, event: Event) -> bool:
    return can_manage_event(user, event) and not event.is_cancelled and event.starts_at <= utcnow()


def can_view_participants(user: Any, event: Event) -> bool:
    return can_manage_event(user, event)


def registration_open(event: Event) -> bool:
    return not event.is_cancelled and event.starts_at > utcnow()


def can_register(user: Any, event: Event) -> bool:
    return is_citizen(user) and registration_open(event)


def can_cancel_registration(user: Any, event: Event) -> bool:
    """Whoever holds a registration may give it up until the event begins."""
    return bool(getattr(user, "is_authenticated", False)) and registration_open(event)
