"""Mentorships of council members and the mentor workspace of a project: the private message
thread, introductions, hurdles, political questions and mediation requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.accounts.models import User
from civic.db import Base, str_enum, utcnow
from civic.mentoring.workflow import (
    HurdleStatus,
    IntroductionKind,
    MediationStatus,
    MentorshipStatus,
    Origin,
    QuestionStatus,
)
from civic.projects.models import Project

_OPEN = "status IN ('pending', 'active')"


class Mentorship(Base):
    """A council member mentors a project. One row per request; at most one pending or active
    row per project and council member (a partial unique index, so a double click is refused
    by the database too)."""

    __tablename__ = "mentorships"
    __table_args__ = (
        Index(
            "uq_mentorships_open",
            "project_id",
            "mentor_id",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
        CheckConstraint("status <> 'active' OR started_at IS NOT NULL", name="active_has_start"),
        CheckConstraint("status <> 'ended' OR ended_at IS NOT NULL", name="ended_has_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    origin: Mapped[Origin] = mapped_column(str_enum(Origin, "mentorship_origin"))
    status: Mapped[MentorshipStatus] = mapped_column(
        str_enum(MentorshipStatus, "mentorship_status"), default=MentorshipStatus.PENDING
    )
    message: Mapped[str] = mapped_column(Text, default="")
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answer_note: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    end_reason: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship()
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])
    asked_by: Mapped[User] = relationship(foreign_keys=[asked_by_id])


class MediationRequest(Base):
    """A team member asks the mentors, privately, to help with a conflict in the team. Only
    the person who asked and the project's mentors see it and its messages."""

    __tablename__ = "mediation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[MediationStatus] = mapped_column(
        str_enum(MediationStatus, "mediation_status"), default=MediationStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    project: Mapped[Project] = relationship()


class WorkspaceMessage(Base):
    """A message in the workspace thread of a project, or in one mediation request's
    private thread when ``mediation_id`` is set."""

    __tablename__ = "workspace_messages"
    __table_args__ = (Index("ix_workspace_messages_thread", "project_id", "mediation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    mediation_id: Mapped[int | None] = mapped_column(
        ForeignKey("mediation_requests.id", ondelete="CASCADE")
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class Introduction(Base):
    """A mentor connected the team with someone; the outcome is recorded later."""

    __tablename__ = "introductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[IntroductionKind] = mapped_column(str_enum(IntroductionKind, "introduction_kind"))
    contact: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text, default="")
    outcome_at: Mapped[datetime | None]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User] = relationship()


class Hurdle(Base):
    """Something that blocks the project, and who works on clearing it."""

    __tablename__ = "hurdles"
    __table_args__ = (
        CheckConstraint("(status = 'solved') = (solved_at IS NOT NULL)", name="solved_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[HurdleStatus] = mapped_column(
        str_enum(HurdleStatus, "hurdle_status"), default=HurdleStatus.OPEN
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    solved_at: Mapped[datetime | None]

    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])


class PoliticalQuestion(Base):
    """A question that needs the city council: brought in by a mentor (with a reference such
    as a motion or session number) and answered. The team may publish an answered question."""

    __tablename__ = "political_questions"
    __table_args__ = (
        CheckConstraint(
            "status = 'open' OR (council_reference <> '' AND brought_on IS NOT NULL) "
            "OR status = 'answered'",
            name="brought_has_reference",
        ),
        CheckConstraint(
            "status <> 'answered' OR (answer_markdown <> '' AND answered_on IS NOT NULL)",
            name="answered_has_answer",
        ),
        CheckConstraint("NOT is_public OR status = 'answered'", name="public_when_answered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[QuestionStatus] = mapped_column(
        str_enum(QuestionStatus, "question_status"), default=QuestionStatus.OPEN
    )
    council_reference: Mapped[str] = mapped_column(String(120), default="")
    brought_on: Mapped[date | None]
    answer_markdown: Mapped[str] = mapped_column(Text, default="")
    answer_html: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[date | None]
    is_public: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User] = relationship()


# The active mentorships of a project, for its page and for the permission predicates. The
# projects domain does not know about mentoring; the relationship is added from here.
Project.active_mentorships = relationship(
    Mentorship,
    primaryjoin=(Mentorship.project_id == Project.id) & (Mentorship.status == "active"),
    viewonly=True,
    order_by=Mentorship.started_at,
)
