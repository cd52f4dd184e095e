"""Reporting a project, a comment or an update."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from civic import create_app
from civic.db import db, utcnow
from civic.moderation.models import Report, ReportReason, TargetKind
from civic.projects.workflow import ProjectState
from tests.conftest import database_url
from tests.factories import PASSWORD, UserFactory, make_project
from tests.helpers import browser, submit, text_of
from tests.moderation.scenes import make_comment, make_update


def reports() -> int:
    return db.session.scalar(select(func.count()).select_from(Report)) or 0


def test_a_citizen_reports_a_comment_and_goes_back_to_it(app):
    comment = make_comment()
    client = browser(app, UserFactory())
    url = f"/report/comment/{comment.id}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Das ist doch alles Unsinn" in text_of(page)
    response = submit(client, url, {"reason": "insult", "message": "Beleidigend."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/projects/{comment.project_id}#comment-{comment.id}"
    )
    report = db.session.scalar(select(Report))
    assert (report.target_kind, report.target_id) == (TargetKind.COMMENT, comment.id)
    assert report.reason is ReportReason.INSULT and report.message == "Beleidigend."
    assert "The moderators will look at your report" in text_of(client.get("/imprint"))


@pytest.mark.parametrize("kind", ["project", "update"])
def test_projects_and_updates_can_be_reported(app, kind):
    update = make_update()
    target_id = update.project_id if kind == "project" else update.id
    client = browser(app, UserFactory())
    response = submit(client, f"/report/{kind}/{target_id}", {"reason": "spam"})
    assert response.status_code == 302
    assert reports() == 1


def test_reporting_twice_is_refused_with_a_clear_message(app):
    comment = make_comment()
    client = browser(app, UserFactory())
    url = f"/report/comment/{comment.id}"
    submit(client, url, {"reason": "insult"})
    page = client.get(url)
    assert "You have reported this already; the moderators will look at it." in text_of(page)
    # Posting anyway (an old tab): the same message, no second report.
    response = client.post(
        url, data={"reason": "spam", "csrf_token": _token(client, comment.project_id)}
    )
    assert response.status_code == 200
    assert "You have reported this already" in text_of(response)
    assert reports() == 1


def _token(client, project_id):
    from tests.helpers import csrf_token

    return csrf_token(client, f"/report/project/{project_id}")


def test_a_settled_report_allows_a_new_one(app):
    comment = make_comment()
    reporter = UserFactory()
    client = browser(app, reporter)
    submit(client, f"/report/comment/{comment.id}", {"reason": "insult"})
    report = db.session.scalar(select(Report))
    report.resolved_at = utcnow()
    db.session.commit()
    assert submit(client, f"/report/comment/{comment.id}", {"reason": "other"}).status_code == 302
    assert reports() == 2


def test_a_reason_is_required(app):
    comment = make_comment()
    client = browser(app, UserFactory())
    response = submit(client, f"/report/comment/{comment.id}", {"reason": ""})
    assert response.status_code == 200
    assert "Please choose a reason." in text_of(response)
    assert reports() == 0


def test_a_blocked_person_cannot_report_and_is_told_why(app):
    comment = make_comment()
    blocked = UserFactory(blocked_at=utcnow(), blocked_until=utcnow() + timedelta(days=3))
    client = browser(app, blocked)
    url = f"/report/comment/{comment.id}"
    page = client.get(url)
    assert page.status_code == 403
    assert "Your account is blocked" in text_of(page)
    assert "cannot post" in text_of(page)
    response = client.post(url, data={"reason": "spam"})
    assert response.status_code in (400, 403)
    assert reports() == 0


def test_visitors_are_sent_to_sign_in(client):
    comment = make_comment()
    response = client.get(f"/report/comment/{comment.id}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "url", ["/report/user/1", "/report/comments/1", "/report/comment/999999", "/report/project/0"]
)
def test_unknown_kinds_and_items_are_not_found(app, url):
    client = browser(app, UserFactory())
    assert client.get(url).status_code == 404


def test_what_the_reporter_cannot_see_cannot_be_reported(app):
    draft = make_project(state=ProjectState.DRAFT)
    hidden = make_comment()
    hidden.hidden_at = utcnow()
    deleted = make_comment()
    deleted.deleted_at = utcnow()
    db.session.commit()
    client = browser(app, UserFactory())
    for url in (
        f"/report/project/{draft.id}",
        f"/report/comment/{hidden.id}",
        f"/report/comment/{deleted.id}",
    ):
        assert client.get(url).status_code == 404, url


def test_the_project_page_offers_the_report_link(app):
    project = make_project()
    page = browser(app, UserFactory()).get(f"/projects/{project.id}")
    assert f"/report/project/{project.id}" in page.get_data(as_text=True)


def test_reporting_is_rate_limited_with_a_friendly_message(app):
    limited = create_app(
        {
            **app.config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_POSTING": "2 per minute",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": database_url(),
        }
    )
    reporter = UserFactory()
    comments = [make_comment() for _ in range(4)]
    client = limited.test_client()
    client.post("/language", data={"lang": "en", "next": "/"})
    assert (
        client.post("/login", data={"email": reporter.email, "password": PASSWORD}).status_code
        == 302
    )
    answers = [
        client.post(f"/report/comment/{c.id}", data={"reason": "spam"}).status_code
        for c in comments[:3]
    ]
    assert answers == [302, 302, 429]
    page = client.post(f"/report/comment/{comments[3].id}", data={"reason": "spam"})
    assert "Please wait a moment and try again" in text_of(page)
    assert reports() == 2
