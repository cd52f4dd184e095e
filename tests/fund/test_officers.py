"""The fund officers' pages, driven through HTTP: the queue, the formal check, reviews, the
decision with the four-eyes principle, payments in tranches, and judging the proof of use."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from civic.accounts.models import Role
from civic.core.dates import local_today
from civic.db import db
from civic.fund.models import Application, Fund, Payment, Receipt, Review
from civic.fund.workflow import Outcome, Status
from civic.projects.workflow import Phase
from tests.factories import UserFactory, make_application, make_fund, make_project
from tests.helpers import browser, submit, text_of


def officer(**fields):
    return UserFactory(roles=[Role.FUND_OFFICER], locale="en", **fields)


def setup(status: Status, fund=None, **fields) -> Application:
    """An application of a project in development, in ``status``."""
    fund = fund or make_fund()
    project = make_project(UserFactory(locale="en"), phase=Phase.DEVELOPMENT)
    return make_application(project, fund, status=status, **fields)


def team_email(application: Application) -> str:
    return application.project.memberships[0].user.email


def error_of(response, field: str) -> str:
    """The error shown next to a form field."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', html, flags=re.S)
    assert match, f"no error next to {field}"
    return match.group(1)


def today(app):
    with app.test_request_context():
        return local_today()


def fresh_application(application: Application) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application.id)


def fund_of(application: Application) -> Fund:
    db.session.expire_all()
    return db.session.get(Fund, application.fund_id)


# --- the queue -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("citizen", 403), (Role.COORDINATOR, 403), (Role.FUND_OFFICER, 200)]
    + [(Role.ADMIN, 200)],
    ids=str,
)
def test_the_queue_is_for_officers_and_admins(app, role, expected):
    application = setup(Status.SUBMITTED, title="Werkzeug für alle")
    project_title = application.project.title
    user = None if role is None else UserFactory(roles=[] if role == "citizen" else [role])
    client = browser(app, user)
    response = client.get("/fund/queue")
    assert response.status_code == expected
    if expected == 200:
        text = text_of(response)
        assert "Werkzeug für alle" in text
        assert project_title in text
        assert "€3,000.00" in text
        assert "Submitted: 1" in text
        # The main navigation leads there.
        assert 'href="/fund/queue"' in client.get("/").get_data(as_text=True)
    elif role is not None:
        assert 'href="/fund/queue"' not in client.get("/").get_data(as_text=True)


def test_the_queue_filters_by_status_and_year_and_names_the_proposer(app):
    this_year = today(app).year
    fund = make_fund()
    old_fund = make_fund(year=this_year - 1)
    proposer = officer(display_name="Olga Vorschlag")
    waiting = setup(
        Status.AWAITING_CONFIRMATION,
        fund=fund,
        title="Wartet auf Bestätigung",
        proposed_outcome=Outcome.APPROVE,
        proposed_cents=3_000_00,
        proposed_by_id=proposer.id,
    )
    setup(Status.IN_REVIEW, fund=fund, title="In der Prüfung")
    setup(Status.SUBMITTED, fund=old_fund, title="Vom letzten Jahr")
    setup(Status.DRAFT, fund=fund, title="Noch ein Entwurf")
    client = browser(app, officer())

    text = text_of(client.get("/fund/queue"))
    assert "3 applications" in text
    assert "Noch ein Entwurf" not in text
    assert "proposed by Olga Vorschlag" in text

    text = text_of(client.get("/fund/queue?status=awaiting_confirmation"))
    assert "1 application" in text
    assert waiting.title in text and "In der Prüfung" not in text

    text = text_of(client.get(f"/fund/queue?year={this_year - 1}"))
    assert "Vom letzten Jahr" in text and "In der Prüfung" not in text
    assert "In review: 0" in text

    text = text_of(client.get("/fund/queue?status=closed&year=abc&page=x"))
    assert "3 applications" in text  # nonsense filters show everything in work


def test_the_queue_loads_with_a_fixed_number_of_queries(app, count_queries):
    fund = make_fund(budget_cents=1_000_000_00)
    proposer = officer()
    client = browser(app, officer())

    def add(n: int) -> None:
        for _ in range(n):
            setup(
                Status.AWAITING_CONFIRMATION,
                fund=fund,
                proposed_outcome=Outcome.APPROVE,
                proposed_cents=3_000_00,
                proposed_by_id=proposer.id,
            )

    add(2)
    client.get("/fund/queue")
    count_queries.statements.clear()
    client.get("/fund/queue")
    few = count_queries.count
    add(10)
    count_queries.statements.clear()
    assert client.get("/fund/queue").status_code == 200
    assert count_queries.count == few


