"""Project news as people notice them: the team posts, edits and deletes them, the project
page and the news page show them, followers are notified, and the Atom feeds carry them."""

from __future__ import annotations

import io
from xml.etree import ElementTree as ET

from PIL import Image
from sqlalchemy import select

from civic.db import db, utcnow
from civic.participation.models import Follow, FollowKind, Notification, ProjectUpdate
from civic.projects.workflow import ProjectState
from tests.factories import UserFactory, make_project
from tests.helpers import browser, fresh, submit, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


def post_news(client, project, title="Die ersten Beete", body="Danke an alle!", **more):
    return submit(
        client,
        f"/projects/{project.id}/updates/new",
        {"title": title, "body": body, **more},
        follow_redirects=True,
    )


def follow(user, project):
    db.session.add(Follow(user_id=user.id, kind=FollowKind.PROJECT, target_id=project.id))
    db.session.commit()


def png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(data, format="PNG")
    data.seek(0)
    return data


def test_the_team_posts_news_and_followers_hear_of_it(app):
    initiator, member = UserFactory(), UserFactory()
    project = make_project(initiator, members=[member])
    clara, ben = UserFactory(), UserFactory()
    follow(clara, project)
    follow(ben, project)
    follow(member, project)

    page = post_news(browser(app, member), project)
    assert "Your news is published." in text_of(page)
    assert "Die ersten Beete" in text_of(page)
    detail = text_of(browser(app).get(f"/projects/{project.id}"))
    assert "News from the team" in detail and "Die ersten Beete" in detail

    notes = db.session.scalars(select(Notification).where(Notification.kind == "updates")).all()
    # Everyone following the project except the author.
    assert sorted(n.user_id for n in notes) == sorted([clara.id, ben.id])
    assert all("Die ersten Beete" in n.subject for n in notes)


def test_only_the_team_posts_news(app):
    project = make_project()
    outsider = browser(app, UserFactory())
    assert outsider.get(f"/projects/{project.id}/updates/new").status_code == 403
    assert browser(app).get(f"/projects/{project.id}/updates/new").status_code in (302, 401)
    assert "Post news" not in text_of(outsider.get(f"/projects/{project.id}"))
    assert db.session.scalar(select(ProjectUpdate)) is None


def test_a_completed_project_takes_no_news(app):
    initiator = UserFactory()
    project = make_project(initiator, state=ProjectState.COMPLETED)
    client = browser(app, initiator)
    assert client.get(f"/projects/{project.id}/updates/new").status_code == 403


def test_an_image_needs_a_description(app):
    initiator = UserFactory()
    project = make_project(initiator)
    client = browser(app, initiator)
    page = post_news(client, project, image=(png(), "beet.png"))
    assert "Please describe the image" in text_of(page)
    assert db.session.scalar(select(ProjectUpdate)) is None
    page = post_news(client, project, image=(png(), "beet.png"), image_alt="Ein frisches Beet")
    item = db.session.scalar(select(ProjectUpdate))
    assert item.image_filename and 'alt="Ein frisches Beet"' in page.get_data(as_text=True)
    image = client.get(f"/updates/{item.id}/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    image.close()


def test_the_team_edits_and_deletes_news(app):
    initiator = UserFactory()
    project = make_project(initiator)
    client = browser(app, initiator)
    post_news(client, project)
    item = db.session.scalar(select(ProjectUpdate))
    page = submit(
        client,
        f"/updates/{item.id}/edit",
        {"title": "Die Beete sind bepflanzt", "body": "Und gegossen."},
        follow_redirects=True,
    )
    assert "Die Beete sind bepflanzt" in text_of(page) and "edited" in text_of(page)
    assert browser(app, UserFactory()).get(f"/updates/{item.id}/edit").status_code == 403

    confirm = client.get(f"/updates/{item.id}/delete")
    assert "Do you really want to delete the news" in text_of(confirm)
    done = submit(client, f"/updates/{item.id}/delete", {}, follow_redirects=True)
    assert "The news is deleted." in text_of(done)
    assert "Die Beete sind bepflanzt" not in text_of(done)
    assert fresh(ProjectUpdate, item.id).deleted_at is not None


def test_the_project_page_shows_the_latest_three(app):
    initiator = UserFactory()
    project = make_project(initiator)
    client = browser(app, initiator)
    for n in range(5):
        post_news(client, project, title=f"Neuigkeit Nummer {n}")
    page = text_of(browser(app).get(f"/projects/{project.id}"))
    assert "Neuigkeit Nummer 4" in page and "Neuigkeit Nummer 2" in page
    assert "Neuigkeit Nummer 1" not in page
    assert "All news of the project" in page
    everything = text_of(browser(app).get(f"/projects/{project.id}/updates"))
    assert all(f"Neuigkeit Nummer {n}" in everything for n in range(5))


def test_the_feeds_parse_escape_and_leave_hidden_news_out(app):
    initiator = UserFactory(display_name="Anna <Admin> & Co")
    project = make_project(initiator, title="Garten & Co <Hof>")
    client = browser(app, initiator)
    post_news(client, project, title='Erde & "Samen" > Dünger', body="**Fett** <script>x</script>")
    post_news(client, project, title="Nicht für alle")
    hidden = db.session.scalar(select(ProjectUpdate).where(ProjectUpdate.title == "Nicht für alle"))
    hidden.hidden_at = utcnow()
    db.session.commit()

    for url in (f"/projects/{project.id}/updates.atom", "/updates.atom"):
        response = browser(app).get(url)
        assert response.status_code == 200
        assert response.mimetype == "application/atom+xml"
        root = ET.fromstring(response.get_data())  # noqa: S314 - our own feed
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        titles = [e.findtext(f"{ATOM}title") for e in entries]
        assert 'Garten & Co <Hof>: Erde & "Samen" > Dünger' in titles
        assert not any("Nicht für alle" in t for t in titles)
        entry = entries[0]
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Anna <Admin> & Co"
        assert "<strong>Fett</strong>" in entry.findtext(f"{ATOM}content")
        assert "<script>" not in response.get_data(as_text=True)


def test_news_of_a_blocked_author_is_hidden_and_out_of_the_feed(app):
    initiator = UserFactory()
    project = make_project(initiator)
    post_news(browser(app, initiator), project, title="Wird verborgen")
    from civic.accounts.models import User

    fresh(User, initiator.id).blocked_at = utcnow()
    db.session.commit()
    page = text_of(browser(app).get(f"/projects/{project.id}"))
    assert "Wird verborgen" not in page and "Hidden by moderation" in page
    feed = browser(app).get("/updates.atom").get_data(as_text=True)
    assert "Wird verborgen" not in feed
