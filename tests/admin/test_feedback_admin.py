"""Admins read the feedback on accessibility, newest first, and answer it; the answer goes to
the sender by mail. Nobody else sees these pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from civic.accounts.models import Role
from civic.core.models import AccessibilityFeedback, AuditEntry, FeedbackStatus
from civic.db import db, utcnow
from tests.factories import UserFactory
from tests.helpers import browser, fresh, post, submit, text_of


def make_feedback(**fields: object) -> AccessibilityFeedback:
    values: dict[str, object] = {
        "message": "The map cannot be closed with the keyboard.",
        "name": "Mia Muster",
        "email": "mia@example.org",
        "page_url": "/map",
        "status": FeedbackStatus.NEW,
        "answer": "",
    }
    values.update(fields)
    row = AccessibilityFeedback(**values)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.mark.parametrize(
    "role", [None, "citizen", Role.MODERATOR, Role.COORDINATOR, Role.FUND_OFFICER]
)
def test_only_admins_see_the_feedback(app, role):
    item = make_feedback()
    client = browser(
        app, None if role is None else UserFactory(roles=[] if role == "citizen" else [role])
    )
    expected = 302 if role is None else 403
    for url in ("/admin/feedback", f"/admin/feedback/{item.id}"):
        assert client.get(url).status_code == expected, url
    assert post(client, f"/admin/feedback/{item.id}", {"answer": "x"}).status_code == expected
    assert fresh(AccessibilityFeedback, item.id).status is FeedbackStatus.NEW
    # The admin area's overview does not show them the count either.
    if role is Role.COORDINATOR:
        assert "reports on accessibility" not in text_of(client.get("/admin/"))


def test_the_list_is_newest_first_filtered_and_the_overview_counts_the_new(app):
    admin = UserFactory(roles=[Role.ADMIN])
    now = utcnow()
    make_feedback(message="Older report about contrast", created_at=now - timedelta(days=2))
    make_feedback(message="Newer report about headings", created_at=now - timedelta(days=1))
    make_feedback(
        message="Answered report about a form",
        status=FeedbackStatus.ANSWERED,
        answer="Done.",
        answered_at=now,
        answered_by_id=admin.id,
    )
    client = browser(app, admin)
    assert "2 new reports on accessibility" in text_of(client.get("/admin/"))

    everything = text_of(client.get("/admin/feedback"))
    assert everything.index("Answered report") < everything.index("Newer report")
    assert everything.index("Newer report") < everything.index("Older report")
    assert "2 new reports" in everything

    new = text_of(client.get("/admin/feedback?status=new"))
    assert "Newer report" in new and "Older report" in new and "Answered report" not in new
    answered = text_of(client.get("/admin/feedback?status=answered"))
    assert "Answered report" in answered and "Newer report" not in answered


def test_the_list_is_paginated_and_says_when_it_is_empty(app):
    admin = UserFactory(roles=[Role.ADMIN])
    client = browser(app, admin)
    assert "No barrier has been reported yet." in text_of(client.get("/admin/feedback"))
    assert "No report with this status." in text_of(client.get("/admin/feedback?status=new"))
    now = utcnow()
    for n in range(26):
        make_feedback(message=f"Report number {n:02d}", created_at=now - timedelta(minutes=n))
    first = text_of(client.get("/admin/feedback"))
    assert "Report number 00" in first and "Report number 25" not in first
    assert "Page 1 of 2" in first
    second = text_of(client.get("/admin/feedback?page=2"))
    assert "Report number 25" in second and "Report number 00" not in second


def test_an_admin_answers_and_the_sender_gets_the_answer_by_mail(app, mailbox):
    admin = UserFactory(roles=[Role.ADMIN], display_name="Ada Admin")
    item = make_feedback()
    client = browser(app, admin)
    detail = text_of(client.get(f"/admin/feedback/{item.id}"))
    assert "The map cannot be closed with the keyboard." in detail
    assert "mia@example.org" in detail and "/map" in detail

    response = submit(
        client,
        f"/admin/feedback/{item.id}",
        {"answer": "Thank you! Escape now closes the map."},
    )
    assert response.status_code == 302
    page = text_of(client.get(response.location))
    assert "The answer is saved and was sent to mia@example.org." in page
    assert "Answered on" in page and "Ada Admin" in page
    assert "The answer was sent by e-mail to mia@example.org." in page
    assert 'name="answer"' not in client.get(response.location).get_data(as_text=True)

    row = fresh(AccessibilityFeedback, item.id)
    assert row.status is FeedbackStatus.ANSWERED
    assert row.answer == "Thank you! Escape now closes the map."
    assert row.answered_by_id == admin.id and row.answered_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.answer"))
    assert entry.actor_id == admin.id and entry.object_id == item.id
    assert entry.details["mailed"] is True

    mail = mailbox.last_to("mia@example.org")
    body = mailbox.body(mail)
    assert "Hallo Mia Muster," in body
    assert "Thank you! Escape now closes the map." in body
    assert "> The map cannot be closed with the keyboard." in body
    assert "http://localhost/accessibility" in body
    assert "0 new reports on accessibility" in text_of(client.get("/admin/"))


def test_without_an_address_the_answer_is_saved_and_the_admin_told_so(app, mailbox):
    admin = UserFactory(roles=[Role.ADMIN])
    item = make_feedback(name="", email="")
    client = browser(app, admin)
    assert "cannot be sent" in text_of(client.get(f"/admin/feedback/{item.id}"))
    response = submit(client, f"/admin/feedback/{item.id}", {"answer": "Fixed."})
    page = text_of(client.get(response.location))
    assert "It was not sent: the sender gave no e-mail address." in page
    assert "The answer was not sent by e-mail." in page
    assert mailbox.messages == []


def test_an_empty_answer_is_refused_next_to_the_field(app, mailbox):
    admin = UserFactory(roles=[Role.ADMIN])
    item = make_feedback()
    client = browser(app, admin)
    response = submit(client, f"/admin/feedback/{item.id}", {"answer": "   "})
    assert response.status_code == 200
    assert 'id="answer-error"' in response.get_data(as_text=True)
    assert fresh(AccessibilityFeedback, item.id).status is FeedbackStatus.NEW
    assert mailbox.messages == []


def test_an_answered_report_cannot_be_answered_again(app, mailbox):
    admin = UserFactory(roles=[Role.ADMIN])
    item = make_feedback(
        status=FeedbackStatus.ANSWERED,
        answer="First answer.",
        answered_at=utcnow(),
        answered_by_id=admin.id,
    )
    client = browser(app, admin)
    url = f"/admin/feedback/{item.id}"
    submit(client, "/admin/feedback", {"answer": "Second answer."}, action=url)
    assert fresh(AccessibilityFeedback, item.id).answer == "First answer."
    assert mailbox.messages == []


def test_an_unknown_report_is_not_found(app):
    client = browser(app, UserFactory(roles=[Role.ADMIN]))
    assert client.get("/admin/feedback/999999").status_code == 404


def test_only_a_page_of_this_site_is_linked(app):
    client = browser(app, UserFactory(roles=[Role.ADMIN]))
    ours = make_feedback(page_url="/events")
    html = client.get(f"/admin/feedback/{ours.id}").get_data(as_text=True)
    assert 'href="/events"' in html
    odd = make_feedback(page_url="javascript:alert(1)")
    html = client.get(f"/admin/feedback/{odd.id}").get_data(as_text=True)
    assert "javascript:alert(1)" in html and 'href="javascript:' not in html
