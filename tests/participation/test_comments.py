"""Comments on a project, as a citizen notices them: posting and replying, Markdown without
script, editing within the time limit, deletion that keeps the place, blocked people, and a
project page that stays fast with thousands of comments."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import insert, select

from civic.accounts.models import User
from civic.db import db, utcnow
from civic.participation.models import Comment, Follow, FollowKind, Notification
from civic.projects.workflow import ProjectState
from tests.factories import UserFactory, make_project
from tests.helpers import browser, fresh, submit, text_of


def comment(client, project, body, parent=None, follow=True):
    data = {"body": body}
    if parent is not None:
        data["parent_id"] = str(parent.id)
    return submit(
        client,
        f"/projects/{project.id}",
        data,
        action=f"/projects/{project.id}/comments",
        follow_redirects=follow,
    )


def only_comment(project, **where):
    return db.session.scalars(
        select(Comment).filter_by(project_id=project.id, **where).order_by(Comment.id)
    ).all()


def test_a_citizen_comments_and_another_replies(app):
    project = make_project(title="Gemeinschaftsgarten")
    clara, ben = UserFactory(display_name="Clara"), UserFactory(display_name="Ben")
    page = comment(browser(app, clara), project, "Tolle Idee, ich bringe **Setzlinge** mit!")
    assert page.status_code == 200
    assert "Your comment is published." in text_of(page)
    assert "<strong>Setzlinge</strong>" in page.get_data(as_text=True)
    (top,) = only_comment(project)

    reply = comment(browser(app, ben), project, "Super, ich helfe beim Pflanzen.", parent=top)
    assert "Ben" in text_of(reply) and "ich helfe beim Pflanzen" in text_of(reply)
    assert fresh(Comment, top.id).reply_count == 1
    # The reply sits under the comment it answers.
    html = browser(app).get(f"/projects/{project.id}").get_data(as_text=True)
    assert html.index(f'id="comment-{top.id}"') < html.index("ich helfe beim Pflanzen")


def test_the_team_hears_of_a_comment_and_the_author_of_a_reply(app):
    initiator = UserFactory()
    project = make_project(initiator)
    clara, ben = UserFactory(), UserFactory()
    comment(browser(app, clara), project, "Wann geht es los?")
    (top,) = only_comment(project)
    notes = db.session.scalars(select(Notification).where(Notification.kind == "comments")).all()
    assert [n.user_id for n in notes] == [initiator.id]
    comment(browser(app, ben), project, "Im April!", parent=top)
    to_clara = db.session.scalars(select(Notification).where(Notification.user_id == clara.id))
    assert [n.kind for n in to_clara] == ["comments"]


def test_commenting_makes_the_author_follow_the_project(app):
    project = make_project()
    clara = UserFactory()
    comment(browser(app, clara), project, "Ich bin dabei.")
    assert db.session.scalar(
        select(Follow).where(
            Follow.user_id == clara.id,
            Follow.kind == FollowKind.PROJECT,
            Follow.target_id == project.id,
        )
    )


def test_a_reply_to_a_reply_is_refused(app):
    project = make_project()
    clara = UserFactory()
    client = browser(app, clara)
    comment(client, project, "Erster Gedanke")
    (top,) = only_comment(project)
    comment(client, project, "Antwort", parent=top)
    reply = only_comment(project, parent_id=top.id)[0]
    page = comment(client, project, "Antwort auf die Antwort", parent=reply)
    assert "You can only reply to a comment, not to a reply." in text_of(page)
    assert len(only_comment(project)) == 2


def test_script_and_markup_are_removed(app):
    project = make_project()
    client = browser(app, UserFactory())
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[klick](javascript:alert(3)) <b onmouseover=alert(4)>fett</b>"
    )
    comment(client, project, hostile)
    html = client.get(f"/projects/{project.id}").get_data(as_text=True)
    section = html[html.index('id="comments"') :]
    assert "<script>alert" not in section
    # No element carries an event handler or a script link; the markup shows as text.
    assert not re.search(r"<[^>]*\son\w+=", section)
    assert 'href="javascript:' not in section
    assert "&lt;script&gt;" in section
    (stored,) = only_comment(project)
    assert "<script" not in stored.body_html and "<img" not in stored.body_html


def test_editing_within_the_limit_shows_edited_and_later_is_refused(app):
    project = make_project()
    clara = UserFactory()
    client = browser(app, clara)
    comment(client, project, "Ein Tippfehlr")
    (mine,) = only_comment(project)
    page = submit(
        client, f"/comments/{mine.id}/edit", {"body": "Ein Tippfehler"}, follow_redirects=True
    )
    assert "Ein Tippfehler" in text_of(page)
    assert "edited" in text_of(page)
    assert fresh(Comment, mine.id).edited_at is not None

    mine = fresh(Comment, mine.id)
    mine.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    late = client.get(f"/comments/{mine.id}/edit", follow_redirects=True)
    assert "within 15 minutes" in text_of(late)
    assert f"/comments/{mine.id}/edit" not in client.get(f"/projects/{project.id}").get_data(
        as_text=True
    )
    # A form kept open too long is refused when sent, and the text is kept in the form.
    token_page = client.get(f"/projects/{project.id}")
    assert token_page.status_code == 200
    refused = submit(
        client, f"/projects/{project.id}", {"body": "Zu spät"}, action=(f"/comments/{mine.id}/edit")
    )
    assert "within 15 minutes" in text_of(refused)
    assert fresh(Comment, mine.id).body_markdown == "Ein Tippfehler"


def test_only_the_author_edits_or_deletes(app):
    project = make_project()
    comment(browser(app, UserFactory()), project, "Meins")
    (theirs,) = only_comment(project)
    other = browser(app, UserFactory())
    assert other.get(f"/comments/{theirs.id}/edit").status_code == 403
    assert other.get(f"/comments/{theirs.id}/delete").status_code == 403
    assert browser(app).get(f"/comments/{theirs.id}/edit").status_code in (302, 401)


def test_deleting_keeps_the_place_and_the_replies(app):
    project = make_project()
    clara, ben = UserFactory(), UserFactory(display_name="Ben")
    clara_client = browser(app, clara)
    comment(clara_client, project, "Das nehme ich zurück")
    (top,) = only_comment(project)
    comment(browser(app, ben), project, "Eine Antwort bleibt", parent=top)

    confirm = clara_client.get(f"/comments/{top.id}/delete")
    assert "Do you really want to delete your comment?" in text_of(confirm)
    assert fresh(Comment, top.id).deleted_at is None
    done = submit(clara_client, f"/comments/{top.id}/delete", {}, follow_redirects=True)
    assert "Your comment is deleted." in text_of(done)
    page = text_of(browser(app).get(f"/projects/{project.id}"))
    assert "Das nehme ich zurück" not in page
    assert "This comment was deleted by its author." in page
    assert "Eine Antwort bleibt" in page
    # The moderators keep the text, to restore the comment if it was deleted by mistake.
    deleted = fresh(Comment, top.id)
    assert deleted.body_markdown == "Das nehme ich zurück" and deleted.deleted_by_id is not None


def test_replying_to_a_deleted_or_hidden_comment_is_refused(app):
    project = make_project()
    comment(browser(app, UserFactory()), project, "Weg damit")
    comment(browser(app, UserFactory()), project, "Versteckt")
    deleted, hidden = only_comment(project)
    deleted.deleted_at = utcnow()
    hidden.hidden_at = utcnow()
    db.session.commit()
    client = browser(app, UserFactory())
    page = comment(client, project, "Hallo?", parent=deleted)
    assert "This comment has been deleted, so it can no longer be answered." in text_of(page)
    page = comment(client, project, "Hallo?", parent=hidden)
    assert "hidden by moderation, so it can no longer be answered" in text_of(page)
    assert len(only_comment(project)) == 2


def test_a_blocked_user_cannot_comment_and_is_told_why(app):
    project = make_project()
    blocked = UserFactory()
    client = browser(app, blocked)
    fresh(User, blocked.id).blocked_at = utcnow()
    db.session.commit()
    page = comment(client, project, "Ich darf doch?")
    assert "Your account is blocked by the moderation team" in text_of(page)
    assert only_comment(project) == []
    assert 'id="comment-body"' not in client.get(f"/projects/{project.id}").get_data(as_text=True)


def test_hidden_comments_show_a_note_and_moderators_see_the_text(app):
    from civic.accounts.models import Role

    project = make_project()
    author = UserFactory()
    comment(browser(app, author), project, "Etwas Unschönes")
    (item,) = only_comment(project)
    item.hidden_at = utcnow()
    item.hidden_reason = "Beleidigung"
    db.session.commit()
    visitor = text_of(browser(app).get(f"/projects/{project.id}"))
    assert "Hidden by moderation" in visitor and "Etwas Unschönes" not in visitor
    moderator = browser(app, UserFactory(roles=[Role.MODERATOR]))
    seen = text_of(moderator.get(f"/projects/{project.id}"))
    assert "Hidden by moderation" in seen and "Etwas Unschönes" in seen

    # A blocked author's comments are hidden while the block holds.
    fresh(Comment, item.id).hidden_at = None
    fresh(User, author.id).blocked_at = utcnow()
    db.session.commit()
    assert "Etwas Unschönes" not in text_of(browser(app).get(f"/projects/{project.id}"))


def test_visitors_read_but_are_asked_to_sign_in(app):
    project = make_project()
    comment(browser(app, UserFactory()), project, "Öffentlich lesbar")
    page = browser(app).get(f"/projects/{project.id}")
    assert "Öffentlich lesbar" in text_of(page)
    assert "Sign in to comment" in text_of(page)
    response = browser(app).post(f"/projects/{project.id}/comments", data={"body": "x"})
    assert response.status_code in (400, 401, 302)
    assert only_comment(project)[0].body_markdown == "Öffentlich lesbar"


def test_a_withdrawn_project_takes_no_comments(app):
    project = make_project(state=ProjectState.WITHDRAWN)
    client = browser(app, UserFactory())
    page = client.get(f"/projects/{project.id}")
    assert "it takes no new comments" in text_of(page)
    response = comment(client, project, "Schade", follow=False)
    assert response.status_code == 403


def _bulk_comments(project, author, count, start):
    rows = [
        {
            "project_id": project.id,
            "author_id": author.id,
            "body_markdown": f"Kommentar {i}",
            "body_html": f"<p>Kommentar {i}</p>",
            "created_at": start + timedelta(seconds=i),
            "hidden_reason": "",
            "reply_count": 0,
        }
        for i in range(count)
    ]
    db.session.execute(insert(Comment), rows)
    db.session.commit()


def _bulk_replies(project, author, parents, start):
    rows = [
        {
            "project_id": project.id,
            "parent_id": parent_id,
            "author_id": author.id,
            "body_markdown": f"Antwort auf {parent_id}",
            "body_html": f"<p>Antwort auf {parent_id}</p>",
            "created_at": start + timedelta(seconds=n),
            "hidden_reason": "",
            "reply_count": 0,
        }
        for n, parent_id in enumerate(parents)
    ]
    db.session.execute(insert(Comment), rows)
    db.session.commit()


def test_project_page_with_5000_comments_uses_a_fixed_number_of_queries(app, count_queries):
    project = make_project()
    viewer = UserFactory()
    authors = [UserFactory() for _ in range(3)]
    client = browser(app, viewer)
    start = utcnow() - timedelta(days=30)

    _bulk_comments(project, authors[0], 3, start)
    few = only_comment(project)
    _bulk_replies(project, authors[1], [few[0].id, few[1].id], start + timedelta(hours=1))
    client.get(f"/projects/{project.id}")
    count_queries.statements.clear()
    assert client.get(f"/projects/{project.id}").status_code == 200
    with_three = count_queries.count

    _bulk_comments(project, authors[2], 5000, start + timedelta(days=1))
    newest = db.session.scalars(
        select(Comment)
        .where(Comment.project_id == project.id, Comment.parent_id.is_(None))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(25)
    ).all()
    # Replies to many of the newest comments, and some to old ones.
    _bulk_replies(
        project,
        authors[0],
        [c.id for c in newest for _ in range(3)] + [few[2].id] * 50,
        start + timedelta(days=2),
    )
    count_queries.statements.clear()
    page = client.get(f"/projects/{project.id}")
    assert page.status_code == 200
    assert count_queries.count == with_three, count_queries.statements

    html = page.get_data(as_text=True)
    shown = [c for c in newest[:20] if f'id="comment-{c.id}"' in html]
    assert len(shown) == 20
    assert f'id="comment-{newest[20].id}"' not in html
    assert html.index(f'id="comment-{newest[0].id}"') < html.index(f'id="comment-{newest[19].id}"')
    assert f"Antwort auf {newest[0].id}" in html
    # 5,003 comments: past the count limit the heading says "more than 1,000" (in the viewer's
    # language), which costs the same however long the discussion is.
    assert re.search(r"\((mehr als 1\.000|more than 1,000)\)", text_of(page))


def test_the_comments_page_pages_through_older_comments(app):
    project = make_project()
    _bulk_comments(project, UserFactory(), 45, utcnow() - timedelta(days=3))
    client = browser(app)
    first = client.get(f"/projects/{project.id}/comments")
    assert "Kommentar 44" in text_of(first) and "Kommentar 24 " not in text_of(first) + " "
    older = re.search(r'href="([^"]*after=[^"]+)"[^>]*rel="next"', first.get_data(as_text=True))
    assert older
    second = client.get(older.group(1).replace("&amp;", "&"))
    assert "Kommentar 24" in text_of(second) and "Kommentar 44" not in text_of(second)