# --- who may take the steps --------------------------------------------------------------------

STEPS = {
    "check": Status.SUBMITTED,
    "review": Status.IN_REVIEW,
    "decide": Status.IN_REVIEW,
    "payments": Status.APPROVED,
    "judge": Status.PROOF_SUBMITTED,
}


@pytest.mark.parametrize("step", STEPS)
def test_only_officers_take_the_steps(app, step):
    approved = 3_000_00 if STEPS[step] in (Status.APPROVED, Status.PROOF_SUBMITTED) else 0
    application = setup(STEPS[step], approved_cents=approved)
    team_member = application.project.memberships[0].user
    url = f"/fund/applications/{application.id}/{step}"
    assert browser(app).get(url).status_code == 302  # to the sign-in page
    assert browser(app, UserFactory()).get(url).status_code == 404
    assert browser(app, team_member).get(url).status_code == 403
    # Admins set up funds and see everything, but take no step themselves.
    admin = UserFactory(roles=[Role.ADMIN])
    assert browser(app, admin).get(url).status_code == (200 if step == "payments" else 403)
    assert browser(app, officer()).get(url).status_code == 200
    response = submit(browser(app, team_member), url, {}, action=url)
    assert response.status_code == 403
    assert fresh_application(application).status is STEPS[step]


def test_an_officer_on_a_step_the_application_has_left_goes_back_to_it(app):
    application = setup(Status.IN_REVIEW)
    client = browser(app, officer())
    response = client.get(f"/fund/applications/{application.id}/check")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/fund/applications/{application.id}")
    text = text_of(client.get(response.headers["Location"]))
    assert "not possible in the application's current state" in text


# --- the formal check --------------------------------------------------------------------------

ALL_TICKED = ["phase", "costs", "amount", "funding", "contact", "justification"]


def test_the_formal_check_passes_the_application_on(app, mailbox):
    application = setup(Status.SUBMITTED)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/check"
    page = client.get(url)
    assert "The cost plan is complete and adds up." in text_of(page)
    assert fresh_application(application).status is Status.SUBMITTED  # GET changes nothing

    response = submit(client, url, {"checklist": ALL_TICKED[:-1], "pass_check": "1"})
    assert response.status_code == 200
    assert "Every point of the formal check must be met" in error_of(response, "checklist")
    assert fresh_application(application).status is Status.SUBMITTED

    response = submit(client, url, {"checklist": ALL_TICKED, "pass_check": "1"})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.IN_REVIEW
    assert all(application.checklist.values())
    assert mailbox.to(team_email(application))


def test_an_officer_begins_the_check_by_post_only(app):
    application = setup(Status.SUBMITTED)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/check"
    assert "Begin the formal check" in text_of(client.get(url))
    response = submit(client, url, {}, action=f"{url}/start")
    assert response.status_code == 302
    assert fresh_application(application).status is Status.FORMAL_CHECK


def test_sending_back_needs_a_message_and_tells_the_team(app, mailbox):
    application = setup(Status.FORMAL_CHECK)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/check"
    response = submit(client, url, {"checklist": ["phase"], "send_back": "1", "message": " "})
    assert "Please tell the team what is missing." in error_of(response, "message")
    assert fresh_application(application).status is Status.FORMAL_CHECK

    message = "Bitte den Kostenplan um die Miete ergänzen."
    response = submit(client, url, {"checklist": ["phase"], "send_back": "1", "message": message})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.RETURNED
    assert application.return_message == message
    assert application.checklist["phase"] and not application.checklist["costs"]
    assert message in mailbox.body(mailbox.last_to(team_email(application)))


# --- reviews -------------------------------------------------------------------------------------


