"""The states of a registration and of an event.

A registration is ``registered`` (holds a seat), ``waiting`` (on the waiting list) or
``cancelled`` (by the person). One row per person and event; registering again reopens it.

An event has no stored state besides ``cancelled_at``: whether it is upcoming, under way or
past follows from its times (see :func:`phase_of`).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from civic.db import utcnow

if TYPE_CHECKING:
    from civic.events.models import Event


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


class EventPhase(enum.StrEnum):
    UPCOMING = "upcoming"
    RUNNING = "running"
    PAST = "past"
    CANCELLED = "cancelled"


REGISTRATION_LABELS = {
    RegistrationStatus.REGISTERED: _l("Registered"),
    RegistrationStatus.WAITING: _l("On the waiting list"),
    RegistrationStatus.CANCELLED: _l("Registration cancelled"),
}

PHASE_LABELS = {
    EventPhase.UPCOMING: _l("Upcoming"),
    EventPhase.RUNNING: _l("Taking place now"),
    EventPhase.PAST: _l("Past"),
    EventPhase.CANCELLED: _l("Cancelled"),
}


def phase_of(event: Event, now: datetime | None = None) -> EventPhase:
    now = now or utcnow()
    if event.cancelled_at is not None:
        return EventPhase.CANCELLED
    if event.starts_at > now:
        return EventPhase.UPCOMING
    if event.ends_at > now:
        return EventPhase.RUNNING
    return EventPhase.PAST
