"""Reads for the fund's pages. Each page loads what it shows with a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from civic.core.dates import local_today
from civic.core.pagination import Page, paginate
from civic.db import db
from civic.fund.models import Application, ApplicationEntry, Fund, Receipt, Review
from civic.fund.workflow import Status
from civic.projects.models import Membership, Project

# What the public sees of a fund: decisions in force (never assessments or drafts).
PUBLIC_DECISIONS = (
    Status.APPROVED,
    Status.PARTIALLY_APPROVED,
    Status.REJECTED,
    Status.PROOF_SUBMITTED,
    Status.CLOSED,
)
# The officers' queue, in the order work is done.
QUEUE_STATES = (
    Status.SUBMITTED,
    Status.FORMAL_CHECK,
    Status.IN_REVIEW,
    Status.AWAITING_CONFIRMATION,
    Status.APPROVED,
    Status.PARTIALLY_APPROVED,
    Status.PROOF_SUBMITTED,
)


def funds() -> list[Fund]:
    return list(db.session.scalars(select(Fund).order_by(Fund.year.desc())))


def fund_by_year(year: int) -> Fund | None:
    return db.session.scalar(select(Fund).where(Fund.year == year))


def current_fund() -> Fund | None:
    """The fund of this year, or else the latest one."""
    today = local_today()
    return fund_by_year(today.year) or db.session.scalar(
        select(Fund).where(Fund.year <= today.year).order_by(Fund.year.desc()).limit(1)
    )


def fund_open_for(project: Project) -> Fund | None:
    """The fund whose call is open today, if any."""
    today = local_today()
    return db.session.scalar(
        select(Fund)
        .where(Fund.call_opens_on <= today, Fund.call_closes_on >= today)
        .order_by(Fund.year.desc())
        .limit(1)
    )


def _application_options(stmt: Select[Any]) -> Select[Any]:
    return stmt.options(
        joinedload(Application.fund),
        joinedload(Application.project)
        .selectinload(Project.memberships)
        .joinedload(Membership.user),
        joinedload(Application.contact),
        joinedload(Application.proposed_by),
        joinedload(Application.decided_by),
        joinedload(Application.confirmed_by),
        selectinload(Application.payments),
        selectinload(Application.receipts),
    )


def application_for_page(application_id: int) -> Application | None:
    return db.session.scalar(
        _application_options(select(Application).where(Application.id == application_id))
    )


def project_applications(project: Project) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.project_id == project.id)
            .options(joinedload(Application.fund))
            .order_by(Application.created_at.desc())
        )
    )


def history(application: Application) -> list[ApplicationEntry]:
    return list(
        db.session.scalars(
            select(ApplicationEntry)
            .where(ApplicationEntry.application_id == application.id)
            .options(joinedload(ApplicationEntry.actor))
            .order_by(ApplicationEntry.created_at, ApplicationEntry.id)
        )
    )


def reviews(application: Application) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.application_id == application.id)
            .options(joinedload(Review.officer))
            .order_by(Review.created_at)
        )
    )


def receipt(receipt_id: int) -> Receipt | None:
    return db.session.scalar(
        select(Receipt)
        .where(Receipt.id == receipt_id)
        .options(
            joinedload(Receipt.application)
            .joinedload(Application.project)
            .selectinload(Project.memberships)
        )
    )


def queue(fund: Fund | None, status: Status | None, page: int) -> Page[Application]:
    """Applications the fund officers work on, oldest submission first."""
    stmt = select(Application).where(Application.status.in_(QUEUE_STATES))
    if fund is not None:
        stmt = stmt.where(Application.fund_id == fund.id)
    if status is not None:
        stmt = stmt.where(Application.status == status)
    stmt = stmt.options(
        joinedload(Application.project),
        joinedload(Application.fund),
        joinedload(Application.proposed_by),
    ).order_by(Application.submitted_at, Application.id)
    return paginate(stmt, page, per_page=25)


def public_decisions(fund: Fund, page: int) -> Page[Application]:
    stmt = (
        select(Application)
        .where(Application.fund_id == fund.id, Application.status.in_(PUBLIC_DECISIONS))
        .options(joinedload(Application.project))
        .order_by(Application.decided_at.desc(), Application.id.desc())
    )
    return paginate(stmt, page, per_page=50)


def all_public_decisions(fund: Fund) -> Iterator[Application]:
    """Every public decision of a fund, streamed in batches (for the CSV download)."""
    stmt = (
        select(Application)
        .where(Application.fund_id == fund.id, Application.status.in_(PUBLIC_DECISIONS))
        .options(joinedload(Application.project))
        .order_by(Application.decided_at, Application.id)
        .execution_options(yield_per=500)
    )
    yield from db.session.scalars(stmt)
