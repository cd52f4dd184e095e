"""Reporting a barrier through the form below the accessibility statement: anyone can send it,
every admin is told by mail, the page it is about is always a page of this site."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from civic import create_app
from civic.accounts.models import Role
from civic.core import feedback
from civic.core.errors import OperationError, PermissionDenied
from civic.core.models import AccessibilityFeedback, AuditEntry, FeedbackStatus
from civic.db import db
from tests.conftest import database_url
from tests.factories import UserFactory
from tests.helpers import browser, submit, text_of

MESSAGE = "The search field on the project list has no visible label."


def _rows() -> list[AccessibilityFeedback]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(AccessibilityFeedback).order_by(AccessibilityFeedback.id))
    )


def _value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_the_statement_states_what_the_law_asks_for_and_shows_the_form(app, client):
    page = text_of(client.get("/accessibility"))
    # German by default: conformity, non-accessible content with alternatives, the date, the
    # conciliation body, and the way to report a barrier.
    assert "weitgehend vereinbar" in page
    assert "Nicht barrierefreie Inhalte" in page and "Alternative:" in page
    assert "Diese Erklärung wurde am" in page
    assert "Schlichtungsverfahren" in page
    assert 'id="feedback"' in client.get("/accessibility").get_data(as_text=True)


def test_an_anonymous_visitor_reports_a_barrier_and_every_admin_is_told(app, mailbox):
    admins = [UserFactory(roles=[Role.ADMIN]) for _ in range(2)]
    retired = UserFactory(roles=[Role.ADMIN], is_active=False)
    citizen = UserFactory()
    client = browser(app)
    form = client.get("/accessibility?page=/projects")
    assert "Report a barrier" in text_of(form)
    assert "we need your address to write back to you" in text_of(form)
    response = submit(
        client,
        "/accessibility",
        {
            "message": MESSAGE,
            "page": "/projects",
            "name": "Mia Muster",
            "email": "Mia@Example.org",
        },
    )
    assert response.status_code == 302 and response.location.endswith("/accessibility/sent")
    thanks = text_of(client.get(response.location))
    assert "Thank you for your feedback" in thanks
    assert "We will answer you by e-mail" in thanks
    assert "Back to the page you reported" in thanks

    [row] = _rows()
    assert (row.user_id, row.name, row.email, row.page_url) == (
        None,
        "Mia Muster",
        "mia@example.org",
        "/projects",
    )
    assert row.message == MESSAGE and row.status is FeedbackStatus.NEW
    for admin in admins:
        body = mailbox.body(mailbox.last_to(admin.email))
        assert MESSAGE in body
        assert f"http://localhost/admin/feedback/{row.id}" in body
        assert "http://localhost/projects" in body
    assert not mailbox.to(retired.email) and not mailbox.to(citizen.email)


def test_a_signed_in_citizen_finds_the_form_filled_in(app, mailbox):
    UserFactory(roles=[Role.ADMIN])
    citizen = UserFactory(display_name="Clara Beispiel")
    client = browser(app, citizen)
    html = client.get("/accessibility").get_data(as_text=True)
    assert _value(html, "name") == "Clara Beispiel"
    assert _value(html, "email") == citizen.email
    response = submit(
        client,
        "/accessibility",
        {"message": MESSAGE, "page": "", "name": "Clara Beispiel", "email": citizen.email},
    )
    assert response.status_code == 302
    [row] = _rows()
    assert row.user_id == citizen.id and row.email == citizen.email and row.page_url == ""


def test_errors_stand_next_to_the_fields_and_the_input_is_kept(app):
    client = browser(app)
    response = submit(
        client,
        "/accessibility",
        {"message": "  ", "page": "https://elsewhere.example/x", "name": "Ole", "email": "ole@"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'id="message-error">[^<]*Please describe the barrier', html)
    assert re.search(r'id="page-error">[^<]*address of a page on this platform', html)
    assert re.search(r'id="email-error">[^<]*valid e-mail address', html)
    assert _value(html, "name") == "Ole"
    assert _value(html, "page") == "https://elsewhere.example/x"
    assert 'aria-invalid="true"' in html
    assert _rows() == []


def test_without_a_csrf_token_nothing_is_stored(app):
    client = browser(app)
    response = client.post("/accessibility", data={"message": MESSAGE})
    assert response.status_code == 400
    assert _rows() == []


def test_without_an_address_the_visitor_is_told_there_will_be_no_personal_answer(app):
    client = browser(app)
    response = submit(client, "/accessibility", {"message": MESSAGE})
    thanks = text_of(client.get(response.location))
    assert "we cannot answer you personally" in thanks
    # Opened again, the page no longer knows about a message.
    again = text_of(client.get("/accessibility/sent"))
    assert "cannot answer you personally" not in again


@pytest.mark.parametrize(
    ("given", "filled"),
    [
        ("/projects/12", "/projects/12"),
        ("/projects?q=garden", "/projects"),
        ("http://localhost/events", "/events"),
        ("https://elsewhere.example/projects", ""),
        ("//elsewhere.example/projects", ""),
        ("javascript:alert(1)", ""),
        ("/password/reset/secret-token", ""),
        ("/invitations/secret-token", ""),
    ],
)
def test_the_page_parameter_fills_in_same_site_pages_only(app, given, filled):
    client = browser(app)
    html = client.get("/accessibility", query_string={"page": given}).get_data(as_text=True)
    assert _value(html, "page") == filled


def test_the_page_the_visitor_came_from_is_filled_in_when_it_is_on_this_site(app):
    client = browser(app)
    came_from = client.get("/accessibility", headers={"Referer": "http://localhost/fund"})
    assert _value(came_from.get_data(as_text=True), "page") == "/fund"
    foreign = client.get("/accessibility", headers={"Referer": "https://elsewhere.example/fund"})
    assert _value(foreign.get_data(as_text=True), "page") == ""


def test_a_full_address_on_this_site_is_stored_as_its_path(app):
    client = browser(app)
    submit(client, "/accessibility", {"message": MESSAGE, "page": "http://localhost/events#x"})
    [row] = _rows()
    assert row.page_url == "/events"


def test_every_page_links_to_the_form_naming_itself(app):
    client = browser(app)
    html = client.get("/projects").get_data(as_text=True)
    assert 'href="/accessibility?page=/projects#feedback"' in html
    # A page whose address holds a secret is not named.
    reset = client.get("/password/reset/secret-token").get_data(as_text=True)
    assert 'href="/accessibility#feedback"' in reset
    assert "secret-token" not in reset.split("<footer", 1)[1]


def test_reports_are_rate_limited(app):
    limited = create_app(
        {
            **app.config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_FEEDBACK": "2 per minute",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": database_url(),
        }
    )
    client = limited.test_client()
    client.post("/language", data={"lang": "en", "next": "/"})
    answers = [
        client.post("/accessibility", data={"message": MESSAGE}).status_code for _ in range(3)
    ]
    assert answers == [302, 302, 429]
    assert "Please wait a moment and try again" in text_of(
        client.post("/accessibility", data={"message": MESSAGE})
    )
    assert client.get("/accessibility").status_code == 200
    with limited.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccessibilityFeedback)) == 2


# --- the operations, without HTTP --------------------------------------------------------------


def test_the_operations_refuse_what_the_rules_do_not_allow(ctx):
    citizen = UserFactory()
    admin = UserFactory(roles=[Role.ADMIN])
    with pytest.raises(OperationError) as error:
        feedback.submit_feedback(citizen, "   ")
    assert error.value.field == "message"
    with pytest.raises(OperationError) as error:
        feedback.submit_feedback(citizen, MESSAGE, page_url="https://elsewhere.example/")
    assert error.value.field == "page"

    row = feedback.submit_feedback(citizen, MESSAGE, page_url="/fund")
    with pytest.raises(PermissionDenied):
        feedback.answer_feedback(citizen, row, "Thanks")
    with pytest.raises(OperationError) as error:
        feedback.answer_feedback(admin, row, " ")
    assert error.value.field == "answer"
    assert feedback.answer_feedback(admin, row, "Fixed.") is None  # no address: nothing mailed
    with pytest.raises(OperationError):
        feedback.answer_feedback(admin, row, "Fixed again.")
    assert row.answer == "Fixed." and row.answered_by_id == admin.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.answer"))
    assert entry.actor_id == admin.id and entry.object_id == row.id
