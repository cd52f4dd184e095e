"""The fund without HTTP: an application's whole life through ``civic.fund.operations``, the
amounts a new user might type, receipts, withdrawing, the four-eyes principle, and who hears of
what by e-mail (never the person who acted).

Refusals are checked by the message a user would read (rendered in English, so that the tests do
not depend on the German catalogue); a refused step changes no money."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from flask_babel import force_locale
from sqlalchemy import select

from civic.accounts.models import Role
from civic.core.dates import local_today
from civic.core.errors import OperationError, PermissionDenied
from civic.core.models import AuditEntry
from civic.db import db
from civic.fund import operations as ops
from civic.fund import permissions as perm
from civic.fund.models import Application, ApplicationEntry, Payment, Receipt, Review
from civic.fund.workflow import CHECKLIST, FUNDED, OPEN, RECEIPT_MAX_BYTES, Outcome, Status
from civic.projects.workflow import Phase
from tests.conftest import Mailbox
from tests.factories import UserFactory, make_application, make_fund, make_project

pytestmark = pytest.mark.usefixtures("ctx")

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64 + b"This program cannot be run in DOS mode"
ALL_TICKED = {key: True for key, _label in CHECKLIST}


# --- helpers ----------------------------------------------------------------------------------


def en(message: Any) -> str:
    with force_locale("en"):
        return str(message)


def refusal(call: Any, *args: Any, **kwargs: Any) -> str:
    """Call an operation that must refuse with a clear message (not a permission error), as the
    views do: inside a transaction that is rolled back. Returns the message in English."""
    with pytest.raises(OperationError) as info:
        with db.session.begin_nested():
            call(*args, **kwargs)
    assert not isinstance(info.value, PermissionDenied), "refused as a permission, not a rule"
    db.session.expire_all()
    return en(info.value.message)


def denied(call: Any, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(PermissionDenied):
        with db.session.begin_nested():
            call(*args, **kwargs)
    db.session.expire_all()


def recipients(mailbox: Mailbox) -> list[str]:
    return sorted(message["To"] for message in mailbox.messages)


def emails(*users: Any) -> list[str]:
    return sorted(user.email for user in users)


def steps(application: Application) -> list[tuple[str, str, str, int | None]]:
    return [
        (entry.step, entry.from_status, entry.to_status, entry.actor_id)
        for entry in db.session.scalars(
            select(ApplicationEntry)
            .where(ApplicationEntry.application_id == application.id)
            .order_by(ApplicationEntry.id)
        )
    ]


def audited(application: Application) -> list[tuple[str, int | None]]:
    return [
        (entry.action, entry.actor_id)
        for entry in db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "application", AuditEntry.object_id == application.id)
            .order_by(AuditEntry.id)
        )
    ]


def fields(contact: Any, **changes: Any) -> dict[str, Any]:
    return {
        "title": "Hochbeete für den Schulhof",
        "requested_cents": 8_000_00,
        "cost_lines": [
            {"label": "Holz", "amount_cents": 5_000_00},
            {"label": "Erde und Pflanzen", "amount_cents": 3_000_00},
        ],
        "own_contribution_cents": 500_00,
        "other_funding_cents": 0,
        "other_funding_note": "",
        "justification": "Damit die Klassen eigenes Gemüse ziehen können.",
        "contact_id": contact.id,
        **changes,
    }


@pytest.fixture
def people():
    """A team of two (English-speaking, so that mails can be read), two fund officers."""
    initiator = UserFactory(locale="en")
    member = UserFactory(locale="en")
    project = make_project(initiator, members=[member], phase=Phase.DEVELOPMENT)
    first = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
    second = UserFactory(roles=[Role.FUND_OFFICER], locale="en")
    return project, initiator, member, first, second


@pytest.fixture
def uploads(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", tmp_path / "uploads")
    return tmp_path / "uploads"


# --- the whole chain --------------------------------------------------------------------------


def test_the_whole_life_of_an_application(app, mailbox, people, uploads):
    project, initiator, member, first, second = people
    team, officers = emails(initiator, member), emails(first, second)
    fund = make_fund(budget_cents=100_000_00, max_per_project_cents=20_000_00)
    assert fund.four_eyes_cents == 5_000_00

    # The team applies: a draft, then submitted; the officers hear of it, the team does not.
    application = ops.start_application(initiator, project, fund, **fields(initiator))
    assert application.status is Status.DRAFT
    assert application.cost_total_cents == 8_000_00
    assert refusal(ops.start_application, member, project, fund, **fields(member)) == (
        "This project has applied to this fund already."
    )
    ops.submit_application(initiator, application)
    assert application.status is Status.SUBMITTED
    assert recipients(mailbox) == officers
    assert "€8,000.00" in Mailbox.body(mailbox.messages[0])
    mailbox.clear()

    # Formal check: sent back with a message, which the team receives.
    ops.start_check(first, application)
    assert application.status is Status.FORMAL_CHECK
    assert refusal(ops.send_back, first, application, {}, "  ") == (
        "Please tell the team what is missing."
    )
    ask = "Bitte den Kostenplan für die Erde aufschlüsseln."
    ops.send_back(first, application, {"phase": True}, ask)
    assert application.status is Status.RETURNED
    assert application.return_message == ask
    assert application.checklist["phase"] is True and application.checklist["costs"] is False
    assert recipients(mailbox) == team
    assert all(ask in Mailbox.body(m) for m in mailbox.messages)
    mailbox.clear()

    # The team completes it and submits it again.
    assert perm.can_edit_application(member, application)
    ops.update_application(
        member, application, **fields(member, justification="Mit Schulgarten-AG, siehe Plan.")
    )
    assert application.contact_id == member.id
    ops.submit_application(member, application)
    assert application.status is Status.SUBMITTED
    assert application.return_message == ""
    assert recipients(mailbox) == officers
    mailbox.clear()

    # Passing the check needs every point of the checklist.
    incomplete = {**ALL_TICKED, "funding": False}
    assert refusal(ops.pass_check, first, application, incomplete).startswith(
        "Every point of the formal check must be met"
    )
    assert application.status is Status.SUBMITTED
    ops.pass_check(first, application, ALL_TICKED)
    assert application.status is Status.IN_REVIEW
    assert all(application.checklist.values())
    assert recipients(mailbox) == team
    mailbox.clear()

    # The review scores every published criterion from 0 to 5.
    criteria = fund.criteria_list
    assert len(criteria) == 2
    bad_scores = [{criteria[0]: 4}, {criteria[0]: 4, criteria[1]: 6}, {c: -1 for c in criteria}]
    for scores in bad_scores:
        assert refusal(ops.save_review, first, application, "Gut.", scores) == (
            "Please score every criterion from 0 to 5."
        )
    assert refusal(ops.save_review, first, application, " ", dict.fromkeys(criteria, 3)) == (
        "Please write an assessment."
    )
    review = ops.save_review(first, application, "Gut begründet.", {criteria[0]: 5, criteria[1]: 0})
    ops.save_review(first, application, "Gut begründet, machbar.", {c: 4 for c in criteria})
    assert db.session.scalars(select(Review)).all() == [review]
    assert review.total == 8
    assert mailbox.messages == []  # assessments are internal

    # The decision: a reason, and for a partial approval an amount below the one requested.
    assert refusal(ops.decide, first, application, Outcome.APPROVE, None, " ") == (
        "Please give the reason for the decision."
    )
    for cents in (8_000_00, 9_000_00):
        assert refusal(ops.decide, first, application, Outcome.PARTIAL, cents, "Zu viel.") == (
            "A partial approval gives less than the €8,000.00 requested."
        )
    for cents in (0, -100):
        assert refusal(ops.decide, first, application, Outcome.PARTIAL, cents, "Teil.") == (
            "Please enter an amount greater than zero."
        )
    assert refusal(ops.decide, first, application, Outcome.PARTIAL, None, "Teil.") == (
        "Please enter an amount."
    )

    # Above the four-eyes amount it waits for a second officer; the first is not told.
    reason = "Die Erde ist über den Bauhof günstiger zu haben."
    ops.decide(first, application, Outcome.PARTIAL, 6_000_00, reason)
    assert application.status is Status.AWAITING_CONFIRMATION
    assert application.proposed_by_id == first.id and application.proposed_cents == 6_000_00
    assert fund.committed_cents == 0
    assert recipients(mailbox) == emails(second)
    mailbox.clear()

    # Nobody confirms their own decision; refusing needs a note and returns it to the review.
    assert not perm.can_confirm(first, application)
    denied(ops.confirm, first, application, True)
    assert refusal(ops.confirm, second, application, False, "") == (
        "Please say why you do not confirm the decision."
    )
    ops.confirm(second, application, False, "Bitte erst den Zeitplan klären.")
    assert application.status is Status.IN_REVIEW
    assert application.proposed_outcome is None and application.proposed_by_id is None
    assert recipients(mailbox) == emails(first)
    assert "Bitte erst den Zeitplan klären." in Mailbox.body(mailbox.messages[0])
    mailbox.clear()

    # Proposed again, confirmed by the second officer: in force, the money committed.
    ops.decide(first, application, Outcome.PARTIAL, 6_000_00, reason, conditions="Fotos.")
    mailbox.clear()
    ops.confirm(second, application, True)
    assert application.status is Status.PARTIALLY_APPROVED
    assert application.approved_cents == 6_000_00
    assert application.decision_reason == reason and application.conditions == "Fotos."
    assert (application.decided_by_id, application.confirmed_by_id) == (first.id, second.id)
    db.session.refresh(fund)
    assert fund.committed_cents == 6_000_00
    assert recipients(mailbox) == team
    assert all(reason in Mailbox.body(m) for m in mailbox.messages)
    mailbox.clear()

    # Payments in tranches; never beyond the approved amount, never in the future.
    today = local_today()
    assert refusal(
        ops.record_payment, first, application, 1_000_00, today + timedelta(days=1), "KR-1"
    ) == ("A payment cannot lie in the future.")
    assert refusal(ops.record_payment, first, application, 1_000_00, today, " ") == (
        "Please give the payment reference."
    )
    ops.record_payment(first, application, 2_500_00, today - timedelta(days=3), "KR-2026-1")
    ops.record_payment(second, application, 2_500_00, today, "KR-2026-2")
    assert application.paid_cents == 5_000_00
    assert refusal(ops.record_payment, first, application, 1_500_00, today, "KR-2026-3") == (
        "Only €1,000.00 of the approved amount are still to be paid."
    )
    db.session.refresh(fund)
    assert (application.paid_cents, fund.paid_cents) == (5_000_00, 5_000_00)
    assert len(db.session.scalars(select(Payment)).all()) == 2
    assert recipients(mailbox) == sorted(team * 2)
    assert all("KR-2026-" in Mailbox.body(m) for m in mailbox.messages)
    mailbox.clear()

    # The proof of use needs a report, receipts, and no more spent than approved.
    assert refusal(ops.submit_proof, member, application, "Bericht", 4_000_00) == (
        "Please upload the receipts first."
    )
    ops.add_receipt(member, application, io.BytesIO(PDF), "rechnung-holz.pdf", "Holz")
    assert refusal(ops.submit_proof, member, application, " ", 4_000_00) == (
        "Please write the report."
    )
    assert refusal(ops.submit_proof, member, application, "Bericht", 6_000_01).startswith(
        "The fund pays at most the €6,000.00 approved"
    )
    # First it says more was spent than paid: the officers cannot close it so.
    ops.submit_proof(member, application, "Die Beete stehen.", 5_500_00)
    assert application.status is Status.PROOF_SUBMITTED
    assert recipients(mailbox) == officers
    mailbox.clear()
    assert refusal(ops.close_application, first, application).startswith(
        "The team has spent €5,500.00 but received €5,000.00"
    )
    assert refusal(ops.ask_for_more, first, application, "") == (
        "Please tell the team what is missing."
    )
    more = "Es fehlt die Rechnung für die Erde."
    ops.ask_for_more(first, application, more)
    assert application.status is Status.PARTIALLY_APPROVED
    assert recipients(mailbox) == team and more in Mailbox.body(mailbox.messages[0])
    mailbox.clear()
    ops.add_receipt(initiator, application, io.BytesIO(PNG), "erde.png", "Erde")
    ops.submit_proof(initiator, application, "Die Beete stehen, Erde war günstiger.", 4_000_00)
    assert application.spent_cents == 4_000_00
    mailbox.clear()

    # Closing: the commitment falls to what was spent; what was paid beyond it is reclaimed.
    ops.close_application(second, application, "Danke!")
    assert application.status is Status.CLOSED
    assert application.reclaimed_cents == 1_000_00
    db.session.refresh(fund)
    assert fund.committed_cents == 4_000_00  # 6.000 − (6.000 − 4.000)
    assert fund.paid_cents == 4_000_00  # 5.000 − (5.000 − 4.000)
    assert recipients(mailbox) == team
    assert all("€1,000.00" in Mailbox.body(m) for m in mailbox.messages)

    assert steps(application) == [
        ("create", "", "draft", initiator.id),
        ("submit", "draft", "submitted", initiator.id),
        ("start_check", "submitted", "formal_check", first.id),
        ("send_back", "formal_check", "returned", first.id),
        ("submit", "returned", "submitted", member.id),
        ("start_check", "submitted", "formal_check", first.id),
        ("pass_check", "formal_check", "in_review", first.id),
        ("propose", "in_review", "awaiting_confirmation", first.id),
        ("refuse_confirmation", "awaiting_confirmation", "in_review", second.id),
        ("propose", "in_review", "awaiting_confirmation", first.id),
        ("decide", "awaiting_confirmation", "partially_approved", second.id),
        ("payment", "partially_approved", "partially_approved", first.id),
        ("payment", "partially_approved", "partially_approved", second.id),
        ("submit_proof", "partially_approved", "proof_submitted", member.id),
        ("ask_for_more", "proof_submitted", "partially_approved", first.id),
        ("submit_proof", "partially_approved", "proof_submitted", initiator.id),
        ("close", "proof_submitted", "closed", second.id),
    ]
    assert audited(application) == [
        ("fund.application.create", initiator.id),
        ("fund.application.submit", initiator.id),
        ("fund.application.start_check", first.id),
        ("fund.application.send_back", first.id),
        ("fund.application.update", member.id),
        ("fund.application.submit", member.id),
        ("fund.application.start_check", first.id),
        ("fund.application.pass_check", first.id),
        ("fund.review.save", first.id),
        ("fund.review.save", first.id),
        ("fund.decision.propose", first.id),
        ("fund.decision.refuse", second.id),
        ("fund.decision.propose", first.id),
        ("fund.decision", second.id),
        ("fund.payment", first.id),
        ("fund.payment", second.id),
        ("fund.receipt.add", member.id),
        ("fund.proof.submit", member.id),
        ("fund.proof.ask_for_more", first.id),
        ("fund.receipt.add", initiator.id),
        ("fund.proof.submit", initiator.id),
        ("fund.application.close", second.id),
    ]


# --- the call ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "closes"), [(-60, -1), (1, 30)], ids=["after-the-call", "before-the-call"]
)
def test_no_application_outside_the_call(mailbox, people, opens, closes):
    project, initiator, *_ = people
    today = local_today()
    fund = make_fund(
        call_opens_on=today + timedelta(days=opens), call_closes_on=today + timedelta(days=closes)
    )
    denied(ops.start_application, initiator, project, fund, **fields(initiator))
    application = make_application(project, fund)
    expected = (
        f"The call of the fund {fund.year} is closed; applications cannot be submitted."
        if closes < 0
        else f"The call of the fund {fund.year} opens on "
        f"{format_date(fund.call_opens_on, locale='en')}; applications can be submitted "
        "from then on."
    )
    assert refusal(ops.submit_application, initiator, application) == expected
    db.session.refresh(application)
    assert application.status is Status.DRAFT
    assert mailbox.messages == []


def test_the_call_is_open_on_its_first_and_last_day(people):
    project, initiator, *_ = people
    today = local_today()
    calls = [(today, today + timedelta(days=5)), (today - timedelta(days=5), today)]
    for year, (opens, closes) in enumerate(calls, start=2090):
        fund = make_fund(year, call_opens_on=opens, call_closes_on=closes)
        application = ops.start_application(initiator, project, fund, **fields(initiator))
        ops.submit_application(initiator, application)
        assert application.status is Status.SUBMITTED


def test_a_draft_needs_cost_lines_and_a_justification_before_it_is_submitted(people):
    project, initiator, *_ = people
    fund = make_fund()
    application = make_application(project, fund, cost_lines=[], justification="")
    assert refusal(ops.submit_application, initiator, application) == (
        "Please add at least one cost line."
    )
    application.cost_lines = [{"label": "Holz", "amount_cents": 100_00}]
    db.session.commit()
    assert refusal(ops.submit_application, initiator, application) == (
        "Please explain what the money is for."
    )


# --- amounts ----------------------------------------------------------------------------------

TOO_MUCH = ops.MAX_CENTS + 1
BAD_AMOUNTS = [
    pytest.param(-1, "Please enter an amount greater than zero.", id="negative"),
    pytest.param(0, "Please enter an amount greater than zero.", id="zero"),
    pytest.param(TOO_MUCH, "This amount is too large.", id="huge"),
    pytest.param(None, "Please enter an amount.", id="missing"),
]


@pytest.mark.parametrize(("cents", "message"), BAD_AMOUNTS)
def test_impossible_amounts_are_refused_everywhere(people, cents, message):
    project, initiator, _member, officer, _second = people
    fund = make_fund()
    # requested amount
    assert refusal(
        ops.start_application, initiator, project, fund, **fields(initiator, requested_cents=cents)
    ) == (message)
    # a cost line (an empty line without a description is dropped, so give it one)
    if cents is not None:
        lines = [{"label": "Holz", "amount_cents": cents}]
        assert refusal(
            ops.start_application, initiator, project, fund, **fields(initiator, cost_lines=lines)
        ) == (message)
    # a partial approval
    in_review = make_application(
        make_project(phase=Phase.DEVELOPMENT), fund, status=Status.IN_REVIEW
    )
    assert refusal(ops.decide, officer, in_review, Outcome.PARTIAL, cents, "Teilweise.") == message
    # a payment
    funded = make_application(
        make_project(phase=Phase.DEVELOPMENT),
        fund,
        status=Status.APPROVED,
        requested_cents=3_000_00,
        approved_cents=3_000_00,
    )
    assert refusal(ops.record_payment, officer, funded, cents, local_today(), "KR-1") == message
    # nothing moved
    db.session.refresh(fund)
    assert (fund.committed_cents, fund.paid_cents) == (3_000_00, 0)
    assert db.session.scalars(select(Payment)).all() == []
    assert ops.open_application(project, fund) is None


@pytest.mark.parametrize(
    ("cents", "message"),
    [
        (-1, "An amount cannot be negative."),
        (TOO_MUCH, "This amount is too large."),
    ],
)
def test_impossible_own_contribution_spent_or_fund_amounts(app, people, uploads, cents, message):
    project, initiator, _member, _officer, _second = people
    fund = make_fund()
    assert refusal(
        ops.start_application,
        initiator,
        project,
        fund,
        **fields(initiator, own_contribution_cents=cents),
    ) == (message)
    assert refusal(
        ops.start_application,
        initiator,
        project,
        fund,
        **fields(initiator, other_funding_cents=cents),
    ) == (message)
    funded = make_application(
        project, fund, status=Status.APPROVED, requested_cents=2_000_00, approved_cents=2_000_00
    )
    ops.add_receipt(initiator, funded, io.BytesIO(PDF), "beleg.pdf", "")
    assert refusal(ops.submit_proof, initiator, funded, "Bericht", cents) == message
    admin = UserFactory(roles=[Role.ADMIN])
    dates = {"call_opens_on": local_today(), "call_closes_on": local_today()}
    assert refusal(
        ops.create_fund,
        admin,
        year=2099,
        budget_cents=cents,
        max_per_project_cents=1_00,
        four_eyes_cents=0,
        **dates,
    ) == (message if cents > 0 else "Please enter an amount greater than zero.")


def test_the_amount_requested_is_within_the_maximum_per_project(people):
    project, initiator, *_ = people
    fund = make_fund(max_per_project_cents=5_000_00)
    assert refusal(
        ops.start_application,
        initiator,
        project,
        fund,
        **fields(initiator, requested_cents=5_000_01),
    ) == ("The fund gives at most €5,000.00 per project.")
    application = ops.start_application(
        initiator, project, fund, **fields(initiator, requested_cents=5_000_00)
    )
    assert application.requested_cents == 5_000_00


def test_nothing_spent_is_a_proof_too_and_everything_paid_is_reclaimed(people, uploads):
    project, initiator, _member, officer, _second = people
    fund = make_fund()
    application = make_application(
        project, fund, status=Status.APPROVED, requested_cents=2_000_00, approved_cents=2_000_00
    )
    ops.record_payment(officer, application, 2_000_00, local_today(), "KR-1")
    ops.add_receipt(initiator, application, io.BytesIO(PDF), "storno.pdf", "")
    ops.submit_proof(initiator, application, "Das Fest fiel aus.", 0)
    ops.close_application(officer, application)
    db.session.refresh(fund)
    assert application.reclaimed_cents == 2_000_00
    assert (fund.committed_cents, fund.paid_cents) == (0, 0)


def test_paid_in_full_says_so(people):
    project, _initiator, _member, officer, _second = people
    fund = make_fund()
    application = make_application(
        project, fund, status=Status.APPROVED, requested_cents=1_000_00, approved_cents=1_000_00
    )
    ops.record_payment(officer, application, 1_000_00, local_today(), "KR-1")
    assert not perm.can_record_payment(officer, application)
    assert refusal(ops.record_payment, officer, application, 1_00, local_today(), "KR-2") == (
        "The approved amount has been paid in full; nothing more can be paid."
    )


# --- decisions and the four-eyes principle ------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "requested", "cents", "waits"),
    [
        (Outcome.APPROVE, 5_000_00, None, False),  # exactly the four-eyes amount
        (Outcome.APPROVE, 5_000_01, None, True),
        (Outcome.PARTIAL, 9_000_00, 5_000_00, False),
        (Outcome.PARTIAL, 9_000_00, 5_000_01, True),
        (Outcome.REJECT, 20_000_00, None, False),
    ],
)
def test_the_four_eyes_amount(mailbox, people, outcome, requested, cents, waits):
    project, initiator, member, first, second = people
    fund = make_fund(four_eyes_cents=5_000_00)
    application = make_application(
        project, fund, status=Status.IN_REVIEW, requested_cents=requested
    )
    ops.decide(first, application, outcome, cents, "Begründung.")
    db.session.refresh(fund)
    given = {Outcome.APPROVE: requested, Outcome.PARTIAL: cents, Outcome.REJECT: 0}[outcome]
    if waits:
        assert application.status is Status.AWAITING_CONFIRMATION
        assert fund.committed_cents == 0
        assert recipients(mailbox) == emails(second)
        mailbox.clear()
        ops.confirm(second, application, True)
        db.session.refresh(fund)
    assert application.status is ops.STATUS_OF[outcome]
    assert application.approved_cents == given == fund.committed_cents
    assert application.decided_by_id == first.id
    assert application.confirmed_by_id == (second.id if waits else None)
    assert recipients(mailbox) == emails(initiator, member)
    assert all("Begründung." in Mailbox.body(m) for m in mailbox.messages)


def test_a_decision_beyond_the_budget_is_refused_and_changes_nothing(mailbox, people):
    project, _initiator, _member, first, second = people
    fund = make_fund(
        budget_cents=10_000_00, max_per_project_cents=10_000_00, four_eyes_cents=2_000_00
    )
    make_application(
        make_project(phase=Phase.DEVELOPMENT),
        fund,
        status=Status.APPROVED,
        requested_cents=7_000_00,
        approved_cents=7_000_00,
    )
    small = make_application(project, fund, status=Status.IN_REVIEW, requested_cents=2_000_00)
    large = make_application(
        make_project(phase=Phase.DEVELOPMENT),
        fund,
        status=Status.IN_REVIEW,
        requested_cents=4_000_00,
    )
    left = "The fund has only €3,000.00 left; the decision would exceed its budget."
    # Proposed above the four-eyes amount: refused at once.
    assert refusal(ops.decide, first, large, Outcome.APPROVE, None, "Gut.") == left
    # In force at once: refused by the conditional update, the status rolled back.
    fund.committed_cents = 9_000_00
    db.session.commit()
    assert refusal(ops.decide, first, small, Outcome.APPROVE, None, "Gut.") == (
        "The fund has only €1,000.00 left; the decision would exceed its budget."
    )
    assert small.status is Status.IN_REVIEW and small.approved_cents == 0
    # A partial approval that fits goes through.
    ops.decide(first, small, Outcome.PARTIAL, 1_000_00, "Nur das Material.")
    db.session.refresh(fund)
    assert fund.committed_cents == fund.budget_cents
    # A proposal made while there was money, confirmed after it is gone.
    fund.committed_cents = 5_000_00
    db.session.commit()
    ops.decide(first, large, Outcome.APPROVE, None, "Gut.")
    fund.committed_cents = 7_000_00
    db.session.commit()
    assert refusal(ops.confirm, second, large, True) == left
    assert large.status is Status.AWAITING_CONFIRMATION
    db.session.refresh(fund)
    assert fund.committed_cents == 7_000_00


def test_the_proposer_can_neither_confirm_nor_refuse_their_own_decision(people):
    project, _initiator, _member, first, _second = people
    fund = make_fund(four_eyes_cents=1_000_00)
    application = make_application(project, fund, status=Status.IN_REVIEW, requested_cents=2_000_00)
    ops.decide(first, application, Outcome.APPROVE, None, "Gut.")
    denied(ops.confirm, first, application, True)
    denied(ops.confirm, first, application, False, "Doch nicht.")
    assert application.status is Status.AWAITING_CONFIRMATION


# --- withdrawing -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(Status), ids=str)
def test_withdraw_from_every_open_state_and_from_no_other(mailbox, people, status):
    project, initiator, member, first, second = people
    fund = make_fund()
    funded = status in FUNDED or status is Status.CLOSED
    extra: dict[str, Any] = {}
    if status is Status.AWAITING_CONFIRMATION:
        extra = {
            "proposed_outcome": Outcome.APPROVE,
            "proposed_cents": 3_000_00,
            "proposed_by_id": first.id,
        }
    application = make_application(
        project, fund, status=status, approved_cents=3_000_00 if funded else 0, **extra
    )
    committed = fund.committed_cents
    if status not in OPEN:
        denied(ops.withdraw_application, member, application, "Wir hören auf.")
        db.session.refresh(application)
        assert application.status is status
        assert mailbox.messages == []
        return
    denied(ops.withdraw_application, first, application, "Nicht meins.")
    ops.withdraw_application(member, application, "Wir hören auf.")
    assert application.status is Status.WITHDRAWN
    assert application.proposed_outcome is None and application.proposed_cents is None
    db.session.refresh(fund)
    assert fund.committed_cents == committed
    assert steps(application) == [("withdraw", status.value, "withdrawn", member.id)]
    assert audited(application) == [("fund.application.withdraw", member.id)]
    expected = [] if status is Status.DRAFT else emails(first, second)
    assert recipients(mailbox) == expected
    assert all("Wir hören auf." in Mailbox.body(m) for m in mailbox.messages)
    # A withdrawn application does not block a new one.
    assert ops.open_application(project, fund) is None


# --- receipts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type", "suffix"),
    [(PDF, "application/pdf", "pdf"), (PNG, "image/png", "png"), (JPEG, "image/jpeg", "jpg")],
    ids=["pdf", "png", "jpeg"],
)
def test_receipts_are_stored_by_content_under_a_random_name(
    app, people, uploads, data, content_type, suffix
):
    project, initiator, *_ = people
    fund = make_fund()
    application = make_application(
        project, fund, status=Status.APPROVED, requested_cents=1_000_00, approved_cents=1_000_00
    )
    # The name says nothing; the content decides.
    receipt = ops.add_receipt(
        initiator, application, io.BytesIO(data), "../../static/beleg.txt", "Quittung"
    )
    assert (receipt.content_type, receipt.size) == (content_type, len(data))
    assert receipt.original_name == "beleg.txt"
    assert re.fullmatch(rf"[0-9a-f]{{32}}\.{suffix}", receipt.stored_name)
    stored = ops.receipt_dir() / receipt.stored_name
    assert stored.parent == uploads / "receipts"
    assert stored.read_bytes() == data
    static = Path(app.static_folder).resolve()
    assert not stored.resolve().is_relative_to(static)
    # Two uploads of the same file get two names.
    again = ops.add_receipt(initiator, application, io.BytesIO(data), "beleg.txt", "")
    assert again.stored_name != receipt.stored_name
    # Removing one removes its file.
    ops.remove_receipt(initiator, again)
    assert not (ops.receipt_dir() / again.stored_name).exists()
    assert db.session.scalars(select(Receipt.id)).all() == [receipt.id]


NONE_OF_THEM = "Only PDF, JPEG and PNG files are accepted; this file is none of them."


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (EXE, "rechnung.pdf", NONE_OF_THEM),
        (b"<html><script>", "beleg.png", NONE_OF_THEM),
        (b"", "leer.pdf", "Please choose a file."),
        (b"%PDF-" + b"0" * RECEIPT_MAX_BYTES, "gross.pdf", "A file may be at most 10 MB."),
    ],
    ids=["executable-named-pdf", "html-named-png", "empty", "too-large"],
)
def test_receipts_that_are_refused(people, uploads, data, name, message):
    project, initiator, *_ = people
    fund = make_fund()
    application = make_application(
        project, fund, status=Status.APPROVED, requested_cents=1_000_00, approved_cents=1_000_00
    )
    assert refusal(ops.add_receipt, initiator, application, io.BytesIO(data), name, "") == message
    assert db.session.scalars(select(Receipt)).all() == []
    assert list(uploads.glob("**/*.*")) == []  # nothing written


def test_a_receipt_of_exactly_the_limit_is_accepted(people, uploads):
    project, initiator, *_ = people
    fund = make_fund()
    application = make_application(
        project, fund, status=Status.APPROVED, requested_cents=1_000_00, approved_cents=1_000_00
    )
    data = b"%PDF-" + b"0" * (RECEIPT_MAX_BYTES - 5)
    assert ops.add_receipt(initiator, application, io.BytesIO(data), "a.pdf", "").size == len(data)