def test_a_review_is_saved_and_shown_to_officers_only(app):
    application = setup(Status.IN_REVIEW)
    team_member = application.project.memberships[0].user
    first = officer(display_name="Rita Prüferin")
    client = browser(app, first)
    url = f"/fund/applications/{application.id}/review"
    page = text_of(client.get(url))
    assert "Nutzen für den Stadtteil" in page and "Machbarkeit" in page

    response = submit(client, url, {"score_0": "4", "score_1": "9", "assessment": "Gut."})
    assert "Not a valid choice" in error_of(response, "score_1")
    response = submit(client, url, {"score_0": "4", "score_1": "3", "assessment": ""})
    assert "Please write an assessment." in error_of(response, "assessment")
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0

    secret = "Streng intern: der Kostenplan ist zu optimistisch."
    response = submit(client, url, {"score_0": "4", "score_1": "3", "assessment": secret})
    assert response.status_code == 302
    review = db.session.scalar(select(Review).where(Review.application_id == application.id))
    assert review.scores == {"Nutzen für den Stadtteil": 4, "Machbarkeit": 3}
    assert review.officer_id == first.id
    # Her own review fills the form again.
    assert secret in client.get(url).get_data(as_text=True)

    # Another officer sees it on the application page and on the review page.
    second = browser(app, officer())
    for page_url in (f"/fund/applications/{application.id}", url):
        text = text_of(second.get(page_url))
        assert secret in text
        assert "Review by Rita Prüferin" in text
        assert "7 of 10" in text
    admin = browser(app, UserFactory(roles=[Role.ADMIN]))
    assert secret in text_of(admin.get(f"/fund/applications/{application.id}"))

    # The team never does.
    team_page = browser(app, team_member).get(f"/fund/applications/{application.id}")
    assert team_page.status_code == 200
    assert secret not in text_of(team_page)
    assert "Rita Prüferin" not in text_of(team_page)


# --- the decision --------------------------------------------------------------------------------


def test_a_decision_below_the_four_eyes_amount_takes_effect(app, mailbox):
    application = setup(Status.IN_REVIEW, requested_cents=3_000_00)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/decide"
    text = text_of(client.get(url))
    assert "€100,000.00" in text  # remaining
    assert "more than €5,000.00 takes effect only when a second fund officer confirms" in text

    response = submit(client, url, {"outcome": "approve", "reason": ""})
    assert "Please write a short message." in error_of(response, "reason")
    reason = "Das Projekt stärkt die Nachbarschaft."
    response = submit(client, url, {"outcome": "approve", "reason": reason, "conditions": ""})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.APPROVED
    assert application.approved_cents == 3_000_00
    assert fund_of(application).committed_cents == 3_000_00
    assert reason in mailbox.body(mailbox.last_to(team_email(application)))


def test_a_partial_approval_needs_a_smaller_amount(app):
    application = setup(Status.IN_REVIEW, requested_cents=3_000_00)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/decide"
    data = {"outcome": "partial", "reason": "Nur das Material."}
    response = submit(client, url, {**data, "amount": ""})
    assert "Please enter an amount." in error_of(response, "amount")
    response = submit(client, url, {**data, "amount": "3000"})
    assert "less than the €3,000.00 requested" in error_of(response, "amount")
    response = submit(client, url, {**data, "amount": "1.250,50"})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.PARTIALLY_APPROVED
    assert application.approved_cents == 1_250_50


def test_a_decision_above_the_four_eyes_amount_needs_a_second_officer(app, mailbox):
    application = setup(Status.IN_REVIEW, requested_cents=8_000_00)
    proposer = officer(display_name="Paula Erstens")
    client = browser(app, proposer)
    reason = "Großer Nutzen für den Stadtteil."
    response = submit(
        client,
        f"/fund/applications/{application.id}/decide",
        {"outcome": "approve", "reason": reason},
    )
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.AWAITING_CONFIRMATION
    assert application.proposed_cents == 8_000_00
    assert fund_of(application).committed_cents == 0
    assert not mailbox.to(team_email(application))

    # The proposer sees the proposal and that someone else must confirm it, but cannot.
    text = text_of(client.get(f"/fund/applications/{application.id}"))
    assert "Another fund officer must confirm it" in text
    confirm_url = f"/fund/applications/{application.id}/confirm"
    assert client.get(confirm_url).status_code == 403
    assert submit(client, "/fund/queue", {"confirm": "yes"}, action=confirm_url).status_code == 403

    second = officer()
    other = browser(app, second)
    text = text_of(other.get(confirm_url))
    assert "Paula Erstens" in text and reason in text and "€8,000.00" in text
    response = submit(other, confirm_url, {"confirm": "yes", "note": ""})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.APPROVED
    assert application.decided_by_id == proposer.id
    assert application.confirmed_by_id == second.id
    assert fund_of(application).committed_cents == 8_000_00
    assert reason in mailbox.body(mailbox.last_to(team_email(application)))


