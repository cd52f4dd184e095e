"""Hiding, restoring and dismissing: the author is told, the reports are settled, everything
is in the history and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from civic.accounts.models import Role
from civic.core.models import AuditEntry
from civic.db import db
from civic.moderation.models import ModerationAction, Report, TargetKind
from civic.participation.models import Comment, Notification, ProjectUpdate
from civic.projects.models import Project
from tests.factories import UserFactory, make_project
from tests.helpers import browser, fresh, submit, text_of
from tests.moderation.scenes import make_comment, make_report, make_update


def moderator():
    return UserFactory(roles=[Role.MODERATOR])


def audit(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_hiding_a_comment_with_a_reason_tells_the_author(app):
    comment = make_comment()
    report = make_report(TargetKind.COMMENT, comment.id, message="Beleidigt Nachbarn.")
    mod = moderator()
    client = browser(app, mod)
    url = f"/moderation/comment/{comment.id}"
    page = text_of(client.get(url))
    assert "Das ist doch alles Unsinn" in page and "Beleidigt Nachbarn." in page
    response = submit(
        client,
        url,
        {"hide-template": "insult", "hide-reason": "Bitte sachlich bleiben."},
        action=f"{url}/hide",
    )
    assert response.status_code == 302
    hidden = fresh(Comment, comment.id)
    assert hidden.hidden_at is not None and hidden.hidden_by_id == mod.id
    assert "Bitte sachlich bleiben." in hidden.hidden_reason
    assert "Insult or discrimination" in hidden.hidden_reason
    settled = fresh(Report, report.id)
    assert settled.resolved_at is not None and settled.resolution == "hidden"
    notice = db.session.scalar(
        select(Notification).where(Notification.user_id == comment.author_id)
    )
    assert notice.kind == "moderation"
    assert "Bitte sachlich bleiben." in notice.body
    assert notice.link.endswith(f"/projects/{comment.project_id}#comment-{comment.id}")
    action = db.session.scalar(select(ModerationAction))
    assert (action.action, action.target_id) == ("hide", comment.id)
    assert audit("moderation.hide")[0].object_id == comment.id
    # The moderator still reads the full text; the history shows the decision.
    page = text_of(client.get(url))
    assert "Das ist doch alles Unsinn" in page and "Hidden" in page
    assert "0 items waiting" in text_of(client.get("/moderation"))


def test_hiding_needs_a_reason(app):
    comment = make_comment()
    client = browser(app, moderator())
    url = f"/moderation/comment/{comment.id}"
    response = submit(client, url, {"hide-template": "", "hide-reason": ""}, action=f"{url}/hide")
    assert response.status_code == 200
    assert "Please choose a reason or write one." in text_of(response)
    assert fresh(Comment, comment.id).hidden_at is None


def test_restoring_shows_the_item_again_and_tells_the_author(app):
    update = make_update()
    client = browser(app, moderator())
    url = f"/moderation/update/{update.id}"
    submit(client, url, {"hide-template": "spam"}, action=f"{url}/hide")
    make_report(TargetKind.UPDATE, update.id)
    response = submit(client, url, {"restore-reason": "Doch kein Spam."}, action=f"{url}/restore")
    assert response.status_code == 302
    restored = fresh(ProjectUpdate, update.id)
    assert restored.hidden_at is None and restored.hidden_reason == ""
    assert db.session.scalar(select(Report)).resolution == "restored"
    bodies = [
        n.body
        for n in db.session.scalars(
            select(Notification).where(Notification.user_id == update.author_id)
        )
    ]
    assert any("Doch kein Spam." in body for body in bodies)
    assert audit("moderation.restore")


def test_dismissing_settles_the_reports_and_keeps_the_item(app):
    comment = make_comment(body="Ganz harmlos.")
    first = make_report(TargetKind.COMMENT, comment.id)
    second = make_report(TargetKind.COMMENT, comment.id)
    client = browser(app, moderator())
    url = f"/moderation/comment/{comment.id}"
    response = submit(client, url, {"dismiss-reason": ""}, action=f"{url}/dismiss")
    assert response.status_code == 302
    assert fresh(Comment, comment.id).hidden_at is None
    assert {fresh(Report, r.id).resolution for r in (first, second)} == {"dismissed"}
    assert audit("moderation.dismiss")
    assert db.session.scalar(select(ModerationAction)).action == "dismiss"


def test_the_item_page_is_for_moderators_only(app):
    comment = make_comment()
    author = comment.author
    url = f"/moderation/comment/{comment.id}"
    assert browser(app, UserFactory()).get(url).status_code == 403
    assert browser(app, author).get(url).status_code == 403
    assert browser(app, moderator()).get("/moderation/comment/999999").status_code == 404
    assert browser(app, moderator()).get("/moderation/user/1").status_code == 404


@pytest.fixture
def hidden_project(app):
    team_member = UserFactory()
    project = make_project(title="Uhren-Werbung im Großen Garten", members=[team_member])
    client = browser(app, moderator())
    url = f"/moderation/project/{project.id}"
    submit(
        client,
        url,
        {"hide-template": "spam", "hide-reason": "Reine Werbung."},
        action=f"{url}/hide",
    )
    project = fresh(Project, project.id)
    assert project.hidden_at is not None
    project.team_ids = {m.user_id for m in project.memberships}
    return project, team_member


def test_a_hidden_project_leaves_the_list_and_its_page_shows_the_notice(app, hidden_project):
    project, team_member = hidden_project
    citizen = browser(app, UserFactory())
    assert "Uhren-Werbung" not in text_of(citizen.get("/projects"))
    assert "Uhren-Werbung" not in text_of(citizen.get("/"))
    page = citizen.get(f"/projects/{project.id}")
    assert page.status_code == 200
    assert "Hidden by moderation" in text_of(page) and "Reine Werbung." in text_of(page)
    assert "Uhren-Werbung" not in text_of(page) and project.summary not in text_of(page)
    # The team and the moderators still read it, with the notice.
    for person in (team_member, moderator()):
        page = text_of(browser(app, person).get(f"/projects/{project.id}"))
        assert project.summary in page and "Hidden by moderation" in page
    # The team was told.
    told = {
        n.user_id
        for n in db.session.scalars(select(Notification).where(Notification.kind == "moderation"))
    }
    assert project.team_ids <= told


def test_the_pages_of_a_hidden_project_are_gone_for_others(app, hidden_project):
    project, team_member = hidden_project
    pages = (f"/projects/{project.id}/timeline", f"/projects/{project.id}/comments")
    for page in pages:
        assert browser(app, UserFactory()).get(page).status_code == 404
        assert browser(app).get(page).status_code == 404
        assert browser(app, team_member).get(page).status_code == 200
        assert browser(app, moderator()).get(page).status_code == 200


def test_a_restored_project_is_listed_again(app, hidden_project):
    project, _member = hidden_project
    client = browser(app, moderator())
    url = f"/moderation/project/{project.id}"
    submit(client, url, {"restore-reason": "Versehen."}, action=f"{url}/restore")
    assert fresh(Project, project.id).hidden_at is None
    assert "Uhren-Werbung" in text_of(browser(app, UserFactory()).get("/projects"))
