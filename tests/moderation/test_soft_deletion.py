"""Soft deletion: what authors and teams delete disappears from every public place, stays for
the moderators, and comes back when a moderator restores it (the author is told, the audit log
and the history keep the decision)."""

from __future__ import annotations

from sqlalchemy import select

from civic.accounts.models import Role
from civic.core.models import AuditEntry
from civic.db import db, utcnow
from civic.moderation.models import ModerationAction
from civic.participation.models import Comment, Notification, ProjectUpdate
from civic.projects.models import Project
from civic.projects.workflow import ProjectState
from tests.factories import UserFactory, make_project
from tests.helpers import browser, fresh, submit, text_of
from tests.moderation.scenes import make_comment, make_update


def moderator():
    return UserFactory(roles=[Role.MODERATOR])


def notices_of(user_id: int) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id)))


def test_a_deleted_comment_keeps_its_place_and_comes_back(app):
    project = make_project()
    author = UserFactory()
    top = make_comment(project, author, body="Ein Wasserspender am Spielplatz wäre gut.")
    reply = make_comment(project, body="Finde ich auch!")
    reply.parent_id = top.id
    top.reply_count = 1
    db.session.commit()

    client = browser(app, author)
    submit(client, f"/comments/{top.id}/delete", {})
    page = text_of(browser(app).get(f"/projects/{project.id}"))
    assert "Wasserspender" not in page
    assert "This comment was deleted by its author." in page
    assert "Finde ich auch!" in page and "Comments (1)" in page

    mod = moderator()
    moderation = browser(app, mod)
    listing = text_of(moderation.get("/moderation/deleted"))
    assert "Wasserspender" in listing and author.display_name in listing
    url = f"/moderation/deleted/comment/{top.id}/restore"
    confirm = text_of(moderation.get(url))
    assert "Do you really want to restore this?" in confirm and "Wasserspender" in confirm
    assert fresh(Comment, top.id).deleted_at is not None  # asking changed nothing

    done = submit(moderation, url, {"note": "Versehentlich gelöscht."}, follow_redirects=True)
    assert "Restored. The author has been told." in text_of(done)
    assert "Nothing of this kind has been deleted." in text_of(done)
    restored = fresh(Comment, top.id)
    assert restored.deleted_at is None and restored.deleted_by_id is None
    assert "Wasserspender" in text_of(browser(app).get(f"/projects/{project.id}"))

    notice = notices_of(author.id)[-1]
    assert notice.kind == "moderation" and "Versehentlich gelöscht." in notice.body
    action = db.session.scalar(select(ModerationAction).where(ModerationAction.target_id == top.id))
    assert (action.action, action.moderator_id) == ("undelete", mod.id)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "moderation.undelete"))
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("comment", top.id, mod.id)


def test_deleted_news_leaves_the_page_the_list_and_the_feeds(app):
    project = make_project()
    item = make_update(project)
    team = browser(app, project.memberships[0].user)
    submit(team, f"/updates/{item.id}/delete", {})
    visitor = browser(app)
    assert "Erster Arbeitseinsatz" not in text_of(visitor.get(f"/projects/{project.id}"))
    assert "Erster Arbeitseinsatz" not in text_of(visitor.get(f"/projects/{project.id}/updates"))
    assert "Erster Arbeitseinsatz" not in visitor.get("/updates.atom").get_data(as_text=True)
    assert "Erster Arbeitseinsatz" not in visitor.get(
        f"/projects/{project.id}/updates.atom"
    ).get_data(as_text=True)
    assert visitor.get(f"/updates/{item.id}/edit").status_code in (401, 302, 404)
    assert team.get(f"/updates/{item.id}/edit").status_code == 404

    moderation = browser(app, moderator())
    listing = text_of(moderation.get("/moderation/deleted?kind=update"))
    assert "Erster Arbeitseinsatz" in listing and project.title in listing
    submit(moderation, f"/moderation/deleted/update/{item.id}/restore", {})
    assert fresh(ProjectUpdate, item.id).deleted_at is None
    assert "Erster Arbeitseinsatz" in visitor.get("/updates.atom").get_data(as_text=True)
    assert "hat Ihren gelöschten Beitrag" in notices_of(item.author_id)[-1].body


