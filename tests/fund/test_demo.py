"""The demo city's fund (civic/fund/demo.py): what a visitor of ``make run`` notices, and that
every demo row keeps to the rules and the money invariants of the fund."""

from __future__ import annotations

from collections import Counter

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from civic.accounts import auth
from civic.accounts.models import Role, User
from civic.core import demo
from civic.core.dates import local_today
from civic.db import db, utcnow
from civic.fund import operations, permissions
from civic.fund.demo import load_fund
from civic.fund.models import Application, ApplicationEntry, Fund, Payment, Receipt, Review
from civic.fund.workflow import FUNDED, Status, allowed
from civic.projects.permissions import is_team_member
from tests.helpers import browser, text_of

TABLES = (Fund, Application, ApplicationEntry, Payment, Receipt, Review, User)


@pytest.fixture
def fund(ctx) -> Fund:
    demo.load()
    return db.session.scalar(select(Fund))


def _applications(fund: Fund) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application).where(Application.fund_id == fund.id).order_by(Application.id)
        )
    )


def _user(local_part: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{local_part}@demo.civic.example"))


def test_this_years_fund_is_open_and_has_an_application_in_every_state(fund):
    today = local_today()
    assert fund.year == today.year
    assert permissions.call_is_open(fund, today)
    assert (fund.budget_cents, fund.max_per_project_cents, fund.four_eyes_cents) == (
        250_000_00,
        15_000_00,
        5_000_00,
    )
    assert len(fund.criteria_list) == 4 and "Nachhaltigkeit" in fund.criteria_list
    assert fund.document_list[:2] == ["Sachbericht", "Belege aller Ausgaben"]
    statuses = Counter(a.status for a in _applications(fund))
    assert set(statuses) == set(Status)
    assert statuses[Status.APPROVED] >= 2


def test_the_money_adds_up_as_the_operations_would_leave_it(fund):
    applications = _applications(fund)
    committed = sum(a.approved_cents for a in applications if a.status in FUNDED)
    committed += sum(a.spent_cents for a in applications if a.status is Status.CLOSED)
    assert fund.committed_cents == committed > 0
    assert fund.paid_cents == sum(a.paid_cents - a.reclaimed_cents for a in applications) > 0
    assert 0 < fund.paid_cents <= fund.committed_cents <= fund.budget_cents
    for application in applications:
        assert application.paid_cents == sum(p.amount_cents for p in application.payments)
        assert application.paid_cents <= application.approved_cents
        assert application.requested_cents <= fund.max_per_project_cents
        assert application.cost_total_cents == (
            application.requested_cents
            + application.own_contribution_cents
            + application.other_funding_cents
        ), application.title
        if application.status is Status.PARTIALLY_APPROVED:
            assert 0 < application.approved_cents < application.requested_cents
        if application.status is Status.REJECTED:
            assert application.approved_cents == 0 and application.decision_reason
        if application.status is Status.CLOSED:
            assert application.spent_cents <= application.paid_cents
            assert application.reclaimed_cents == application.paid_cents - application.spent_cents
            assert application.reclaimed_cents > 0
        else:
            assert application.reclaimed_cents == 0
    approved = [a for a in applications if a.status is Status.APPROVED]
    assert any(len(a.payments) >= 2 for a in approved)


def test_decisions_keep_the_four_eyes_principle(fund):
    frieda, fritz = _user("fonds"), _user("fonds2")
    assert fritz.display_name == "Fritz Förder" and fritz.has_role(Role.FUND_OFFICER)
    assert auth.check_password(fritz, demo.DEMO_PASSWORD)
    decided = [a for a in _applications(fund) if a.decided_at is not None]
    assert len(decided) >= 6
    for application in decided:
        assert application.decision_reason.strip()
        assert application.decided_by_id == frieda.id
        if application.approved_cents > fund.four_eyes_cents:
            assert application.confirmed_by_id == fritz.id, application.title
        else:
            assert application.confirmed_by_id is None, application.title
    waiting = [a for a in _applications(fund) if a.status is Status.AWAITING_CONFIRMATION]
    for application in waiting:
        assert application.proposed_by_id == frieda.id
        assert application.proposed_cents > fund.four_eyes_cents
        assert application.proposed_reason and application.decided_at is None
        assert permissions.can_confirm(fritz, application)
        assert not permissions.can_confirm(frieda, application)


def test_histories_tell_the_workflow_in_order_within_the_projects_lives(fund):
    now = utcnow()
    for application in _applications(fund):
        project = application.project
        assert permissions.project_may_apply(project), project.title
        assert is_team_member(application.contact, project)
        entries = list(
            db.session.scalars(
                select(ApplicationEntry)
                .where(ApplicationEntry.application_id == application.id)
                .order_by(ApplicationEntry.created_at, ApplicationEntry.id)
            )
        )
        assert entries[0].step == "create" and entries[0].to_status == "draft"
        assert entries[-1].to_status == application.status.value, application.title
        previous = None
        for entry in entries:
            assert project.published_at <= entry.created_at <= now, (application.title, entry.step)
            assert entry.created_at >= application.created_at
            if previous is not None:
                assert entry.from_status == previous.to_status, (application.title, entry.step)
                assert entry.step == "payment" or allowed(
                    Status(entry.from_status), Status(entry.to_status)
                ), (application.title, entry.step)
            previous = entry
        assert (application.submitted_at is None) == (application.status is Status.DRAFT)
        if application.status is Status.RETURNED:
            assert application.return_message and entries[-1].reason
        if application.status is Status.WITHDRAWN:
            assert entries[-1].reason
        for payment in application.payments:
            assert payment.paid_on <= local_today()
            assert any(
                e.step == "payment" and e.amount_cents == payment.amount_cents for e in entries
            )


def test_assessments_exist_only_from_the_review_on(fund):
    reviewed = {review.application_id: review for review in db.session.scalars(select(Review))}
    by_id = {a.id: a for a in _applications(fund)}
    assert any(by_id[i].status is Status.IN_REVIEW for i in reviewed)
    for application_id, review in reviewed.items():
        application = by_id[application_id]
        assert application.status not in (
            Status.DRAFT,
            Status.SUBMITTED,
            Status.FORMAL_CHECK,
            Status.RETURNED,
        )
        assert set(review.scores) == set(fund.criteria_list)
        assert all(0 <= score <= 5 for score in review.scores.values())


def test_proofs_of_use_have_a_report_and_receipts_on_disk(fund):
    proofs = [a for a in _applications(fund) if a.status in (Status.PROOF_SUBMITTED, Status.CLOSED)]
    assert len(proofs) == 2
    for application in proofs:
        assert application.report_html and application.proof_submitted_at
        types = set()
        for receipt in application.receipts:
            data = (operations.receipt_dir() / receipt.stored_name).read_bytes()
            assert operations.sniff(data[:16]) == receipt.content_type
            assert len(data) == receipt.size
            types.add(receipt.content_type)
            if receipt.content_type == "application/pdf":
                assert data.rstrip().endswith(b"%%EOF")
        assert types == {"application/pdf", "image/png"}


def test_clara_sees_a_funded_and_a_pending_application(fund):
    clara = _user("buergerin")
    mine = {a.project.title: a for a in _applications(fund) if a.created_by_id == clara.id}
    repair = mine["Repair-Café in der Johannstadt"]
    school = mine["Sichere Schulwege in der Südvorstadt"]
    assert repair.status is Status.APPROVED and len(repair.payments) == 2
    assert school.status in (Status.DRAFT, Status.SUBMITTED)
    assert permissions.can_view_application(clara, repair)
    assert permissions.can_edit_application(clara, school) or school.status is Status.SUBMITTED


def test_the_public_page_shows_the_demo_decisions(app, fund):
    client = browser(app)
    # The requests share this test's app context, where the demo left its language cached.
    refresh()
    page = text_of(client.get("/fund"))
    assert f"Citizen-projects fund {fund.year}" in page
    assert "Werkzeug und Ersatzteile für ein Jahr Repair-Café" in page
    assert "Marktstände und Startveranstaltung" in page  # rejected, with its reason
    assert "Mobile Bühne für Sommerabende am Hafen" not in page  # awaits confirmation
    assert "Schulweg-Detektive" not in page  # a draft


def test_loading_twice_adds_nothing(fund):
    counts = {model: db.session.scalar(select(func.count()).select_from(model)) for model in TABLES}
    assert load_fund() == 0
    demo.load()
    for model, count in counts.items():
        assert db.session.scalar(select(func.count()).select_from(model)) == count, model