def test_not_confirming_needs_a_note_and_returns_to_review(app, mailbox):
    proposer = officer()
    application = setup(
        Status.AWAITING_CONFIRMATION,
        requested_cents=8_000_00,
        proposed_outcome=Outcome.APPROVE,
        proposed_cents=8_000_00,
        proposed_reason="Passt.",
        proposed_by_id=proposer.id,
    )
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/confirm"
    response = submit(client, url, {"confirm": "no", "note": ""})
    assert "Please say why you do not confirm" in error_of(response, "note")
    assert fresh_application(application).status is Status.AWAITING_CONFIRMATION

    response = submit(client, url, {"confirm": "no", "note": "Erst die Kosten klären."})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.IN_REVIEW
    assert application.proposed_by_id is None and application.proposed_cents is None
    assert fund_of(application).committed_cents == 0
    assert "Erst die Kosten klären." in mailbox.body(mailbox.last_to(proposer.email))


def test_a_decision_beyond_the_remaining_budget_is_refused(app):
    fund = make_fund(budget_cents=10_000_00, max_per_project_cents=10_000_00)
    setup(Status.APPROVED, fund=fund, requested_cents=8_000_00, approved_cents=8_000_00)
    application = setup(Status.IN_REVIEW, fund=fund, requested_cents=3_000_00)
    big = setup(Status.IN_REVIEW, fund=fund, requested_cents=6_000_00)
    client = browser(app, officer())
    for target in (application, big):  # at once, and as a proposal for the second officer
        response = submit(
            client,
            f"/fund/applications/{target.id}/decide",
            {"outcome": "approve", "reason": "Gut."},
        )
        assert response.status_code == 200
        assert "The fund has only €2,000.00 left" in error_of(response, "amount")
        assert fresh_application(target).status is Status.IN_REVIEW
    assert fund_of(application).committed_cents == 8_000_00


# --- payments ------------------------------------------------------------------------------------


def test_payments_in_tranches_never_exceed_the_approved_amount(app, mailbox):
    application = setup(Status.APPROVED, requested_cents=3_000_00, approved_cents=3_000_00)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/payments"
    day = today(app).isoformat()
    assert "€3,000.00" in text_of(client.get(url))

    for amount, reference in (("1000", "KA-1"), ("1.500,00", "KA-2")):
        response = submit(client, url, {"amount": amount, "paid_on": day, "reference": reference})
        assert response.status_code == 302
    application = fresh_application(application)
    assert application.paid_cents == 2_500_00
    assert fund_of(application).paid_cents == 2_500_00
    assert "KA-2" in mailbox.body(mailbox.last_to(team_email(application)))
    text = text_of(client.get(url))
    assert "KA-1" in text and "KA-2" in text and "€500.00" in text

    response = submit(client, url, {"amount": "600", "paid_on": day, "reference": "KA-3"})
    assert "Only €500.00 of the approved amount are still to be paid." in error_of(
        response, "amount"
    )
    assert fresh_application(application).paid_cents == 2_500_00
    assert db.session.scalar(select(func.count()).select_from(Payment)) == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Please enter an amount greater than zero."),
        ("0", "Please enter an amount greater than zero."),
        ("0,001", "at most two decimals"),
        ("12,345", "at most two decimals"),
        ("99999999999", "This amount is too large."),
        ("1e400", "This amount is too large."),
        ("1e999999999", "This amount is too large."),
        ("NaN", "at most two decimals"),
        ("zehn", "Please enter an amount in euros"),
        ("", "Please enter an amount."),
    ],
)
def test_odd_payment_amounts_get_clear_errors(app, amount, message):
    application = setup(Status.APPROVED, approved_cents=3_000_00)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/payments"
    day = today(app).isoformat()
    response = submit(client, url, {"amount": amount, "paid_on": day, "reference": "KA-1"})
    assert response.status_code == 200
    assert message in error_of(response, "amount")
    assert fresh_application(application).paid_cents == 0


def test_a_payment_cannot_lie_in_the_future(app):
    application = setup(Status.APPROVED, approved_cents=3_000_00)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/payments"
    tomorrow = (today(app) + timedelta(days=1)).isoformat()
    response = submit(client, url, {"amount": "100", "paid_on": tomorrow, "reference": "KA-1"})
    assert "A payment cannot lie in the future." in error_of(response, "paid_on")
    response = submit(client, url, {"amount": "100", "paid_on": "31.02.2026", "reference": "X"})
    assert "Please enter a date like" in error_of(response, "paid_on")
    assert fresh_application(application).paid_cents == 0


