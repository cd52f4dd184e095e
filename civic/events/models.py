"""Events and registrations. ``registered_count`` and ``waiting_count`` are maintained by the
operations with conditional UPDATEs, so that a list never counts rows and a full event never
takes one person too many, however many register at the same moment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.accounts.models import User
from civic.core.models import District
from civic.db import Base, str_enum, utcnow
from civic.events.workflow import EventPhase, RegistrationStatus, phase_of
from civic.projects.models import Project

event_projects = Table(
    "event_projects",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Event(Base):
    """A district meeting or project workshop. Times are UTC; pages show them in the site's
    time zone. ``capacity`` None means unlimited seats."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        CheckConstraint(
            "capacity IS NULL OR registered_count <= capacity", name="registered_within_capacity"
        ),
        CheckConstraint("registered_count >= 0 AND waiting_count >= 0", name="counts_positive"),
        CheckConstraint(
            "cancelled_at IS NULL OR cancel_reason <> ''", name="cancellation_has_reason"
        ),
        Index("ix_events_starts", "starts_at", "id"),
        Index("ix_events_ends", "ends_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description_markdown: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    venue: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    capacity: Mapped[int | None]
    organiser_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    registered_count: Mapped[int] = mapped_column(default=0)
    waiting_count: Mapped[int] = mapped_column(default=0)
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    report_markdown: Mapped[str] = mapped_column(Text, default="")
    report_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    district: Mapped[District | None] = relationship()
    organiser: Mapped[User] = relationship()
    projects: Mapped[list[Project]] = relationship(secondary=event_projects, order_by=Project.title)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def phase(self) -> EventPhase:
        return phase_of(self)

    @property
    def seats_left(self) -> int | None:
        """Free seats, or None when the number of seats is unlimited."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.registered_count)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.registered_count >= self.capacity


class EventRegistration(Base):
    """One row per person and event: the unique constraint makes a double click count once.
    The row changes only when its status does, so ``updated_at`` orders the waiting list."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index("ix_event_registrations_queue", "event_id", "status", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        str_enum(RegistrationStatus, "registration_status")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship()
