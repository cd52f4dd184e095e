"""The citizen-projects fund: one fund per budget year, applications of project teams, the
officers' reviews, payments in tranches, the proof of use with its receipts, and each
application's history. Money is in integer cents throughout.

The two money invariants are held by the database as well as by the operations:
a fund's committed amount never exceeds its budget, and an application's payments never
exceed its approved amount (check constraints; the operations change both sums only with
conditional updates inside the transaction that locks the fund)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civic.accounts.models import User
from civic.db import Base, str_enum, utcnow
from civic.fund.workflow import Outcome, Status
from civic.projects.models import Project

# An application is alive until it is withdrawn or rejected.
_ALIVE = "status NOT IN ('withdrawn', 'rejected')"


class Fund(Base):
    __tablename__ = "funds"
    __table_args__ = (
        CheckConstraint("budget_cents > 0", name="budget_positive"),
        CheckConstraint("max_per_project_cents > 0", name="max_positive"),
        CheckConstraint("four_eyes_cents >= 0", name="four_eyes_not_negative"),
        CheckConstraint("call_closes_on >= call_opens_on", name="call_in_order"),
        CheckConstraint(
            "committed_cents >= 0 AND committed_cents <= budget_cents", name="within_budget"
        ),
        CheckConstraint("paid_cents >= 0 AND paid_cents <= committed_cents", name="paid_committed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    budget_cents: Mapped[int]
    max_per_project_cents: Mapped[int]
    four_eyes_cents: Mapped[int]
    call_opens_on: Mapped[date]
    call_closes_on: Mapped[date]
    # One document per line, e.g. "Sachbericht", "Belege aller Ausgaben".
    required_documents: Mapped[str] = mapped_column(Text, default="")
    # The published review criteria, one per line; reviews score each from 0 to 5.
    criteria: Mapped[str] = mapped_column(Text, default="")
    committed_cents: Mapped[int] = mapped_column(default=0)
    paid_cents: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def remaining_cents(self) -> int:
        return self.budget_cents - self.committed_cents

    @property
    def criteria_list(self) -> list[str]:
        return [line.strip() for line in self.criteria.splitlines() if line.strip()]

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]


class Application(Base):
    """A team's application for money from a fund. ``approved_cents`` is committed to the fund
    while the application is funded; ``paid_cents`` is what has been paid out."""

    __tablename__ = "fund_applications"
    __table_args__ = (
        CheckConstraint("requested_cents > 0", name="requested_positive"),
        CheckConstraint("approved_cents >= 0", name="approved_not_negative"),
        CheckConstraint("paid_cents >= 0 AND paid_cents <= approved_cents", name="paid_approved"),
        CheckConstraint("reclaimed_cents >= 0", name="reclaimed_not_negative"),
        CheckConstraint(
            "status NOT IN ('approved', 'partially_approved', 'proof_submitted', 'closed') "
            "OR (decided_at IS NOT NULL AND decision_reason <> '')",
            name="decision_has_reason",
        ),
        Index("ix_fund_applications_queue", "fund_id", "status", "submitted_at"),
        # A project applies once per fund: one application alive at a time.
        Index(
            "uq_fund_applications_alive",
            "project_id",
            "fund_id",
            unique=True,
            sqlite_where=text(_ALIVE),
            postgresql_where=text(_ALIVE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    status: Mapped[Status] = mapped_column(
        str_enum(Status, "application_status"), default=Status.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    requested_cents: Mapped[int]
    # [{"label": str, "amount_cents": int}, …], as in the implementation plan

    cost_lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    own_contribution_cents: Mapped[int] = mapped_column(default=0)
    other_funding_cents: Mapped[int] = mapped_column(default=0)
    other_funding_note: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    contact_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    # The formal check: {key of workflow.CHECKLIST: bool}, and what the team was asked for.
    checklist: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    return_message: Mapped[str] = mapped_column(Text, default="")
    # A decision waiting for the second officer (four-eyes principle).
    proposed_outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, "fund_outcome"))
    proposed_cents: Mapped[int | None]
    proposed_reason: Mapped[str] = mapped_column(Text, default="")
    proposed_conditions: Mapped[str] = mapped_column(Text, default="")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime | None]
    # The decision in force.
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_cents: Mapped[int] = mapped_column(default=0)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    paid_cents: Mapped[int] = mapped_column(default=0)
    # The proof of use.
    report_markdown: Mapped[str] = mapped_column(Text, default="")
    report_html: Mapped[str] = mapped_column(Text, default="")
    spent_cents: Mapped[int | None]
    proof_submitted_at: Mapped[datetime | None]
    proof_message: Mapped[str] = mapped_column(Text, default="")
    reclaimed_cents: Mapped[int] = mapped_column(default=0)
    closed_at: Mapped[datetime | None]

    fund: Mapped[Fund] = relationship()
    project: Mapped[Project] = relationship()
    contact: Mapped[User] = relationship(foreign_keys=[contact_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    payments: Mapped[list[Payment]] = relationship(
        back_populates="application", order_by="Payment.paid_on, Payment.id"
    )
    receipts: Mapped[list[Receipt]] = relationship(
        back_populates="application", order_by="Receipt.id"
    )

    @property
    def cost_total_cents(self) -> int:
        return sum(int(line.get("amount_cents") or 0) for line in self.cost_lines)

    @property
    def outstanding_cents(self) -> int:
        """Approved but not yet paid."""
        return self.approved_cents - self.paid_cents


class Review(Base):
    """An officer's written assessment with a score per published criterion. Internal: never
    shown to the team or the public."""

    __tablename__ = "fund_reviews"
    __table_args__ = (UniqueConstraint("application_id", "officer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("fund_applications.id", ondelete="CASCADE"), index=True
    )
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assessment: Mapped[str] = mapped_column(Text)
    # {criterion: score 0–5}
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped[User] = relationship()

    @property
    def total(self) -> int:
        return sum(self.scores.values())


class Payment(Base):
    """A tranche paid out to the team."""

    __tablename__ = "fund_payments"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("fund_applications.id"), index=True)
    amount_cents: Mapped[int]
    paid_on: Mapped[date]
    reference: Mapped[str] = mapped_column(String(120))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="payments")
    recorded_by: Mapped[User] = relationship()


class Receipt(Base):
    """A receipt or document of the proof of use, stored outside ``static/`` under a random
    name and served only to the team, fund officers and admins."""

    __tablename__ = "fund_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("fund_applications.id"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    description: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="receipts")
    uploaded_by: Mapped[User] = relationship()


class ApplicationEntry(Base):
    """The history of an application as its team sees it: every change of state with who,
    when, the amount where there is one, and the reason."""

    __tablename__ = "fund_application_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("fund_applications.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(30), default="")
    to_status: Mapped[str] = mapped_column(String(30), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    amount_cents: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