def test_a_deleted_draft_is_gone_for_its_team_until_a_moderator_restores_it(app):
    draft = make_project(title="Lastenrad-Verleih", state=ProjectState.DRAFT)
    initiator = draft.memberships[0].user
    team = browser(app, initiator)
    submit(team, f"/projects/{draft.id}/delete", {})
    assert team.get(f"/projects/{draft.id}").status_code == 404
    assert "Lastenrad-Verleih" not in text_of(team.get("/my/projects"))

    moderation = browser(app, moderator())
    listing = text_of(moderation.get("/moderation/deleted?kind=project"))
    assert "Lastenrad-Verleih" in listing and initiator.display_name in listing
    confirm = text_of(moderation.get(f"/moderation/deleted/project/{draft.id}/restore"))
    assert "Do you really want to restore this draft?" in confirm
    submit(moderation, f"/moderation/deleted/project/{draft.id}/restore", {})
    assert team.get(f"/projects/{draft.id}").status_code == 200
    assert "Lastenrad-Verleih" in text_of(team.get("/my/projects"))
    assert fresh(Project, draft.id).state is ProjectState.DRAFT
    assert "Lastenrad-Verleih" in notices_of(initiator.id)[-1].body


def test_only_moderators_and_admins_see_and_restore(app):
    comment = make_comment()
    comment.deleted_at = utcnow()
    db.session.commit()
    url = f"/moderation/deleted/comment/{comment.id}/restore"
    for person in (UserFactory(), UserFactory(roles=[Role.COORDINATOR])):
        client = browser(app, person)
        assert client.get("/moderation/deleted").status_code == 403
        assert client.get(url).status_code == 403
        assert submit(client, "/imprint", {}, action=url).status_code == 403
    assert browser(app).get("/moderation/deleted").status_code in (302, 401)
    assert fresh(Comment, comment.id).deleted_at is not None

    admin = browser(app, UserFactory(roles=[Role.ADMIN]))
    assert admin.get("/moderation/deleted").status_code == 200
    submit(admin, url, {})
    assert fresh(Comment, comment.id).deleted_at is None
    # An item that is not deleted cannot be restored; an unknown kind does not exist.
    assert admin.get(url).status_code == 404
    assert admin.get("/moderation/deleted?kind=user").status_code == 404


def test_the_note_is_checked_and_kept(app):
    comment = make_comment()
    comment.deleted_at = utcnow()
    db.session.commit()
    client = browser(app, moderator())
    url = f"/moderation/deleted/comment/{comment.id}/restore"
    response = submit(client, url, {"note": "<b>Bitte</b> so nicht"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in html and "&lt;b&gt;Bitte&lt;/b&gt; so nicht" in html
    assert fresh(Comment, comment.id).deleted_at is not None


def test_the_list_is_paginated_and_counts_each_kind(app):
    project = make_project()
    for n in range(27):
        comment = make_comment(project, body=f"Gelöschter Beitrag {n}")
        comment.deleted_at = utcnow()
    db.session.commit()
    client = browser(app, moderator())
    first = text_of(client.get("/moderation/deleted"))
    assert "Comments (27)" in first and "News of projects (0)" in first
    assert "Page 1 of 2" in first
    second = text_of(client.get("/moderation/deleted?page=2"))
    assert "Page 2 of 2" in second and second.count("Gelöschter Beitrag") >= 2
    empty = text_of(client.get("/moderation/deleted?kind=project"))
    assert "Nothing of this kind has been deleted." in empty


def test_deleting_the_account_removes_a_deleted_draft_for_good(app):
    from civic.accounts import privacy
    from civic.projects import operations as project_ops
    from tests.factories import PASSWORD

    draft = make_project(title="Privater Entwurf", state=ProjectState.DRAFT)
    draft_id, initiator = draft.id, draft.memberships[0].user
    with app.test_request_context():
        project_ops.delete_draft(initiator, draft)
        db.session.commit()
        assert fresh(Project, draft_id).deleted_at is not None
        privacy.delete_account(initiator, PASSWORD, confirmed=True)
        db.session.commit()
    assert fresh(Project, draft_id) is None
    assert "Privater Entwurf" not in text_of(
        browser(app, moderator()).get("/moderation/deleted?kind=project")
    )
