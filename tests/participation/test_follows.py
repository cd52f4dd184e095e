"""Following projects, districts and topics: the buttons, the page of what I follow, the
automatic follows, and the news of a new project in a followed district or topic."""

from __future__ import annotations

from sqlalchemy import select

from civic.db import db
from civic.participation.models import Follow, FollowKind, Notification
from civic.projects.models import JoinRequest
from civic.projects.workflow import ProjectState
from tests.factories import DistrictFactory, TopicFactory, UserFactory, make_project
from tests.helpers import browser, post, submit, text_of


def follows(user):
    return {
        (f.kind, f.target_id)
        for f in db.session.scalars(select(Follow).where(Follow.user_id == user.id))
    }


def test_follow_and_unfollow_a_project(app):
    project = make_project(title="Repair-Café Pieschen")
    clara = UserFactory()
    client = browser(app, clara)
    assert "Follow this project" in text_of(client.get(f"/projects/{project.id}"))
    page = submit(
        client,
        f"/projects/{project.id}",
        {"next": f"/projects/{project.id}"},
        action=f"/follows/project/{project.id}",
        follow_redirects=True,
    )
    assert "You follow this project now." in text_of(page)
    assert "Unfollow this project" in text_of(page)
    assert follows(clara) == {(FollowKind.PROJECT, project.id)}
    # Twice changes nothing.
    post(client, f"/follows/project/{project.id}")
    assert len(follows(clara)) == 1

    listing = client.get("/following")
    assert "Repair-Café Pieschen" in text_of(listing)
    page = post(client, f"/follows/project/{project.id}/delete", {"next": "/following"})
    assert page.status_code == 302
    assert follows(clara) == set()
    assert "You follow nothing yet." in text_of(client.get("/following"))


def test_visitors_see_no_follow_button_and_cannot_follow(app):
    project = make_project()
    client = browser(app)
    assert "Follow this project" not in text_of(client.get(f"/projects/{project.id}"))
    assert client.get("/following").status_code in (302, 401)


def test_drafts_and_unknown_things_cannot_be_followed(app):
    draft = make_project(state=ProjectState.DRAFT)
    clara = UserFactory()
    client = browser(app, clara)
    page = client.post(
        f"/follows/project/{draft.id}",
        data={"csrf_token": _token(client)},
        follow_redirects=True,
    )
    assert "This no longer exists." in text_of(page)
    assert client.post("/follows/planet/1", data={"csrf_token": _token(client)}).status_code == 404
    assert follows(clara) == set()


def _token(client):
    from tests.helpers import csrf_token

    return csrf_token(client, "/imprint")


def test_follow_a_district_and_a_topic_from_the_project_list(app):
    district = DistrictFactory(name="Pieschen", slug="pieschen")
    topic = TopicFactory(name_en="Urban green", slug="stadtgruen")
    make_project(districts=[district], topics=[topic])
    clara = UserFactory()
    client = browser(app, clara)
    listing = text_of(client.get("/projects?district=pieschen&topic=stadtgruen"))
    assert "Follow the district Pieschen" in listing
    assert "Follow the topic Urban green" in listing
    post(client, f"/follows/district/{district.id}", {"next": "/projects?district=pieschen"})
    post(client, f"/follows/topic/{topic.id}")
    assert follows(clara) == {(FollowKind.DISTRICT, district.id), (FollowKind.TOPIC, topic.id)}
    assert "Unfollow the district Pieschen" in text_of(client.get("/projects?district=pieschen"))
    mine = text_of(client.get("/following"))
    assert "Pieschen" in mine and "Urban green" in mine
    assert "Follow the district" not in text_of(client.get("/projects"))


def test_supporting_joining_and_commenting_follow_the_project(app):
    initiator = UserFactory()
    project = make_project(initiator)
    supporter, joiner, commenter = UserFactory(), UserFactory(), UserFactory()
    post(browser(app, supporter), f"/projects/{project.id}/support")
    assert follows(supporter) == {(FollowKind.PROJECT, project.id)}

    db.session.add(JoinRequest(project_id=project.id, user_id=joiner.id, message="Hallo"))
    db.session.commit()
    request = db.session.scalar(select(JoinRequest).where(JoinRequest.user_id == joiner.id))
    from civic.projects import operations as project_ops

    with app.test_request_context():
        project_ops.accept_join_request(db.session.merge(initiator), request)
        db.session.commit()
    assert follows(joiner) == {(FollowKind.PROJECT, project.id)}

    submit(
        browser(app, commenter),
        f"/projects/{project.id}",
        {"body": "Gute Sache"},
        action=f"/projects/{project.id}/comments",
    )
    assert follows(commenter) == {(FollowKind.PROJECT, project.id)}


def test_publishing_tells_the_followers_of_its_districts_and_topics_once(app):
    district, other_district = DistrictFactory(), DistrictFactory()
    topic = TopicFactory()
    initiator = UserFactory()
    draft = make_project(initiator, state=ProjectState.DRAFT, districts=[district], topics=[topic])
    both, by_district, by_topic, elsewhere = (UserFactory() for _ in range(4))
    rows = [
        (both, FollowKind.DISTRICT, district.id),
        (both, FollowKind.TOPIC, topic.id),
        (by_district, FollowKind.DISTRICT, district.id),
        (by_topic, FollowKind.TOPIC, topic.id),
        (elsewhere, FollowKind.DISTRICT, other_district.id),
        (initiator, FollowKind.DISTRICT, district.id),
    ]
    for user, kind, target in rows:
        db.session.add(Follow(user_id=user.id, kind=kind, target_id=target))
    db.session.commit()

    post(browser(app, initiator), f"/projects/{draft.id}/publish")
    notes = db.session.scalars(select(Notification).where(Notification.kind == "projects")).all()
    assert sorted(n.user_id for n in notes) == sorted([both.id, by_district.id, by_topic.id])


def test_a_project_published_at_once_tells_the_district_followers(app):
    from civic.projects import operations as project_ops

    district, topic = DistrictFactory(), TopicFactory()
    follower, initiator = UserFactory(), UserFactory()
    db.session.add(Follow(user_id=follower.id, kind=FollowKind.DISTRICT, target_id=district.id))
    db.session.commit()
    with app.test_request_context():
        project_ops.create_project(
            db.session.merge(initiator),
            publish=True,
            title="Bücherschrank am Markt",
            summary="Ein offener Bücherschrank.",
            description="",
            concept="",
            district_ids=[district.id],
            topic_ids=[topic.id],
        )
        db.session.commit()
    (note,) = db.session.scalars(select(Notification).where(Notification.user_id == follower.id))
    assert note.kind == "projects" and "Bücherschrank am Markt" in note.subject