# --- the proof of use ----------------------------------------------------------------------------


def proof_submitted(approved: int = 3_000_00, paid: int = 3_000_00, spent: int = 2_500_00):
    application = setup(
        Status.PROOF_SUBMITTED,
        requested_cents=approved,
        approved_cents=approved,
        paid_cents=paid,
        spent_cents=spent,
        report_markdown="Wir haben gebaut.",
        report_html="<p>Wir haben gebaut.</p>",
    )
    fund = db.session.get(Fund, application.fund_id)
    fund.paid_cents += paid
    db.session.add(
        Receipt(
            application_id=application.id,
            stored_name="0123456789abcdef.pdf",
            original_name="rechnung.pdf",
            content_type="application/pdf",
            size=2048,
            description="Rechnung Baumarkt",
            uploaded_by_id=application.created_by_id,
        )
    )
    db.session.commit()
    return application


def test_asking_for_more_needs_a_message(app, mailbox):
    application = proof_submitted()
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/judge"
    page = client.get(url)
    assert "Wir haben gebaut." in text_of(page)
    receipt = db.session.scalar(select(Receipt).where(Receipt.application_id == application.id))
    assert f'href="/fund/receipts/{receipt.id}"' in page.get_data(as_text=True)

    response = submit(client, url, {"message": "", "ask_for_more": "1"})
    assert "Please tell the team what is missing." in error_of(response, "message")
    assert fresh_application(application).status is Status.PROOF_SUBMITTED

    response = submit(client, url, {"message": "Es fehlt der Beleg.", "ask_for_more": "1"})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.APPROVED
    assert "Es fehlt der Beleg." in mailbox.body(mailbox.last_to(team_email(application)))


def test_closing_releases_and_reclaims_what_was_not_spent(app, mailbox):
    application = proof_submitted(approved=3_000_00, paid=3_000_00, spent=2_500_00)
    before = fund_of(application)
    committed, paid = before.committed_cents, before.paid_cents
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/judge"
    text = text_of(client.get(url))
    assert "Released back to the fund €500.00" in text
    assert "To be paid back by the team €500.00" in text

    response = submit(client, url, {"message": "Danke!", "close": "1"})
    assert response.status_code == 302
    application = fresh_application(application)
    assert application.status is Status.CLOSED
    assert application.reclaimed_cents == 500_00
    fund = fund_of(application)
    assert fund.committed_cents == committed - 500_00
    assert fund.paid_cents == paid - 500_00
    assert "€500.00" in mailbox.body(mailbox.last_to(team_email(application)))


def test_closing_waits_for_the_payment_of_what_was_spent(app):
    application = proof_submitted(approved=3_000_00, paid=1_000_00, spent=2_500_00)
    client = browser(app, officer())
    url = f"/fund/applications/{application.id}/judge"
    assert "Record the remaining payment before you close" in text_of(client.get(url))
    response = submit(client, url, {"message": "", "close": "1"})
    assert response.status_code == 200
    assert "please record the remaining payment first" in text_of(response)
    assert fresh_application(application).status is Status.PROOF_SUBMITTED


# --- the application page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "link"),
    [
        (Status.SUBMITTED, "/check"),
        (Status.IN_REVIEW, "/review"),
        (Status.IN_REVIEW, "/decide"),
        (Status.APPROVED, "/payments"),
        (Status.PROOF_SUBMITTED, "/judge"),
    ],
    ids=str,
)
def test_the_application_page_leads_officers_to_the_next_step(app, status, link):
    if status is Status.PROOF_SUBMITTED:
        application = proof_submitted()
    else:
        application = setup(status, approved_cents=3_000_00 if status is Status.APPROVED else 0)
    href = f'href="/fund/applications/{application.id}{link}"'
    team_member = application.project.memberships[0].user
    page = browser(app, officer()).get(f"/fund/applications/{application.id}")
    assert href in page.get_data(as_text=True)
    team_page = browser(app, team_member).get(f"/fund/applications/{application.id}")
    assert href not in team_page.get_data(as_text=True)
    assert "Fund management: next step" not in text_of(team_page)
